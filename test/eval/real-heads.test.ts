import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import { createStrategy } from '../../src/heads/index.js';
import { crossValidate, evaluateOnTest, formatLeaderboard } from '../../src/eval/index.js';
import { blobs } from './doubles.js';

/** Two overlapping classes in 8-d: no head can be perfect, a 1-NN head memorises. */
function noisy(n: number, seed: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    rows.push(Array.from({ length: 8 }, (_, j) => (j === 0 ? (y[i] === 1 ? 0.6 : -0.6) : 0) + rng.normal()));
  }
  return { X: Matrix.fromRows(rows), y };
}

const labels = ['a', 'b'];

test('the logistic head cross-validates to near-perfect scores on separable data', async () => {
  const { X, y } = blobs([20, 20], 3);
  const r = await crossValidate(createStrategy('logistic', { C: 1 }), X, y, { labels, seed: 1 });
  assert.equal(r.strategy.kind, 'logistic');
  assert.ok(r.metrics.accuracy.mean >= 0.95, `accuracy ${r.metrics.accuracy.mean}`);
  assert.equal(r.overfitting, false);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('knn is not called overfitting for counting each row as its own neighbour: its train accuracy is leave-one-out', async () => {
  const { X, y } = noisy(80, 4);
  const one = await crossValidate(createStrategy('knn', { k: 1 }), X, y, { labels, seed: 1 });
  assert.equal(one.trainScoring, 'leave-one-out');
  assert.ok(one.train.accuracy.mean < 0.9, `leave-one-out train accuracy ${one.train.accuracy.mean}, not 100%`);
  assert.ok(Math.abs(one.gap.accuracy) < 0.15, `gap ${one.gap.accuracy}`);
  assert.equal(one.overfitting, false);
  assert.equal(one.overfittingVerdict.level, 'unmeasured', 'k given: no inner-CV path to judge by');
  // k chosen by inner CV: the verdict reads the held-out accuracy of every k tried
  const auto = await crossValidate(createStrategy('knn'), X, y, { labels, seed: 1 });
  assert.notEqual(auto.overfittingVerdict.level, 'unmeasured');
  assert.match(auto.overfittingVerdict.sentence, /k = \d+/);
  const table = formatLeaderboard([{ backbone: 'synthetic', strategy: 'knn k=1', result: one }]);
  assert.match(table, /knn k=1 scored leave-one-out/);
  assert.doesNotMatch(table, /!/);
});

test('evaluateOnTest with a real head scores only the test rows', async () => {
  // centroid compares directions (cosine), so move the blobs away from the origin
  const shift = ({ X, y }: { X: Matrix; y: Int32Array }): { X: Matrix; y: Int32Array } =>
    ({ X: new Matrix(X.rows, X.cols, X.data.map((v, i) => v + (i % 2 === 0 ? 5 : 10))), y });
  const train = shift(blobs([15, 15], 5));
  const testSet = shift(blobs([5, 7], 6));
  const r = await evaluateOnTest(createStrategy('centroid', {}), train.X, train.y, testSet.X, testSet.y, { labels, seed: 1 });
  assert.equal(r.rows, 12);
  assert.equal(r.confusion.flat().reduce((s, v) => s + v, 0), 12);
  assert.ok(r.metrics.accuracy.mean >= 0.9);
});
