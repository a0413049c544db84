/**
 * The penalised multinomial cross-entropy and its gradient, in scikit-learn's
 * parametrisation divided by C·n so that values stay O(1) whatever the data size:
 *
 *   f(W, b) = (1/n) Σᵢ sᵢ · CE(softmax(W xᵢ + b), yᵢ) + ‖W‖² / (2·C·n)
 *
 * (same minimiser as sklearn's C·Σ CE + ½‖W‖²). With 2 classes the model is the binary
 * logistic regression sklearn fits (one weight vector, class 0's logit fixed at 0), so that
 * C means the same thing as in sklearn for binary tasks too.
 *
 * Parameters are one Float64Array: W (K'×d, row-major) followed by b (K'), where K' = K
 * for K > 2 classes and K' = 1 for K = 2.
 */

import { addMatmulTransA, GemmWorkspace, matmulTransB, softplus } from '../../math/index.js';
import type { SharedRows } from '../../math/index.js';

/** The rows a logistic fit reads: `rows` of X (all of its first n when absent). */
export interface LogisticRows {
  /**
   * Row-major, d columns: the embeddings as they are (Float32), or Float64. Never copied
   * whole: the products gather the rows they need once (see `prepare`).
   */
  X: Float32Array | Float64Array;
  /** Rows of X this problem uses, in order; absent: rows 0..n−1. */
  rows?: Int32Array;
  n: number;
  d: number;
  K: number;
  /**
   * X's rows in shared memory (`SharedRows.create(X, …)`), when the caller made them: the
   * workspaces then read the rows there, on any thread, instead of each holding a copy.
   */
  shared?: SharedRows | null;
}

export interface LogisticProblem extends LogisticRows {
  /** Class indices in 0..K-1, one per problem row. */
  y: Int32Array;
  /** Per-row weights (class weights), or null for all ones. */
  sw: Float64Array | null;
  C: number;
}

/**
 * A problem's rows in the form the products read, built once and reused by every objective
 * on the same rows (each C of a path): the wasm workspace (over the shared rows when there
 * are, else with its own copy of the rows), or a Float64 copy of the rows where SIMD is unavailable. One objective at a time may use it (it holds Z and G).
 */
export interface Prepared {
  ws: GemmWorkspace | null;
  X64: Float64Array | null;
}

/** Rows of W the model learns: K for softmax, 1 for the binary case. */
export function freeRows(K: number): number {
  return K === 2 ? 1 : K;
}

export function prepare(p: LogisticRows): Prepared {
  const Kp = freeRows(p.K);
  const ws = p.shared?.workspace(p.rows ?? null, p.n, Kp) ?? GemmWorkspace.fromRows(p.X, p.d, p.rows ?? null, p.n, Kp);
  if (ws !== null) return { ws, X64: null };
  const X64 = new Float64Array(p.n * p.d);
  if (p.rows === undefined) X64.set(p.X.subarray(0, p.n * p.d));
  else for (let i = 0; i < p.n; i++) X64.set(p.X.subarray(p.rows[i]! * p.d, (p.rows[i]! + 1) * p.d), i * p.d);
  return { ws: null, X64 };
}

/**
 * Writes ∇f into grad and returns f at `theta` ([W | b]). With `keep` (the second-order solver,
 * newton.ts): also writes there what the Hessian at theta needs per row, the probabilities
 * (n×K, softmax) or p(1 − p) (n, binary).
 */
export type LossGradient = (theta: Float64Array, grad: Float64Array, keep?: Float64Array) => number;

/**
 * The objective on prepared rows (`prep`, see `prepare`). `float32`: the softmax model's
 * products in Float32 where the workspace has them (`GemmWorkspace.forwardBackwardF32`);
 * everything else (residuals, loss, penalty) stays Float64.
 */
export function makeObjective(p: LogisticProblem, prep: Prepared = prepare(p), float32 = false): LossGradient {
  return p.K === 2 ? binaryObjective(p, prep) : softmaxObjective(p, prep, float32);
}

/**
 * Logits of every class (n×K, bias added) at `theta` for prepared rows: the binary model's
 * class 0 has logit 0. Uses the workspace's Z, so not while an objective on `prep` is running.
 */
export function classLogits(prep: Prepared, theta: Float64Array, n: number, d: number, K: number): Float64Array {
  const Kp = freeRows(K);
  const bOff = Kp * d;
  let Z: Float64Array, zs: number;
  if (prep.ws !== null) {
    prep.ws.W.set(theta.subarray(0, bOff));
    prep.ws.forward();
    Z = prep.ws.Z;
    zs = prep.ws.stride;
  } else {
    Z = new Float64Array(n * Kp);
    zs = Kp;
    matmulTransB(prep.X64!, n, d, theta, Kp, null, 0, Z);
  }
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) {
    if (K === 2) out[i * 2 + 1] = Z[i * zs]! + theta[d]!;
    else for (let k = 0; k < K; k++) out[i * K + k] = Z[i * zs + k]! + theta[bOff + k]!;
  }
  return out;
}

