/**
 * One fold of logistic's C search: warm-started fits along the grid on the fold's training
 * rows, each scored on its held-out rows. The fold's rows get one workspace (and the held-out
 * rows another) that every C reuses: over the problem's shared rows when it has them (a
 * fold then costs its row list and logits, no copy of its rows), else holding a copy of them.
 * A pure function of its inputs: the same on any thread, which is what lets the folds run
 * on worker threads (path-pool.ts).
 */
import { gather } from '../../math/index.js';
import type { SharedRows } from '../../math/index.js';
import { classLogits, prepare } from './objective.js';
import { fitLogistic, type SolveOptions } from './solve.js';

/** Every row of a problem (compact class indices) that folds pick their rows from. */
export interface PathData {
  X: Float32Array | Float64Array;
  n: number;
  d: number;
  /** Compact class indices 0..K−1 of all n rows. */
  y: Int32Array;
  K: number;
  sw: Float64Array | null;
  /** X's rows in shared memory, read in place by every fold's workspaces (absent: each copies its rows). */
  shared?: SharedRows | null;
}

export interface FoldPath {
  /** [W | b] at each C of the grid (warm-started from the previous C). */
  thetas: Float64Array[];
  /** Held-out logits (test rows × K, bias added) at each C. */
  logits: Float64Array[];
  /** Weighted held-out log-loss summed over the test rows, at each C. */
  loss: number[];
  /** L-BFGS steps at each C. */
  iterations: number[];
  notConverged: number;
  /** Wall seconds the fold took. */
  seconds: number;
}

/** `onFit(c)`: called as the fit at Cs[c] is done (progress). */
export function foldPath(
  data: PathData, train: Int32Array, test: Int32Array, Cs: readonly number[], solve: Omit<SolveOptions, 'signal'>,
  signal?: AbortSignal, onFit?: (c: number) => void,
): FoldPath {
  const t0 = performance.now();
  const { X, d, K, shared } = data;
  const sub = { X, rows: train, n: train.length, d, K, y: gather(data.y, train), sw: data.sw === null ? null : gather(data.sw, train), shared };
  const fitRows = prepare(sub);
  const heldRows = prepare({ X, rows: test, n: test.length, d, K, shared });
  const out: FoldPath = { thetas: [], logits: [], loss: [], iterations: [], notConverged: 0, seconds: 0 };
  let warm: Float64Array | null = null;
  for (const [c, C] of Cs.entries()) {
    const fit = fitLogistic({ ...sub, C }, warm, { ...solve, signal }, fitRows);
    if (!fit.converged) out.notConverged++;
    warm = fit.theta;
    const Z = classLogits(heldRows, fit.theta, test.length, d, K);
    out.thetas.push(fit.theta);
    out.logits.push(Z);
    out.loss.push(heldOutLoss(Z, test, data));
    out.iterations.push(fit.iterations);
    onFit?.(c);
  }
  out.seconds = (performance.now() - t0) / 1000;
  return out;
}

/** Σ over held-out rows of sᵢ · (logsumexp(zᵢ) − z_{i,yᵢ}): the weighted log-loss, not averaged. */
function heldOutLoss(Z: Float64Array, test: Int32Array, data: PathData): number {
  const K = data.K;
  let s = 0;
  for (let r = 0; r < test.length; r++) {
    const zo = r * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (Z[zo + k]! > max) max = Z[zo + k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(Z[zo + k]! - max);
    const i = test[r]!;
    const w = data.sw === null ? 1 : data.sw[i]!;
    s += w * (max + Math.log(sum) - Z[zo + data.y[i]!]!);
  }
  return s;
}
