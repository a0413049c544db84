import type { Finding } from './types.js';

/**
 * Resolves overlapping findings to one: the highest confidence wins, then the longest span,
 * then the earliest. A finding that contains another of the same type ranks at least as high
 * as it ("Justin Shore" from a signature beside "Justin" from the name lists: one person, the
 * whole name). Returns non-overlapping findings sorted by start.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return findings.filter((f) => f.end > f.start);
  const ranked = widerWins(findings).sort((a, b) =>
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

/** Copies of the findings where each takes the highest confidence of the same-type findings it contains. */
function widerWins(findings: readonly Finding[]): Finding[] {
  const byStart = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (let i = 0; i < byStart.length; i++) {
    const f = byStart[i]!;
    let best = f.confidence;
    for (let k = i + 1; k < byStart.length && byStart[k]!.start < f.end; k++) {
      const g = byStart[k]!;
      if (g.type === f.type && g.end <= f.end && g.end - g.start < f.end - f.start && g.confidence > best) best = g.confidence;
    }
    // Findings before i that start where f starts and are shorter are contained too ("Justin" and "Justin Shore" both at 0).
    for (let k = i - 1; k >= 0 && byStart[k]!.start === f.start; k--) {
      const g = byStart[k]!;
      if (g.type === f.type && g.end < f.end && g.confidence > best) best = g.confidence;
    }
    out.push(best === f.confidence ? f : { ...f, confidence: best });
  }
  return out;
}
