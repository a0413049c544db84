import type { Finding } from './types.js';

/**
 * Resolves overlapping findings to one: the highest confidence wins, then the longest span,
 * then the earliest. A finding that contains another of the same type ranks at least as high
 * as it ("Justin Shore" from a signature beside "Justin" from the name lists: one person, the
 * whole name). Returns non-overlapping findings sorted by start.
 *
 * Works on indices into typed arrays of the findings' fields: the findings come from many
 * detectors in several object shapes, and comparators reading their fields directly were a
 * hot spot of `detect()`. Findings are split by start into clusters that share no character
 * (most findings of a text overlap nothing): a lone finding is kept as it is, and only a
 * cluster of several is ranked.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  const n = findings.length;
  if (n < 2) return findings.filter((f) => f.end > f.start);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const conf = new Float64Array(n);
  const type: string[] = new Array<string>(n);
  let reversed = false;
  for (let i = 0; i < n; i++) {
    const f = findings[i]!;
    start[i] = f.start;
    end[i] = f.end;
    conf[i] = f.confidence;
    type[i] = f.type;
    if (f.end < f.start) reversed = true;
  }
  const order = byStartIndices(n, start);
  const best = new Float64Array(n);
  const out: Finding[] = [];
  // A finding ending before it starts is no span: rank everything together rather than reason about it.
  if (reversed) {
    resolveCluster(findings, order, 0, n, start, end, conf, type, best, out);
    return out;
  }
  // Clusters: runs of findings (by start) each of which starts before the previous ones end.
  // An empty finding reaches one character, so that a finding starting where it stands shares its cluster (it may contain it).
  let from = 0;
  let reach = -Infinity;
  for (let p = 0; p <= n; p++) {
    const i = order[p]!;
    if (p === n || (p > from && start[i]! >= reach)) {
      if (p - from === 1) {
        const f = findings[order[from]!]!;
        if (f.end > f.start) out.push(f);
      } else resolveCluster(findings, order, from, p, start, end, conf, type, best, out);
      if (p === n) break;
      from = p;
      reach = -Infinity;
    }
    reach = Math.max(reach, end[i]! > start[i]! ? end[i]! : start[i]! + 1);
  }
  return out;
}

/**
 * Ranks the findings order[from..to) (sorted by start, ties in index order) and appends those
 * kept to `out`, by start. `best` is scratch space indexed like the findings.
 */
function resolveCluster(
  findings: readonly Finding[], order: readonly number[], from: number, to: number,
  start: Int32Array, end: Int32Array, conf: Float64Array, type: readonly string[], best: Float64Array, out: Finding[],
): void {
  widerWins(order, from, to, start, end, conf, type, best);
  // Ranked by confidence, then length, then start; ties in input order (as a stable sort by start, longer first, would leave them).
  const ranked = order.slice(from, to);
  ranked.sort((a, b) => best[b]! - best[a]! || (end[b]! - start[b]!) - (end[a]! - start[a]!) || start[a]! - start[b]! || a - b);
  const kept: number[] = [];
  if (ranked.length <= 32) {
    // A few findings: test each against those kept (a shared character is an overlap).
    for (const i of ranked) {
      if (end[i]! <= start[i]!) continue;
      let free = true;
      for (const j of kept) {
        if (start[i]! < end[j]! && start[j]! < end[i]!) {
          free = false;
          break;
        }
      }
      if (free) kept.push(i);
    }
  } else {
    // Characters already taken by a kept finding: linear in the spans' total length.
    let lo = Infinity;
    let hi = 0;
    for (const i of ranked) {
      if (start[i]! < lo) lo = start[i]!;
      if (end[i]! > hi) hi = end[i]!;
    }
    const taken = new Uint8Array(Math.max(0, hi - lo));
    for (const i of ranked) {
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
      kept.push(i);
    }
  }
  // By start: kept findings never share one.
  kept.sort((a, b) => start[a]! - start[b]!);
  for (const i of kept) {
    const f = findings[i]!;
    out.push(best[i] === f.confidence ? f : { ...f, confidence: best[i]! });
  }
}

/** Indices 0..n-1 by start, ties in index order: a native sort of start·n + index when that is exact. */
function byStartIndices(n: number, start: Int32Array): number[] {
  let maxStart = 0;
  let minStart = 0;
  for (let i = 0; i < n; i++) {
    if (start[i]! > maxStart) maxStart = start[i]!;
    if (start[i]! < minStart) minStart = start[i]!;
  }
  const idx = new Array<number>(n);
  if (minStart === 0 && (maxStart + 1) * n < 2 ** 52) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = start[i]! * n + i;
    keys.sort();
    for (let i = 0; i < n; i++) idx[i] = keys[i]! % n;
    return idx;
  }
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort((a, b) => start[a]! - start[b]! || a - b);
}

/**
 * For each finding of order[from..to) (sorted by start, ties in index order), sets best[f] to
 * the highest confidence of itself and the same-type findings it contains (that start at or
 * after it, end at or before it, and are shorter).
 */
function widerWins(order: readonly number[], from: number, to: number, start: Int32Array, end: Int32Array, conf: Float64Array, type: readonly string[], out: Float64Array): void {
  for (let p = from; p < to; p++) {
    const f = order[p]!;
    const fs = start[f]!;
    const fe = end[f]!;
    const ft = type[f]!;
    const len = fe - fs;
    let best = conf[f]!;
    for (let q = p + 1; q < to && start[order[q]!]! < fe; q++) {
      const g = order[q]!;
      if (type[g] === ft && end[g]! <= fe && end[g]! - start[g]! < len && conf[g]! > best) best = conf[g]!;
    }
    // Same start, earlier in index order.
    for (let q = p - 1; q >= from && start[order[q]!]! === fs; q--) {
      const g = order[q]!;
      if (type[g] === ft && end[g]! < fe && conf[g]! > best) best = conf[g]!;
    }
    out[f] = best;
  }
}
