import type { Finding } from './types.js';

/**
 * Resolves overlapping findings to one: the highest confidence wins, then the longest span,
 * then the earliest. A finding that contains another of the same type ranks at least as high
 * as it ("Justin Shore" from a signature beside "Justin" from the name lists: one person, the
 * whole name). Returns non-overlapping findings sorted by start.
 *
 * Works on indices into typed arrays of the findings' fields: the findings come from many
 * detectors in several object shapes, and comparators reading their fields directly were a
 * hot spot of `detect()`.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  const n = findings.length;
  if (n < 2) return findings.filter((f) => f.end > f.start);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const conf = new Float64Array(n);
  const type: string[] = new Array<string>(n);
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const f = findings[i]!;
    start[i] = f.start;
    end[i] = f.end;
    conf[i] = f.confidence;
    type[i] = f.type;
    if (f.start < lo) lo = f.start;
    if (f.end > hi) hi = f.end;
  }
  // By start, then the longer first; ties keep input order (a stable sort).
  const byStart = sortedIndices(n, (a, b) => start[a]! - start[b]! || end[b]! - end[a]! || a - b);
  const best = widerWins(byStart, start, end, conf, type);
  // Ranked among the findings in byStart order: confidence, then length, then start; ties keep that order.
  const pos = sortedIndices(n, (p, q) => best[q]! - best[p]! || (end[byStart[q]!]! - start[byStart[q]!]!) - (end[byStart[p]!]! - start[byStart[p]!]!) || start[byStart[p]!]! - start[byStart[q]!]! || p - q);
  // Characters already taken by a kept finding: linear in the spans' total length.
  const taken = new Uint8Array(Math.max(0, hi - lo));
  const keptPos: number[] = [];
  for (const p of pos) {
    const i = byStart[p]!;
    const s = start[i]! - lo;
    const e = end[i]! - lo;
    if (e <= s) continue;
    let free = true;
    for (let k = s; k < e; k++) {
      if (taken[k]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, s, e);
    keptPos.push(p);
  }
  // By start; kept findings never share a start, so ties do not arise.
  keptPos.sort((p, q) => start[byStart[p]!]! - start[byStart[q]!]! || p - q);
  return keptPos.map((p) => {
    const f = findings[byStart[p]!]!;
    return best[p] === f.confidence ? f : { ...f, confidence: best[p]! };
  });
}

function sortedIndices(n: number, cmp: (a: number, b: number) => number): number[] {
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort(cmp);
}

/**
 * For each finding in byStart order, the highest confidence of itself and the same-type
 * findings it contains.
 */
function widerWins(byStart: readonly number[], start: Int32Array, end: Int32Array, conf: Float64Array, type: readonly string[]): Float64Array {
  const n = byStart.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = byStart[i]!;
    const fs = start[f]!;
    const fe = end[f]!;
    const ft = type[f]!;
    let best = conf[f]!;
    for (let k = i + 1; k < n && start[byStart[k]!]! < fe; k++) {
      const g = byStart[k]!;
      if (type[g] === ft && end[g]! <= fe && end[g]! - start[g]! < fe - fs && conf[g]! > best) best = conf[g]!;
    }
    // Findings before i that start where f starts and are shorter are contained too ("Justin" and "Justin Shore" both at 0).
    for (let k = i - 1; k >= 0 && start[byStart[k]!]! === fs; k--) {
      const g = byStart[k]!;
      if (type[g] === ft && end[g]! < fe && conf[g]! > best) best = conf[g]!;
    }
    out[i] = best;
  }
  return out;
}
