import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { columnsOf, nearest, nearestSegments, sparseQueries } from '../../src/math/index.js';

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

test('sparse queries (a few non-zero columns, as hashing gives) get the same bits without the workspace as inside a dense batch', () => {
  const rng = new Rng(13);
  const d = 512;
  const n = 97;
  const train = Float32Array.from(unitRows(n, d, rng));
  // 8 sparse queries: up to 50 non-zero columns each (of 512), even and odd, some negative
  const sparse = new Float64Array(8 * d);
  for (let q = 0; q < 8; q++) {
    let s = 0;
    for (let t = 0; t < 50; t++) s += (sparse[q * d + Math.floor(rng.next() * d)] = Math.fround(rng.next() - 0.5)) ** 2;
    for (let j = 0; j < d; j++) sparse[q * d + j] = Math.fround(sparse[q * d + j]! / Math.sqrt(s));
  }
  // the same 8 queries followed by 8 dense ones: this batch goes through the wasm workspace
  const mixed = new Float64Array(16 * d);
  mixed.set(sparse);
  mixed.set(unitRows(8, d, rng), 8 * d);
  assert.equal(sparseQueries(sparse, 8, d), true);
  assert.equal(sparseQueries(mixed, 16, d), false);
  const columns = columnsOf(train, n, d);
  assert.equal(columns[7 * n + 3], train[3 * d + 7]);
  const inDense = nearest(train, n, d, mixed, 16, 5, columns);
  for (const [what, alone] of [['row by row', nearest(train, n, d, sparse, 8, 5)], ['column by column', nearest(train, n, d, sparse, 8, 5, columns)]] as const) {
    assert.deepEqual(Array.from(alone.sim), Array.from(inDense.sim.subarray(0, 8 * 5)), `${what}: similarities`);
    assert.deepEqual(Array.from(alone.index), Array.from(inDense.index.subarray(0, 8 * 5)), `${what}: indices`);
  }
  const alone = nearest(train, n, d, sparse, 8, 5, columns);
  for (let q = 0; q < 8; q++) {
    const one = nearest(train, n, d, sparse.subarray(q * d, (q + 1) * d), 1, 5, columns);
    assert.deepEqual(Array.from(one.sim), Array.from(alone.sim.subarray(q * 5, q * 5 + 5)), `query ${q} alone`);
  }
  // and the similarity is the dot product (to rounding)
  let dot = 0;
  for (let j = 0; j < d; j++) dot += sparse[j]! * train[alone.index[0]! * d + j]!;
  assert.ok(Math.abs(dot - alone.sim[0]!) < 1e-12);
});
