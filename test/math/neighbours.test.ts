import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { nearest, nearestSegments, nearestSparse, sparseColumnsOf, sparseQueries } from '../../src/math/index.js';
import type { Neighbours } from '../../src/math/index.js';

function unitRows(n: number, d: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (a[i * d + j] = rng.next() - 0.5) ** 2;
    for (let j = 0; j < d; j++) a[i * d + j]! /= Math.sqrt(s);
  }
  return a;
}

test('nearestSegments gives, for each segment, exactly what nearest gives against that segment alone', () => {
  const rng = new Rng(11);
  // d = 64 takes the wasm kernels, d = 7 the JS fallback; segments of odd sizes, fewer rows than k, and none.
  for (const d of [64, 7]) {
    const segments = [103, 1, 0, 3, 260, 57];
    const n = segments.reduce((a, b) => a + b, 0);
    const train = unitRows(n, d, rng);
    const queries = unitRows(70, d, rng);
    const got = nearestSegments(train, segments, d, queries, 70, 5);
    let start = 0;
    segments.forEach((m, s) => {
      const alone = nearest(train.subarray(start * d, (start + m) * d), m, d, queries, 70, 5);
      assert.equal(got[s]!.k, Math.min(5, m), `segment ${s}: k`);
      assert.deepEqual(Array.from(got[s]!.sim), Array.from(alone.sim), `d ${d} segment ${s}: similarities`);
      assert.deepEqual(Array.from(got[s]!.index), Array.from(alone.index), `d ${d} segment ${s}: indices within the segment`);
      start += m;
    });
  }
});

test('a query gets the same bits alone, in a small batch and in a large one, from a Float32 or a Float64 reference', () => {
  const rng = new Rng(12);
  // d = 64: the wasm kernel for batches, its lane order in JS for up to 4 queries; d = 7: the JS fallback throughout.
  for (const d of [64, 7]) {
    const n = 301;
    const train32 = Float32Array.from(unitRows(n, d, rng));
    const train64 = Float64Array.from(train32);
    const queries = unitRows(70, d, rng);
    const batch = nearest(train64, n, d, queries, 70, 5);
    for (const q of [0, 3, 65]) {
      const one = queries.subarray(q * d, (q + 1) * d);
      for (const [what, got] of [
        ['alone, Float32 reference', nearest(train32, n, d, one, 1, 5)],
        ['alone, Float64 reference', nearest(train64, n, d, one, 1, 5)],
        ['with 5 others', nearest(train32, n, d, queries.subarray((q - (q % 6)) * d), 6, 5)],
      ] as const) {
        const at = what === 'with 5 others' ? q % 6 : 0;
        assert.deepEqual(Array.from(got.sim.subarray(at * 5, at * 5 + 5)), Array.from(batch.sim.subarray(q * 5, q * 5 + 5)), `d ${d} query ${q} ${what}: similarities`);
        assert.deepEqual(Array.from(got.index.subarray(at * 5, at * 5 + 5)), Array.from(batch.index.subarray(q * 5, q * 5 + 5)), `d ${d} query ${q} ${what}: indices`);
      }
    }
  }
});

/** `count` unit queries with up to `nnz` non-zero columns each (even and odd, some negative), rounded to Float32 as a scorer rounds them. */
function sparseUnitRows(count: number, d: number, nnz: number, rng: Rng): Float64Array {
  const out = new Float64Array(count * d);
  for (let q = 0; q < count; q++) {
    let s = 0;
    for (let t = 0; t < nnz; t++) s += (out[q * d + Math.floor(rng.next() * d)] = Math.fround(rng.next() - 0.5)) ** 2;
    for (let j = 0; j < d; j++) out[q * d + j] = Math.fround(out[q * d + j]! / Math.sqrt(s));
  }
  return out;
}

/** `rows` as Float32, with every `step`-th entry from `first` on set to 0. */
function withZeros(rows: Float64Array, step: number, first: number): Float32Array {
  const out = Float32Array.from(rows);
  for (let i = first; i < out.length; i += step) out[i] = 0;
  return out;
}

