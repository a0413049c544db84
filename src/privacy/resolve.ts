import type { Finding } from './types.js';

/**
 * Resolves overlapping findings to one: the highest confidence wins, then the longest span,
 * then the earliest. Returns non-overlapping findings sorted by start.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return findings.filter((f) => f.end > f.start);
  const ranked = [...findings].sort((a, b) =>
    b.confidence - a.confidence || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  // Characters already taken by a kept finding: linear in the spans' total length.
  let lo = Infinity;
  let hi = 0;
  for (const f of findings) {
    lo = Math.min(lo, f.start);
    hi = Math.max(hi, f.end);
  }
  const taken = new Uint8Array(Math.max(0, hi - lo));
  const kept: Finding[] = [];
  for (const f of ranked) {
    if (f.end <= f.start) continue;
    let free = true;
    for (let i = f.start - lo; i < f.end - lo; i++) {
      if (taken[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, f.start - lo, f.end - lo);
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
