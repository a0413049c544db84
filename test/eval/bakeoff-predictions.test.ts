/**
 * A bake-off keeps its best entry's held-out predictions (for the dashboard's misclassified and
 * least-confident examples): one per scored row, in the dataset's row numbers, agreeing with the
 * entry's own accuracy and confusion matrix; out-of-scope rows are not among them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import { runBakeoff } from '../../src/eval/bakeoff.js';
import { createStrategy } from '../../src/heads/index.js';

const labels = ['a', 'b', 'c', 'out'];

function blobs(seed: number, perClass: number, ood: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const n = perClass * 3 + ood;
  const X = new Matrix(n, 5);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // out-of-scope rows first, so that row numbers and in-scope positions differ
    const c = i < ood ? 3 : (i - ood) % 3;
    y[i] = c;
    for (let j = 0; j < 5; j++) X.set(i, j, (j === c ? 1.5 : 0) + 0.8 * rng.normal());
  }
  return { X, y };
}

function check(r: Awaited<ReturnType<typeof runBakeoff>>, scoredRows: number[], y: Int32Array): void {
  const p = r.predictions!;
  assert.ok(p, 'predictions kept');
  assert.equal(p.entry, r.ranking[0]);
  assert.deepEqual(p.rows, scoredRows);
  assert.deepEqual(p.truth, scoredRows.map((row) => y[row]), 'truth is each row\'s label (in-scope labels keep their index)');
  const best = r.entries[p.entry]!;
  const right = p.truth.filter((t, i) => t === p.predicted[i]).length;
  assert.equal(right / p.rows.length, best.accuracy.mean, 'the entry\'s accuracy, recomputed from its predictions');
  const confusion = r.labels.map(() => new Array<number>(r.labels.length).fill(0));
  p.truth.forEach((t, i) => confusion[t]![p.predicted[i]!]!++);
  assert.deepEqual(confusion, best.confusion);
  for (const c of p.confidence) assert.ok(c >= 1 / r.labels.length - 1e-6 && c <= 1, String(c));
}

test('holdout: one prediction per in-scope test row, matching the best entry', async () => {
  const tr = blobs(1, 30, 6), te = blobs(2, 20, 5);
  const r = await runBakeoff({
    labels, yTrain: tr.y, yTest: te.y, seed: 1, seeds: 2, oodLabel: 'out',
    embeddings: [{ backbone: 'toy@1', train: tr.X, test: te.X }],
    strategies: { centroid: createStrategy('centroid'), knn: createStrategy('knn') },
  });
  assert.equal(r.predictions!.split, 'test');
  check(r, Array.from({ length: 60 }, (_, i) => i + 5), te.y);
});

test('cross-validation: every in-scope training row predicted out of fold', async () => {
  const tr = blobs(3, 24, 4);
  const r = await runBakeoff({
    labels, yTrain: tr.y, seed: 2, seeds: 2, folds: 3, oodLabel: 'out',
    embeddings: [{ backbone: 'toy@1', train: tr.X }],
    strategies: { centroid: createStrategy('centroid') },
  });
  assert.equal(r.predictions!.split, 'train');
  check(r, Array.from({ length: 72 }, (_, i) => i + 4), tr.y);
});
