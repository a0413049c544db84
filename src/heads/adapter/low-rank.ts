/**
 * The residual low-rank transform z = x + B·(A·x), with A: rank×dim and B: dim×rank, and the
 * cosine-similarity pair loss that trains it. B starts at zero (as in LoRA), so an untrained
 * adapter is exactly the identity and training can only move away from the backbone's
 * geometry as far as the pairs ask for.
 *
 * Forward and backward are written by hand; test/heads/adapter.test.ts checks the gradient
 * against central finite differences.
 */
import { Matrix, Rng } from '../../core/index.js';

export class LowRankAdapter {
  constructor(
    readonly dim: number,
    readonly rank: number,
    /** rank×dim, row-major. */
    readonly a: Float32Array,
    /** dim×rank, row-major. */
    readonly b: Float32Array,
  ) {}

  /** A ~ N(0, 1/dim) so A·x has unit-scale entries for unit-norm x; B = 0 (identity start). */
  static init(dim: number, rank: number, rng: Rng): LowRankAdapter {
    const a = new Float32Array(rank * dim);
    const s = 1 / Math.sqrt(dim);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal() * s;
    return new LowRankAdapter(dim, rank, a, new Float32Array(dim * rank));
  }

  /** h = A·x (rank) and z = x + B·h (dim), in double precision. */
  forwardRow(x: ArrayLike<number>, h: Float64Array, z: Float64Array): void {
    const { dim, rank, a, b } = this;
    for (let k = 0; k < rank; k++) {
      let s = 0;
      const o = k * dim;
      for (let i = 0; i < dim; i++) s += a[o + i]! * x[i]!;
      h[k] = s;
    }
    for (let i = 0; i < dim; i++) {
      let s = x[i]!;
      const o = i * rank;
      for (let k = 0; k < rank; k++) s += b[o + k]! * h[k]!;
      z[i] = s;
    }
  }

  /**
   * Given dL/dz for input x (with h = A·x from the forward pass), adds dL/dA and dL/dB
   * into gA, gB. `gh` is scratch of length rank.
   */
  backwardRow(x: ArrayLike<number>, h: Float64Array, gz: Float64Array, gA: Float64Array, gB: Float64Array, gh: Float64Array): void {
    const { dim, rank, b } = this;
    gh.fill(0);
    for (let i = 0; i < dim; i++) {
      const g = gz[i]!;
      if (g === 0) continue;
      const o = i * rank;
      for (let k = 0; k < rank; k++) {
        gB[o + k] = gB[o + k]! + g * h[k]!;
        gh[k] = gh[k]! + g * b[o + k]!;
      }
    }
    for (let k = 0; k < rank; k++) {
      const g = gh[k]!;
      if (g === 0) continue;
      const o = k * dim;
      for (let i = 0; i < dim; i++) gA[o + i] = gA[o + i]! + g * x[i]!;
    }
  }

  /** Adapted rows; with `normalize`, each row is scaled to unit length (the loss sees only angles). */
  transform(X: Matrix, normalize: boolean): Matrix {
    const out = new Matrix(X.rows, this.dim);
    const h = new Float64Array(this.rank);
    const z = new Float64Array(this.dim);
    for (let r = 0; r < X.rows; r++) {
      this.forwardRow(X.row(r), h, z);
      let n = 1;
      if (normalize) {
        let s = 0;
        for (let i = 0; i < this.dim; i++) s += z[i]! * z[i]!;
        n = s > 0 ? 1 / Math.sqrt(s) : 1;
      }
      const o = r * this.dim;
      for (let i = 0; i < this.dim; i++) out.data[o + i] = z[i]! * n;
    }
    return out;
  }
}

/** Scratch for one batch of `m` rows, reused across steps so training allocates nothing per step. */
export class BatchScratch {
  readonly H: Float64Array;
  readonly Z: Float64Array;
  readonly U: Float64Array;
  readonly G: Float64Array;
  readonly norms: Float64Array;
  readonly gz: Float64Array;
  readonly gh: Float64Array;
  constructor(readonly m: number, dim: number, rank: number) {
    this.H = new Float64Array(m * rank);
    this.Z = new Float64Array(m * dim);
    this.U = new Float64Array(m * dim);
    this.G = new Float64Array(m * dim);
    this.norms = new Float64Array(m);
    this.gz = new Float64Array(dim);
    this.gh = new Float64Array(rank);
  }
}

/**
 * SetFit's cosine-similarity loss over every pair inside a batch of rows:
 * L = Σ_pairs w·(cos(z_i, z_j) − t)², t = 1 for same-label pairs and 0 otherwise, with the
 * positive and the negative pairs each carrying half the weight (SetFit samples them 1:1).
 * A batch of m rows yields m(m−1)/2 pairs for the price of m adapter passes, and memory
 * stays O(m·dim + m²) whatever the dataset. Adds dL/dA and dL/dB into gA, gB; returns L.
 */
export function batchLossAndGrad(
  ad: LowRankAdapter, rows: readonly ArrayLike<number>[], y: ArrayLike<number>,
  gA: Float64Array, gB: Float64Array, s: BatchScratch,
): number {
  const m = rows.length;
  const { dim, rank } = ad;
  const { H, Z, U, G, norms } = s;
  // forward: z = x + B·A·x, u = z/|z|
  for (let i = 0; i < m; i++) {
    const h = H.subarray(i * rank, (i + 1) * rank);
    const z = Z.subarray(i * dim, (i + 1) * dim);
    ad.forwardRow(rows[i]!, h, z);
    let n = 0;
    for (let k = 0; k < dim; k++) n += z[k]! * z[k]!;
    norms[i] = Math.sqrt(n) || 1e-12;
    for (let k = 0; k < dim; k++) U[i * dim + k] = z[k]! / norms[i]!;
  }
  let pos = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) if (y[i] === y[j]) pos++;
  const neg = (m * (m - 1)) / 2 - pos;
  const wPos = pos > 0 ? (neg > 0 ? 0.5 : 1) / pos : 0;
  const wNeg = neg > 0 ? (pos > 0 ? 0.5 : 1) / neg : 0;
  // loss and dL/du_i = Σ_j 2w(cos_ij − t_ij)·u_j
  G.fill(0);
  let loss = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      let c = 0;
      for (let k = 0; k < dim; k++) c += U[i * dim + k]! * U[j * dim + k]!;
      const same = y[i] === y[j];
      const w = same ? wPos : wNeg;
      const diff = c - (same ? 1 : 0);
      loss += w * diff * diff;
      const g = 2 * w * diff;
      for (let k = 0; k < dim; k++) {
        G[i * dim + k] = G[i * dim + k]! + g * U[j * dim + k]!;
        G[j * dim + k] = G[j * dim + k]! + g * U[i * dim + k]!;
      }
    }
  }
  // through the normalisation, dL/dz = (g − (g·u)u)/|z|, then through the adapter
  for (let i = 0; i < m; i++) {
    let gu = 0;
    for (let k = 0; k < dim; k++) gu += G[i * dim + k]! * U[i * dim + k]!;
    for (let k = 0; k < dim; k++) s.gz[k] = (G[i * dim + k]! - gu * U[i * dim + k]!) / norms[i]!;
    ad.backwardRow(rows[i]!, H.subarray(i * rank, (i + 1) * rank), s.gz, gA, gB, s.gh);
  }
  return loss;
}
