/** Synthetic embeddings for the OOD tests: shared by ood.test.ts and ood-refit.test.ts. */
import { Matrix, Rng } from '../../src/core/index.js';

/** Width of the synthetic embeddings. */
export const D = 16;

/** Three in-distribution classes around a common centre; `shift` moves every row along dim 5 (a shifted cluster). */
export function data(seed: number, n: number, shift = 0): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < D; j++) X.set(i, j, 1 + (j === y[i] ? 1 : 0) + (j === 5 ? shift : 0) + 0.3 * rng.normal());
  }
  return { X, y };
}
