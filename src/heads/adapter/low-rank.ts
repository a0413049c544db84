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

/** Scratch buffers for one pair, reused across steps so training allocates nothing per pair. */
export class PairScratch {
  readonly h1: Float64Array;
  readonly h2: Float64Array;
  readonly z1: Float64Array;
  readonly z2: Float64Array;
  readonly g1: Float64Array;
  readonly g2: Float64Array;
  readonly gh: Float64Array;
  constructor(dim: number, rank: number) {
    this.h1 = new Float64Array(rank);
    this.h2 = new Float64Array(rank);
    this.z1 = new Float64Array(dim);
    this.z2 = new Float64Array(dim);
    this.g1 = new Float64Array(dim);
    this.g2 = new Float64Array(dim);
    this.gh = new Float64Array(rank);
  }
}

/**
 * SetFit's cosine-similarity loss for one pair, L = weight·(cos(z1, z2) − target)², adding
 * its gradient into gA, gB. Target 1 for a same-label pair, 0 for a different-label pair.
 * Returns the (weighted) loss.
 */
export function pairLossAndGrad(
  ad: LowRankAdapter, x1: ArrayLike<number>, x2: ArrayLike<number>, target: number, weight: number,
  gA: Float64Array, gB: Float64Array, s: PairScratch,
): number {
  const { h1, h2, z1, z2, g1, g2 } = s;
  ad.forwardRow(x1, h1, z1);
  ad.forwardRow(x2, h2, z2);
  let dot = 0;
  let n1 = 0;
  let n2 = 0;
  for (let i = 0; i < ad.dim; i++) {
    dot += z1[i]! * z2[i]!;
    n1 += z1[i]! * z1[i]!;
    n2 += z2[i]! * z2[i]!;
  }
  const norm1 = Math.sqrt(n1) || 1e-12;
  const norm2 = Math.sqrt(n2) || 1e-12;
  const cos = dot / (norm1 * norm2);
  const diff = cos - target;
  // dL/dcos, then dcos/dz1 = z2/(|z1||z2|) − cos·z1/|z1|² (and symmetrically for z2)
  const dc = 2 * diff * weight;
  const inv = 1 / (norm1 * norm2);
  for (let i = 0; i < ad.dim; i++) {
    g1[i] = dc * (z2[i]! * inv - (cos * z1[i]!) / n1);
    g2[i] = dc * (z1[i]! * inv - (cos * z2[i]!) / n2);
  }
  ad.backwardRow(x1, h1, g1, gA, gB, s.gh);
  ad.backwardRow(x2, h2, g2, gA, gB, s.gh);
  return weight * diff * diff;
}