function softmaxObjective(p: LogisticProblem, prep: Prepared, float32: boolean): LossGradient {
  const { n, d, y, K, sw, C } = p;
  const W32 = float32 ? prep.ws?.W32 ?? null : null;
  // The two products run in wasm SIMD when available (same sums, about 2–3× faster), a tile
  // of rows at a time (forward, residuals, backward) so each tile of X is read from memory once.
  const { ws } = prep;
  const Z = ws === null ? new Float64Array(n * K) : ws.Z;
  const zs = ws === null ? K : ws.stride; // row stride of Z
  const bOff = K * d;
  const invN = 1 / n;
  const reg = 1 / (C * n);
  let theta: Float64Array, grad: Float64Array, kept: Float64Array | undefined, loss = 0;
  // Per row: CE = logsumexp(z) − z_y; then Z becomes the residual wᵢ (p − onehot(yᵢ)).
  const residual = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const zo = i * zs;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const v = Z[zo + k]! + theta[bOff + k]!;
        Z[zo + k] = v;
        if (v > max) max = v;
      }
      const yi = y[i]!;
      const zy = Z[zo + yi]!;
      // One exp per entry (kept in Z), not two: the softmax is e / Σe.
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(Z[zo + k]! - max);
        Z[zo + k] = e;
        sum += e;
      }
      const wi = sw === null ? invN : sw[i]! * invN;
      loss += wi * (max + Math.log(sum) - zy);
      const scale = wi / sum;
      if (kept !== undefined) for (let k = 0; k < K; k++) kept[i * K + k] = Z[zo + k]! / sum;
      for (let k = 0; k < K; k++) {
        const r = Z[zo + k]! * scale;
        Z[zo + k] = r;
        grad[bOff + k] = grad[bOff + k]! + r;
      }
      Z[zo + yi] = Z[zo + yi]! - wi;
      grad[bOff + yi] = grad[bOff + yi]! - wi;
    }
  };
  return (th, g, keep) => {
    theta = th;
    grad = g;
    kept = keep;
    loss = 0;
    grad.fill(0);
    // Forward: logits Z = X Wᵀ (+ b in residual); backward: ∇W = Rᵀ X.
    passOverRows(prep, W32, n, d, K, theta, Z, residual, grad);
    // The L2 penalty on W only (not on the intercept), as in sklearn.
    let pen = 0;
    for (let j = 0; j < bOff; j++) {
      const w = theta[j]!;
      pen += w * w;
      grad[j] = grad[j]! + reg * w;
    }
    return loss + 0.5 * reg * pen;
  };
}

function binaryObjective(p: LogisticProblem, prep: Prepared): LossGradient {
  const { n, d, y, sw, C } = p;
  // X w is a matrix–vector product: the wasm one-class kernels, fused by tiles as above.
  const { ws } = prep;
  const Z = ws === null ? new Float64Array(n) : ws.Z;
  const invN = 1 / n;
  const reg = 1 / (C * n);
  let b = 0, loss = 0, gb = 0;
  let kept: Float64Array | undefined;
  const residual = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const zi = Z[i]! + b;
      const yi = y[i] === 1 ? 1 : 0;
      const wi = sw === null ? invN : sw[i]! * invN;
      loss += wi * (softplus(zi) - yi * zi);
      const pi = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
      if (kept !== undefined) kept[i] = pi * (1 - pi);
      const r = wi * (pi - yi);
      Z[i] = r;
      gb += r;
    }
  };
  return (theta, grad, keep) => {
    b = theta[d]!;
    kept = keep;
    loss = 0;
    gb = 0;
    grad.fill(0);
    passOverRows(prep, null, n, d, 1, theta, Z, residual, grad);
    grad[d] = gb;
    let pen = 0;
    for (let j = 0; j < d; j++) {
      const w = theta[j]!;
      pen += w * w;
      grad[j] = grad[j]! + reg * w;
    }
    return loss + 0.5 * reg * pen;
  };
}

/**
 * One pass over the rows, shared by the objective and the Hessian–vector product: Z = X Wᵀ for
 * W = w[0, K·d); `rows` turns Z's rows into residuals in place (accumulating what else it needs);
 * then out[0, K·d) = Rᵀ X (out zeroed by the caller). A tile of rows at a time on the workspace's
 * wasm kernels, in Float32 when `W32` is given (W rounded to it), else in plain JavaScript.
 */
export function passOverRows(
  prep: Prepared, W32: Float32Array | null, n: number, d: number, K: number,
  w: Float64Array, Z: Float64Array, rows: (from: number, to: number) => void, out: Float64Array,
): void {
  const { ws } = prep;
  const kd = K * d;
  if (ws === null) {
    matmulTransB(prep.X64!, n, d, w, K, null, 0, Z);
    rows(0, n);
    addMatmulTransA(Z, n, K, prep.X64!, d, out);
  } else if (W32 !== null) {
    W32.set(w.subarray(0, kd));
    ws.forwardBackwardF32(rows);
    out.set(ws.G.subarray(0, kd), 0);
  } else {
    ws.W.set(w.subarray(0, kd));
    ws.forwardBackward(rows);
    out.set(ws.G.subarray(0, kd), 0);
  }
}
