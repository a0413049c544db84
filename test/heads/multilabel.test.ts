import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import { createStrategy, restoreHead, multiLabelTargets, splitLabels, multiLabelMetrics } from '../../src/heads/index.js';
import type { MultiLabelHead } from '../../src/heads/index.js';
import { bestF1Threshold } from '../../src/heads/multi-label/index.js';

/** Label j is present when a noisy copy of column j is positive; label "rare" only for large values. */
function tagged(n: number, seed: number): { X: Matrix; lists: string[][] } {
  const rng = new Rng(seed);
  const X = new Matrix(n, 6);
  const lists: string[][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 6; j++) X.set(i, j, rng.normal());
    const l: string[] = [];
    if (X.get(i, 0) + 0.3 * rng.normal() > 0) l.push('billing');
    if (X.get(i, 1) + 0.3 * rng.normal() > 0) l.push('urgent');
    if (X.get(i, 2) + 0.8 * rng.normal() > 1.4) l.push('rare');
    lists.push(l);
  }
  return { X, lists };
}

test('label lists and CSV cells become a 0/1 target matrix in sorted label order', () => {
  assert.deepEqual(splitLabels(' billing | urgent ||'), ['billing', 'urgent']);
  const t = multiLabelTargets([['urgent'], ['billing', 'urgent'], []]);
  assert.deepEqual(t.labels, ['billing', 'urgent']);
  assert.deepEqual(t.Y.toRows(), [[0, 1], [1, 1], [0, 0]]);
});

test('metrics: micro/macro F1 and subset accuracy match hand counts', () => {
  const truth = Matrix.fromRows([[1, 0], [1, 1], [0, 1], [0, 0]]);
  const pred = Matrix.fromRows([[1, 0], [1, 0], [1, 1], [0, 0]]);
  const m = multiLabelMetrics(truth, pred);
  // label 0: tp 2, fp 1, fn 0 → F1 0.8; label 1: tp 1, fp 0, fn 1 → F1 2/3; micro: tp 3, fp 1, fn 1 → 0.75
  assert.ok(Math.abs(m.perLabelF1[0]! - 0.8) < 1e-12 && Math.abs(m.perLabelF1[1]! - 2 / 3) < 1e-12);
  assert.ok(Math.abs(m.macroF1 - (0.8 + 2 / 3) / 2) < 1e-12);
  assert.equal(m.microF1, 0.75);
  assert.equal(m.subsetAccuracy, 0.5);
});

test('best-F1 threshold cuts between distinct scores', () => {
  const t = bestF1Threshold(Float64Array.from([0.9, 0.8, 0.3, 0.2, 0.1]), Int32Array.from([1, 1, 1, 0, 0]));
  assert.equal(t, 0.25);
});

test('one-vs-rest with CV thresholds predicts label sets on held-out rows', async () => {
  const train = tagged(400, 1);
  const held = tagged(300, 2);
  const { labels, Y } = multiLabelTargets(train.lists);
  assert.deepEqual(labels, ['billing', 'rare', 'urgent']);
  const head = await createStrategy('multi-label', { base: { kind: 'logistic', params: { C: 1 } } }).fitMulti(train.X, Y, { seed: 1, labels });
  const truth = new Matrix(held.X.rows, 3);
  held.lists.forEach((l, i) => l.forEach((name) => truth.set(i, labels.indexOf(name), 1)));
  const m = multiLabelMetrics(truth, head.predictMulti(held.X));
  assert.ok(m.microF1 > 0.85 && m.macroF1 > 0.75 && m.subsetAccuracy > 0.6, JSON.stringify(m));
  // the rare label's F1-optimal threshold sits below the default 0.5
  assert.ok(head.thresholds[1]! < 0.5, `rare threshold ${head.thresholds[1]}`);
  const at05 = head.predictScores(held.X);
  for (let i = 0; i < at05.data.length; i++) at05.data[i] = at05.data[i]! >= 0.5 ? 1 : 0;
  assert.ok(m.perLabelF1[1]! >= multiLabelMetrics(truth, at05).perLabelF1[1]!);
  const sets = head.predictLabels(held.X.selectRows([0, 1, 2]));
  assert.equal(sets.length, 3);
  const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON()))) as MultiLabelHead;
  assert.deepEqual(again.predictScores(held.X).data, head.predictScores(held.X).data);
  assert.deepEqual([...again.thresholds], [...head.thresholds]);
});

test('a label never present in training is predicted absent, with a warning', async () => {
  const d = tagged(60, 3);
  const { labels, Y } = multiLabelTargets(d.lists.map((l) => [...l, 'x-always']));
  const Y2 = new Matrix(Y.rows, Y.cols + 1, new Float32Array(Y.rows * (Y.cols + 1)));
  for (let i = 0; i < Y.rows; i++) for (let j = 0; j < Y.cols; j++) Y2.set(i, j, Y.get(i, j));
  const head = await createStrategy('multi-label').fitMulti(d.X, Y2, { seed: 1, labels: [...labels, 'z-never'] });
  const S = head.predictScores(d.X);
  assert.equal(S.get(0, labels.length), 0);
  assert.equal(S.get(0, labels.indexOf('x-always')), 1);
  assert.equal(head.diagnostics.warnings.length, 2);
});


test('fit(X, y) reads identical rows as one text with several labels (how the store keeps multi-label examples)', async () => {
  const { X, lists } = tagged(80, 5);
  const { labels, Y } = multiLabelTargets(lists.map((l) => (l.length ? l : ['none'])));
  // one row per (text, label), as saved with a task version
  const rows: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < Y.rows; i++) for (let j = 0; j < Y.cols; j++) if (Y.get(i, j) === 1) { rows.push(i); y.push(j); }
  const s = createStrategy('multi-label', { base: { kind: 'centroid' }, folds: 3 });
  const fromRows = (await s.fit(X.selectRows(rows), Int32Array.from(y), { seed: 3, labels })) as MultiLabelHead;
  const direct = await s.fitMulti(X, Y, { seed: 3, labels });
  assert.deepEqual(fromRows.predictMulti(X).toRows(), direct.predictMulti(X).toRows());
  assert.deepEqual([...fromRows.thresholds], [...direct.thresholds]);
  assert.ok(rows.length > X.rows, 'some texts carry several labels');
});
