/**
 * Logistic's choice of C: stratified folds, each fold a warm-started path over the grid
 * (path.ts, on as many threads as given), C by mean held-out log-loss, and the refit's start
 * as sklearn's LogisticRegressionCV takes it (the folds' mean solution at the chosen C).
 */
import { Matrix, Rng } from '../../core/index.js';
import type { ProgressFn } from '../../core/index.js';
import type { InnerPath } from '../head.js';
import { foldIndices, innerFoldCount, stratifiedFolds } from '../../math/index.js';
import { freeRows } from './objective.js';
import type { FoldPath, PathData } from './path.js';
import { foldPaths } from './path-pool.js';
import type { SolveOptions } from './solve.js';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
  path: FoldPath;
}

export interface Search {
  /** The chosen C: least held-out log-loss summed over the folds (ties keep the smaller C). */
  C: number;
  /** Index of C in the grid. */
  best: number;
  /** Mean of the folds' solutions at C (the final fit's start). */
  start: Float64Array;
  /** Held-out logits (n×K, compact classes) at C: each row from the fold that did not train on it. */
  logits: Float64Array;
  folds: Fold[];
  notConverged: number;
  /** Held-out accuracy at every C of the grid, over all rows (the overfitting verdict's evidence). */
  path: InnerPath;
}

/** The search's folds: stratified on the compact labels, seeded; fewer when the rarest class is small. */
export function searchFolds(y: Int32Array, K: number, wanted: number, seed: number): { train: Int32Array; test: Int32Array }[] | null {
  const k = innerFoldCount(y, K, wanted);
  if (k < 2) return null;
  const assign = stratifiedFolds(y, K, k, new Rng(seed));
  return Array.from({ length: k }, (_, f) => foldIndices(assign, f));
}

export async function searchC(
  data: PathData, folds: readonly { train: Int32Array; test: Int32Array }[], Cs: readonly number[], solve: SolveOptions, threads: number,
  onProgress?: ProgressFn,
): Promise<Search> {
  const paths = await foldPaths(data, folds, Cs, solve, threads, onProgress);
  const loss = Cs.map((_, c) => paths.reduce((s, p) => s + p.loss[c]!, 0));
  const best = argmin(loss);
  const size = (data.d + 1) * freeRows(data.K);
  const start = new Float64Array(size);
  const logits = new Float64Array(data.n * data.K);
  paths.forEach((p, f) => {
    const th = p.thetas[best]!;
    for (let j = 0; j < size; j++) start[j] = start[j]! + th[j]!;
    const Z = p.logits[best]!;
    folds[f]!.test.forEach((i, r) => logits.set(Z.subarray(r * data.K, (r + 1) * data.K), i * data.K));
  });
  for (let j = 0; j < size; j++) start[j] = start[j]! / folds.length;
  return {
    C: Cs[best]!, best, start, logits,
    folds: folds.map((f, j) => ({ ...f, path: paths[j]! })),
    notConverged: paths.reduce((s, p) => s + p.notConverged, 0),
    path: {
      param: 'C', rows: data.n,
      points: Cs.map((C, c) => ({ value: C, heldOutAccuracy: paths.reduce((s, p, f) => s + hits(p.logits[c]!, folds[f]!.test, data), 0) / data.n })),
    },
  };
}

/**
 * The grid index a fold's reported score uses: the least held-out loss summed over the
 * *other* folds, so that no fold is scored at a C chosen on its own held-out rows.
 */
export function reportedIndex(search: Search, fold: number): number {
  const nC = search.folds[0]!.path.loss.length;
  const loss = Array.from({ length: nC }, (_, c) => search.folds.reduce((s, f, g) => (g === fold ? s : s + f.path.loss[c]!), 0));
  return argmin(loss);
}

/** One fold's held-out accuracy at every C of the grid: the path its reported fit is judged by. */
export function foldInnerPath(path: FoldPath, test: Int32Array, Cs: readonly number[], data: PathData): InnerPath {
  return { param: 'C', rows: test.length, points: Cs.map((C, c) => ({ value: C, heldOutAccuracy: hits(path.logits[c]!, test, data) / test.length })) };
}

/** Held-out rows whose largest logit is their own class (logits: test rows × K, compact classes). */
function hits(logits: Float64Array, test: Int32Array, data: PathData): number {
  const K = data.K;
  let n = 0;
  test.forEach((i, r) => {
    let top = 0;
    for (let k = 1; k < K; k++) if (logits[r * K + k]! > logits[r * K + top]!) top = k;
    if (top === data.y[i]) n++;
  });
  return n;
}

function argmin(v: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < v.length; c++) if (v[c]! < v[best]!) best = c;
  return best;
}

/** Softmax of held-out logits over the present classes, as an n×K probability matrix (0 for absent labels). */
export function outOfFoldProba(logits: Float64Array, present: readonly number[], K: number, n: number): Matrix {
  const Kp = present.length;
  const P = new Matrix(n, K);
  for (let i = 0; i < n; i++) {
    const zo = i * Kp;
    let max = -Infinity;
    for (let k = 0; k < Kp; k++) if (logits[zo + k]! > max) max = logits[zo + k]!;
    let sum = 0;
    for (let k = 0; k < Kp; k++) sum += Math.exp(logits[zo + k]! - max);
    for (let k = 0; k < Kp; k++) P.data[i * K + present[k]!] = Math.exp(logits[zo + k]! - max) / sum;
  }
  return P;
}
