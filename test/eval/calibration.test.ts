import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/core/index.js';
import { ECE_BINS, expectedCalibrationError, reliabilityBins } from '../../src/eval/index.js';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

test('ECE weights each bin\'s |accuracy − confidence| by its share of rows', () => {
  // 0.9 twice (one right): 0.5·|0.5−0.9| = 0.2; 0.7 wrong: 0.25·0.7; 0.6 right: 0.25·0.4
  const y = Int32Array.from([0, 1, 0, 1]);
  const P = Matrix.fromRows([[0.9, 0.1], [0.9, 0.1], [0.3, 0.7], [0.4, 0.6]]);
  close(expectedCalibrationError(y, P), 0.2 + 0.175 + 0.1);
});

test('confident and always right is perfectly calibrated; confident and always wrong is not', () => {
  const P = Matrix.fromRows([[1, 0], [0, 1]]);
  assert.equal(expectedCalibrationError(Int32Array.from([0, 1]), P), 0);
  assert.equal(expectedCalibrationError(Int32Array.from([1, 0]), P), 1);
});

test('15 equal-width bins on top-label confidence, (lo, hi]', () => {
  const P = Matrix.fromRows([[1, 0], [0.5, 0.5], [0.25, 0.75]]);
  const bins = reliabilityBins(Int32Array.from([0, 1, 1]), P);
  assert.equal(bins.length, ECE_BINS);
  assert.equal(ECE_BINS, 15);
  close(bins[1]!.lo, 1 / 15);
  assert.equal(bins[14]!.count, 1); // confidence 1 → last bin
  assert.equal(bins[7]!.count, 1); // 0.5 → (7/15, 8/15]
  assert.equal(bins[7]!.accuracy, 0); // tie goes to the first label, true label is 1
  assert.equal(bins[11]!.count, 1); // 0.75 → (11/15, 12/15]
  assert.equal(bins[11]!.accuracy, 1);
  close(bins[11]!.confidence, 0.75);
  assert.equal(bins.reduce((s, b) => s + b.count, 0), 3);
});
