/** Gathering a subset of rows (a fold's) of a typed array. */

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
