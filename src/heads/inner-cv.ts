/**
 * Stratified inner folds for choosing hyper-parameters inside `fit`. Deliberately local to
 * heads: evaluation (src/eval) has its own outer splits and heads must not depend on it.
 */

import { Rng } from '../core/index.js';

/**
 * Assigns each row a fold in 0..k-1 so that every class is spread evenly over the folds.
 * Classes are dealt round-robin after a seeded shuffle; the running offset carries over
 * from class to class so that fold sizes stay balanced too.
 */
export function stratifiedFolds(y: Int32Array, nClasses: number, k: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const byClass: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]!]!.push(i);
  const fold = new Int32Array(y.length);
  let next = 0;
  for (const rows of byClass) {
    rng.shuffle(rows);
    for (const i of rows) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/** Row indices in and out of fold `f`. */
export function foldSplit(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) nTest++;
  const train = new Int32Array(fold.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0, b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/**
 * How many inner folds the data supports: at most `wanted`, and no more than the smallest
 * class among those present has rows (each fold should see every class). Below 2, inner
 * CV is impossible and callers fall back to a default with a warning.
 */
export function innerFoldCount(y: Int32Array, nClasses: number, wanted: number): number {
  const counts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const present = counts.filter((c) => c > 0);
  return Math.min(wanted, ...present);
}

/** Gathers rows of a row-major array into a new array of the same kind. */
export function gatherRows<A extends Float64Array | Float32Array>(data: A, cols: number, rows: Int32Array): A {
  const out = new (data.constructor as new (n: number) => A)(rows.length * cols);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    out.set(data.subarray(i * cols, (i + 1) * cols), r * cols);
  }
  return out;
}

/** Gathers entries of a typed array. */
export function gather<A extends Int32Array | Float64Array>(v: A, idx: Int32Array): A {
  const out = new (v.constructor as new (n: number) => A)(idx.length);
  for (let r = 0; r < idx.length; r++) out[r] = v[idx[r]!]!;
  return out;
}
