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

export interface LogisticProblem {
  /** Row-major n×d, Float64. */
  X: Float64Array;
  /** The same X as Float32, when every value is one (embeddings): lets the binary kernels read half the bytes. */
  X32?: Float32Array;
  n: number;
  d: number;
  /** Class indices in 0..K-1. */
  y: Int32Array;
  K: number;
  /** Per-row weights (class weights), or null for all ones. */
  sw: Float64Array | null;
  C: number;
}

/** Rows of W the model learns: K for softmax, 1 for the binary case. */
export function freeRows(K: number): number {
  return K === 2 ? 1 : K;
}

/** Returns f and writes ∇f into grad; `theta` is [W | b]. */
export function makeObjective(p: LogisticProblem): (theta: Float64Array, grad: Float64Array) => number {
  return p.K === 2 ? binaryObjective(p) : softmaxObjective(p);
}

function softmaxObjective(p: LogisticProblem): (theta: Float64Array, grad: Float64Array) => number {
  const { X, n, d, y, K, sw, C } = p;
  // The two products run in wasm SIMD when available (same sums, about 2–3× faster), a tile
  // of rows at a time (forward, residuals, backward) so each tile of X is read from memory once.
  const ws = GemmWorkspace.create(X, n, d, K);
  const Z = ws === null ? new Float64Array(n * K) : ws.Z;
  const zs = ws === null ? K : ws.stride; // row stride of Z
  const bOff = K * d;
  const invN = 1 / n;
  const reg = 1 / (C * n);
  let theta: Float64Array, grad: Float64Array, loss = 0;
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
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(Z[zo + k]! - max);
      const yi = y[i]!;
      const wi = sw === null ? invN : sw[i]! * invN;
      const lse = max + Math.log(sum);
      loss += wi * (lse - Z[zo + yi]!);
      for (let k = 0; k < K; k++) {
        const r = wi * Math.exp(Z[zo + k]! - lse);
        Z[zo + k] = r;
        grad[bOff + k] = grad[bOff + k]! + r;
      }
      Z[zo + yi] = Z[zo + yi]! - wi;
      grad[bOff + yi] = grad[bOff + yi]! - wi;
    }
  };
  return (th, g) => {
    theta = th;
    grad = g;
    loss = 0;
    grad.fill(0);
    if (ws === null) {
      // Forward: logits Z = X Wᵀ (+ b in residual); backward: ∇W = Rᵀ X.
      matmulTransB(X, n, d, theta, K, null, 0, Z);
      residual(0, n);
      addMatmulTransA(Z, n, K, X, d, grad);
    } else {
      ws.W.set(theta.subarray(0, bOff));
      ws.forwardBackward(residual);
      grad.set(ws.G.subarray(0, bOff), 0);
    }
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

function binaryObjective(p: LogisticProblem): (theta: Float64Array, grad: Float64Array) => number {
  const { X, n, d, y, sw, C } = p;
  // X w is a matrix–vector product: the wasm one-class kernels, fused by tiles as above.
  const ws = GemmWorkspace.create(X, n, d, 1, p.X32);
  const Z = ws === null ? new Float64Array(n) : ws.Z;
  const invN = 1 / n;
  const reg = 1 / (C * n);
  let b = 0, loss = 0, gb = 0;
  const residual = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const zi = Z[i]! + b;
      const yi = y[i] === 1 ? 1 : 0;
      const wi = sw === null ? invN : sw[i]! * invN;
      loss += wi * (softplus(zi) - yi * zi);
      const pi = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
      const r = wi * (pi - yi);
      Z[i] = r;
      gb += r;
    }
  };
  return (theta, grad) => {
    b = theta[d]!;
    loss = 0;
    gb = 0;
    grad.fill(0);
    if (ws === null) {
      matmulTransB(X, n, d, theta, 1, null, 0, Z);
      residual(0, n);
      addMatmulTransA(Z, n, 1, X, d, grad);
    } else {
      ws.W.set(theta.subarray(0, d));
      ws.forwardBackward(residual);
      grad.set(ws.G.subarray(0, d), 0);
    }
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
