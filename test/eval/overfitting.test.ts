import { test } from 'node:test';
import assert from 'node:assert/strict';
import { innerCapacityPath, judgeOverfitting, noiseMargin } from '../../src/eval/overfitting.js';
import type { CapacityPath } from '../../src/eval/overfitting.js';

const cPath = (acc: number[], used?: number): CapacityPath => ({
  param: 'C', capacity: 'grows', heldOutRows: 300, advice: 'a lower C (stronger L2 regularisation)',
  points: [0.001, 0.01, 0.1, 1, 10, 100].map((value, i) => ({ value, heldOutAccuracy: acc[i]! })), ...(used !== undefined ? { used } : {}),
});

test('a gap with held-out accuracy flat at high C is not overfitting (logistic on 300 rows)', () => {
  const v = judgeOverfitting(cPath([0.62, 0.74, 0.82, 0.85, 0.85, 0.848], 100), 'logistic', 0.15);
  assert.equal(v.level, 'none');
  assert.match(v.sentence, /does not fall as capacity grows/);
  assert.match(v.sentence, /15\.0-point train − held-out gap is the head's flexibility/);
});

test('held-out accuracy falling past the setting the head uses is overfitting, with the head\'s advice', () => {
  const v = judgeOverfitting(cPath([0.7, 0.8, 0.86, 0.84, 0.78, 0.74], 100), 'logistic', 0.25);
  assert.equal(v.level, 'overfitting');
  assert.match(v.sentence, /falls from 86\.0% at C = 0\.1 to 74\.0% at C = 100/);
  assert.match(v.sentence, /try a lower C \(stronger L2 regularisation\)/);
});

test('capacity that would hurt, avoided by the chosen setting, is guarded, not overfitting', () => {
  const v = judgeOverfitting(cPath([0.7, 0.8, 0.86, 0.84, 0.78, 0.74], 0.1), 'logistic', 0.05);
  assert.equal(v.level, 'guarded');
  assert.match(v.sentence, /more capacity would overfit.*C = 0\.1 stays at the peak; not overfitting/);
});

test('capacity that shrinks as the value grows (knn\'s k) is read the right way round', () => {
  const k = (acc: number[], used: number): CapacityPath => ({
    param: 'k', capacity: 'shrinks', heldOutRows: 500, used, advice: 'a larger k',
    points: [1, 3, 5, 10, 20, 40].map((value, i) => ({ value, heldOutAccuracy: acc[i]! })),
  });
  // accuracy falls as k goes down to 1 (more capacity): k = 1 overfits, k = 20 is guarded
  const acc = [0.7, 0.78, 0.82, 0.85, 0.86, 0.855];
  assert.equal(judgeOverfitting(k(acc, 1), 'knn', 0.3).level, 'overfitting');
  assert.match(judgeOverfitting(k(acc, 1), 'knn', 0.3).sentence, /from 86\.0% at k = 20 to 70\.0% at k = 1.*try a larger k/);
  assert.equal(judgeOverfitting(k(acc, 20), 'knn', 0.02).level, 'guarded');
});

test('a drop within noise is not read as overfitting; no path is unmeasured, never a verdict from the gap', () => {
  assert.equal(judgeOverfitting(cPath([0.8, 0.84, 0.85, 0.85, 0.845, 0.842], 100), 'logistic', 0.2).level, 'none');
  // ag_news, 300 rows, use-lite: the path measured on fold 1's 60 rows falls 6.6 points past its
  // peak, within their noise; the sentence says the fall, not "does not fall"
  const ag = judgeOverfitting({ ...cPath([0.3, 0.4167, 0.8, 0.8333, 0.8, 0.7667], 1), heldOutRows: 60 }, 'logistic', 0.144);
  assert.equal(ag.level, 'none');
  assert.equal(ag.sentence, 'logistic: held-out accuracy falls from 83.3% at C = 1 to 76.7% at C = 100 as capacity grows, within the noise of ' +
    '60 held-out rows (±10.9 points): no evidence of overfitting, and the 14.4-point train − held-out gap alone does not show it.');
  // sms_spam, 300 rows, use-lite: knn's k path held out 100% at k = 40 and 98.3% at k = 1, one row
  // of fold 1's 60; a peak at 100% has no binomial noise of its own, the fall's other end has
  const sms = judgeOverfitting({ param: 'k', capacity: 'shrinks', heldOutRows: 60, used: 5,
    points: [1, 3, 5, 10, 20, 40].map((value, i) => ({ value, heldOutAccuracy: [59 / 60, 1, 1, 1, 1, 1][i]! })) }, 'knn', 0.012);
  assert.equal(sms.level, 'none');
  assert.match(sms.sentence, /falls from 100\.0% at k = 40 to 98\.3% at k = 1 as capacity grows, within the noise of 60 held-out rows \(±3\.3 points\)/);
  assert.ok(noiseMargin(0.85, 300) > 0.04 && noiseMargin(0.85, 300) < 0.042);
  assert.equal(noiseMargin(0.99, 100000), 0.01);
  const u = judgeOverfitting(undefined, 'knn', 0.4);
  assert.equal(u.level, 'unmeasured');
  assert.match(u.sentence, /a gap alone does not show overfitting/);
});

test('folds\' inner-CV paths average per value, and the value most folds chose is the one used', () => {
  const d = (acc: number[], C: number) => ({ chosen: { C }, path: { param: 'C', rows: 80, points: [0.1, 1, 10].map((value, i) => ({ value, heldOutAccuracy: acc[i]! })) } });
  const p = innerCapacityPath([d([0.7, 0.8, 0.9], 10), d([0.7, 0.9, 0.8], 1), d([0.7, 0.85, 0.85], 10)], { param: 'C', capacity: 'grows', advice: 'less' })!;
  assert.equal(p.used, 10);
  assert.equal(p.heldOutRows, 80);
  assert.deepEqual(p.points.map((q) => q.value), [0.1, 1, 10]);
  assert.ok(Math.abs(p.points[1]!.heldOutAccuracy - 0.85) < 1e-12);
  assert.equal(innerCapacityPath([{ chosen: { k: 5 } }], { param: 'C', capacity: 'grows' }), undefined, 'no path, no evidence');
});
