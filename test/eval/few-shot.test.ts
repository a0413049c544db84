import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curveSizes, sampleFewShot, sampleSize } from '../../src/eval/few-shot.js';

const y = Int32Array.from([...Array(50).fill(0), ...Array(200).fill(1), ...Array(5).fill(2)]);

test('samples n per class (all of a small class), seeded, sorted and nested', () => {
  const a = sampleFewShot(y, 8, 3, 1);
  const counts = [0, 0, 0];
  for (const i of a) counts[y[i]!]!++;
  assert.deepEqual(counts, [8, 8, 5]);
  assert.deepEqual(a, sampleFewShot(y, 8, 3, 1));
  assert.notDeepEqual(a, sampleFewShot(y, 8, 3, 2));
  assert.deepEqual([...a], [...a].sort((p, q) => p - q));
  const big = new Set(sampleFewShot(y, 16, 3, 1));
  for (const i of a) assert.ok(big.has(i), 'the 8-shot sample is inside the 16-shot one');
  assert.equal(sampleFewShot(y, Infinity, 3, 1).length, y.length);
  assert.throws(() => sampleFewShot(y, 0, 3, 1), /positive integer/);
});

test('curve sizes double until the full set', () => {
  assert.deepEqual(curveSizes([50, 200, 5]), [8, 16, 32, 64, 128, Infinity]);
  assert.deepEqual(curveSizes([6, 6]), [Infinity]);
  assert.equal(sampleSize([50, 200, 5], 64), 50 + 64 + 5);
});
