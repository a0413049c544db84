/**
 * The two dense products the linear heads spend their time in, blocked four rows at a time
 * so that each weight/gradient value loaded from cache serves four rows (V8 keeps the four
 * accumulators in registers). Row-major Float64 throughout.
 */

/** Z (n×K) = X (n×d) · Wᵀ (W is K×d), plus bias b (K) when given. */
export function matmulTransB(
  X: Float64Array, n: number, d: number, W: Float64Array, K: number, b: Float64Array | null, bOff: number, Z: Float64Array,
): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
    const z0 = i * K, z1 = z0 + K, z2 = z1 + K, z3 = z2 + K;
    for (let k = 0; k < K; k++) {
      const wo = k * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < d; j++) {
        const w = W[wo + j]!;
        s0 += X[x0 + j]! * w;
        s1 += X[x1 + j]! * w;
        s2 += X[x2 + j]! * w;
        s3 += X[x3 + j]! * w;
      }
      const bk = b === null ? 0 : b[bOff + k]!;
      Z[z0 + k] = s0 + bk;
      Z[z1 + k] = s1 + bk;
      Z[z2 + k] = s2 + bk;
      Z[z3 + k] = s3 + bk;
    }
  }
  for (; i < n; i++) {
    const xo = i * d;
    for (let k = 0; k < K; k++) {
      const wo = k * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += X[xo + j]! * W[wo + j]!;
      Z[i * K + k] = s + (b === null ? 0 : b[bOff + k]!);
    }
  }
}

/** G (K×d) += Rᵀ (R is n×K) · X (n×d). */
export function addMatmulTransA(
  R: Float64Array, n: number, K: number, X: Float64Array, d: number, G: Float64Array,
): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
    const r0o = i * K;
    for (let k = 0; k < K; k++) {
      const r0 = R[r0o + k]!, r1 = R[r0o + K + k]!, r2 = R[r0o + 2 * K + k]!, r3 = R[r0o + 3 * K + k]!;
      const go = k * d;
      for (let j = 0; j < d; j++) {
        G[go + j] = G[go + j]! + r0 * X[x0 + j]! + r1 * X[x1 + j]! + r2 * X[x2 + j]! + r3 * X[x3 + j]!;
      }
    }
  }
  for (; i < n; i++) {
    const xo = i * d;
    for (let k = 0; k < K; k++) {
      const r = R[i * K + k]!;
      const go = k * d;
      for (let j = 0; j < d; j++) G[go + j] = G[go + j]! + r * X[xo + j]!;
    }
  }
}