/** nearestSparse on each query (its non-zero columns and values alone) gives the lists `want` holds (k per query), bit for bit. */
function assertSparseSearch(train: Float32Array, n: number, d: number, queries: Float64Array, count: number, k: number, want: Neighbours): void {
  const columns = sparseColumnsOf(train, n, d);
  for (let q = 0; q < count; q++) {
    const row = queries.subarray(q * d, (q + 1) * d);
    const at = Int32Array.from(row.keys()).filter((j) => row[j] !== 0);
    const index = new Int32Array(k + 2), sim = new Float64Array(k + 2);
    nearestSparse(columns, n, d, at, Float64Array.from(at, (j) => row[j]!), at.length, k, index, sim, 1);
    assert.deepEqual([index[0], sim[0], index[k + 1], sim[k + 1]], [0, 0, 0, 0], 'writes only its k entries from `out`');
    assert.deepEqual(Array.from(sim.subarray(1, k + 1)), Array.from(want.sim.subarray(q * k, (q + 1) * k)), `query ${q}: similarities`);
    assert.deepEqual(Array.from(index.subarray(1, k + 1)), Array.from(want.index.subarray(q * k, (q + 1) * k)), `query ${q}: indices`);
  }
}

test('sparse queries (a few non-zero columns, as hashing gives) get the same bits without the workspace, and on sparse columns, as inside a dense batch', () => {
  const rng = new Rng(13);
  const d = 512;
  const n = 97;
  // a quarter of the reference's entries are zero (as hashing's rows are mostly): the sparse columns skip them
  const train = withZeros(unitRows(n, d, rng), 4, 0);
  const sparse = sparseUnitRows(8, d, 50, rng);
  // the same 8 queries followed by 8 dense ones: this batch goes through the wasm workspace
  const mixed = new Float64Array(16 * d);
  mixed.set(sparse);
  mixed.set(unitRows(8, d, rng), 8 * d);
  assert.equal(sparseQueries(sparse, 8, d), true);
  assert.equal(sparseQueries(mixed, 16, d), false);
  const columns = sparseColumnsOf(train, n, d);
  assert.equal(columns.value.length, n * d - Math.ceil(n * d / 4));
  const at = Array.from(columns.row.subarray(columns.start[7]!, columns.start[8]!)).indexOf(3);
  assert.equal(columns.value[columns.start[7]! + at], train[3 * d + 7]);
  const inDense = nearest(train, n, d, mixed, 16, 5);
  const alone = nearest(train, n, d, sparse, 8, 5);
  assert.deepEqual(Array.from(alone.sim), Array.from(inDense.sim.subarray(0, 8 * 5)), 'row by row: similarities');
  assert.deepEqual(Array.from(alone.index), Array.from(inDense.index.subarray(0, 8 * 5)), 'row by row: indices');
  assertSparseSearch(train, n, d, sparse, 8, 5, inDense); // (its first 8 lists)
  for (let q = 0; q < 8; q++) {
    const one = nearest(train, n, d, sparse.subarray(q * d, (q + 1) * d), 1, 5);
    assert.deepEqual(Array.from(one.sim), Array.from(alone.sim.subarray(q * 5, q * 5 + 5)), `query ${q} alone`);
  }
  // and the similarity is the dot product (to rounding)
  let dot = 0;
  for (let j = 0; j < d; j++) dot += sparse[j]! * train[alone.index[0]! * d + j]!;
  assert.ok(Math.abs(dot - alone.sim[0]!) < 1e-12);
});

test('on an odd width (no wasm kernel: one running sum per similarity) sparse columns give the bits nearest gives', () => {
  const rng = new Rng(17);
  const train = withZeros(unitRows(60, 511, rng), 3, 1);
  const queries = sparseUnitRows(6, 511, 40, rng);
  assertSparseSearch(train, 60, 511, queries, 6, 4, nearest(train, 60, 511, queries, 6, 4));
});
