import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, Matrix } from '../../src/core/index.js';
import {
  accuracy, argmaxRows, confusionMatrix, logLoss, macroF1, perClassMetrics,
} from '../../src/eval/index.js';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

const yTrue = Int32Array.from([0, 0, 1, 1, 2, 2]);
const yPred = Int32Array.from([0, 1, 1, 1, 0, 2]);

test('accuracy counts exact matches', () => {
  close(accuracy(Int32Array.from([0, 1, 1]), Int32Array.from([0, 1, 0])), 2 / 3);
  close(accuracy(yTrue, yPred), 4 / 6);
  assert.equal(accuracy(new Int32Array(0), new Int32Array(0)), 0);
  assert.throws(() => accuracy(yTrue, Int32Array.from([0])), DataError);
});

test('confusion matrix has true classes as rows and predictions as columns', () => {
  assert.deepEqual(confusionMatrix(yTrue, yPred, 3), [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
  assert.throws(() => confusionMatrix(Int32Array.from([3]), Int32Array.from([0]), 3), DataError);
});

test('per-class precision, recall, F1 and support match hand-computed values', () => {
  const m = perClassMetrics(yTrue, yPred, ['a', 'b', 'c']);
  assert.deepEqual(m.map((c) => c.label), ['a', 'b', 'c']);
  assert.deepEqual(m.map((c) => c.support), [2, 2, 2]);
  close(m[0]!.precision, 0.5); close(m[0]!.recall, 0.5); close(m[0]!.f1, 0.5);
  close(m[1]!.precision, 2 / 3); close(m[1]!.recall, 1); close(m[1]!.f1, 0.8);
  close(m[2]!.precision, 1); close(m[2]!.recall, 0.5); close(m[2]!.f1, 2 / 3);
});

test('macro-F1 averages per-class F1', () => {
  close(macroF1(yTrue, yPred, 3), (0.5 + 0.8 + 2 / 3) / 3);
  close(macroF1(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 1, 1]), 2), (2 / 3 + 0.8) / 2);
});

test('zero division gives 0, and classes absent from truth and predictions are left out (sklearn)', () => {
  // sklearn: f1_score([0,0,1], [0,0,0], average='macro') == 0.4
  const t = Int32Array.from([0, 0, 1]), p = Int32Array.from([0, 0, 0]);
  const m = perClassMetrics(t, p, ['a', 'b', 'c']);
  assert.equal(m[1]!.precision, 0);
  assert.equal(m[1]!.f1, 0);
  assert.equal(m[2]!.support, 0);
  assert.equal(m[2]!.f1, 0);
  close(macroF1(t, p, 3), 0.4);
});

test('log-loss is the mean negative log-probability of the true class', () => {
  const P = Matrix.fromRows([[0.8, 0.2], [0.4, 0.6]]);
  close(logLoss(Int32Array.from([0, 1]), P), -(Math.log(0.8) + Math.log(0.6)) / 2);
});

test('log-loss clips probabilities at 1e-15, so a certain mistake is finite', () => {
  const v = logLoss(Int32Array.from([0]), Matrix.fromRows([[0, 1]]));
  close(v, -Math.log(1e-15), 1e-9);
  assert.equal(logLoss(Int32Array.from([1]), Matrix.fromRows([[0, 1]])), -Math.log(1 - 1e-15));
});

test('argmaxRows picks the largest column, the first on ties', () => {
  assert.deepEqual([...argmaxRows(Matrix.fromRows([[0.2, 0.8], [0.6, 0.4], [0.5, 0.5]]))], [1, 0, 0]);
});
