/** Small dense-math kernels shared by the heads: tight loops over typed arrays, Float64 accumulation. */

import type { Matrix } from '../core/index.js';

/** A Float64 copy of a matrix's data (row-major), so solvers accumulate in double precision. */
export function toFloat64(X: Matrix): Float64Array {
  return Float64Array.from(X.data);
}

/** Dot product of a[aOff..aOff+n) and b[bOff..bOff+n), four accumulators to break the add chain. */
export function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += a[aOff + j]! * b[bOff + j]!;
    s1 += a[aOff + j + 1]! * b[bOff + j + 1]!;
    s2 += a[aOff + j + 2]! * b[bOff + j + 2]!;
    s3 += a[aOff + j + 3]! * b[bOff + j + 3]!;
  }
  for (; j < n; j++) s0 += a[aOff + j]! * b[bOff + j]!;
  return (s0 + s1) + (s2 + s3);
}

/**
 * Row-wise L2 normalisation into a new Float32Array. A zero row stays zero (its cosine
 * similarity to everything is then 0, not NaN).
 */
export function l2NormalizeRows(data: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    const norm = Math.sqrt(dot(data, off, data, off, cols));
    if (norm === 0) continue;
    const inv = 1 / norm;
    for (let j = 0; j < cols; j++) out[off + j] = data[off + j]! * inv;
  }
  return out;
}

/** Row-wise softmax in place over `k` columns. */
export function softmaxRows(z: Float32Array | Float64Array, k: number): void {
  for (let o = 0; o < z.length; o += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, z[o + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) s += z[o + j] = Math.exp(z[o + j]! - m);
    for (let j = 0; j < k; j++) z[o + j] = z[o + j]! / s;
  }
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Largest absolute value in a vector (the gradient's infinity norm). */
export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m) m = a;
  }
  return m;
}

/** Mean negative log-likelihood of the true classes under row-major probabilities (K columns). */
export function logLoss(proba: ArrayLike<number>, y: ArrayLike<number>, K: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(proba[i * K + y[i]!]!, 1e-300));
  return s / Math.max(y.length, 1);
}
