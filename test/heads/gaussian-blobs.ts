/** Seeded Gaussian blobs: the synthetic data the head tests fit on. */

import { Matrix, Rng } from '../../src/core/index.js';

export interface Blobs {
  X: Matrix;
  y: Int32Array;
  labels: string[];
}

/**
 * `n` rows in `d` dimensions around `classes` random centres (unit-variance coordinates),
 * with per-coordinate noise `spread`. Rows cycle through the classes, so every class has
 * n/classes rows.
 */
export function blobs(opts: { n: number; d: number; classes: number; seed: number; spread?: number }): Blobs {
  const { n, d, classes, seed } = opts;
  const spread = opts.spread ?? 1;
  const rng = new Rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: d }, () => rng.normal()));
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let j = 0; j < d; j++) X.data[i * d + j] = centres[c]![j]! + spread * rng.normal();
  }
  const labels = Array.from({ length: classes }, (_, c) => `class-${String.fromCharCode(97 + c)}`);
  return { X, y, labels };
}

/** Same-shaped fresh rows from the same centres (a test set). */
export function blobsWithTest(opts: { n: number; nTest: number; d: number; classes: number; seed: number; spread?: number }):
  { train: Blobs; test: Blobs } {
  const all = blobs({ ...opts, n: opts.n + opts.nTest });
  const idx = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const split = (rows: number[]): Blobs => ({
    X: all.X.selectRows(rows),
    y: Int32Array.from(rows, (i) => all.y[i]!),
    labels: all.labels,
  });
  return { train: split(idx(0, opts.n)), test: split(idx(opts.n, opts.n + opts.nTest)) };
}
