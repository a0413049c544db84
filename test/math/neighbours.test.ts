import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { nearest, nearestSegments } from '../../src/math/index.js';

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
