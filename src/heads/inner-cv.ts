/**
 * Helpers for choosing hyper-parameters by inner CV inside `fit`: how many folds the data
 * supports, and gathering a fold's rows. The folds themselves come from inner-split.ts.
 */

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
