/** Seeded toy embeddings for the mlp/adapter/ensemble/multi-label tests: Gaussian blobs, XOR, accuracy. */
import { Matrix, Rng } from '../../src/core/index.js';
import { accuracy as labelAccuracy, argmaxRows } from '../../src/eval/index.js';

/** `perClass` rows per class around random unit centres in `dim` dimensions. */
export function toyBlobs(classes: number, perClass: number, dim: number, seed: number, noise = 0.3): { X: Matrix; y: Int32Array; labels: string[] } {
  const rng = new Rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dim }, () => rng.normal()));
  const n = classes * perClass;
  const X = new Matrix(n, dim);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let j = 0; j < dim; j++) X.set(i, j, centres[c]![j]! + noise * rng.normal());
  }
  return { X, y, labels: Array.from({ length: classes }, (_, c) => `class-${String(c).padStart(2, '0')}`) };
}

/** XOR in the first two columns (label = sign(x0·x1)), plus noise columns: not linearly separable. */
export function xor(n: number, dim: number, seed: number): { X: Matrix; y: Int32Array; labels: string[] } {
  const rng = new Rng(seed);
  const X = new Matrix(n, dim);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) X.set(i, j, rng.normal() * (j < 2 ? 1 : 0.1));
    y[i] = X.get(i, 0) * X.get(i, 1) > 0 ? 1 : 0;
  }
  return { X, y, labels: ['negative', 'positive'] };
}

/** Share of rows whose most probable class is the true one. */
export function accuracy(P: Matrix, y: Int32Array): number {
  return labelAccuracy(y, argmaxRows(P));
}
