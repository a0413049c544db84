import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapScores, wilsonInterval } from '../../src/eval/bootstrap.js';

const close = (a: number, b: number, tol = 5e-4): boolean => Math.abs(a - b) < tol;

test("Wilson's interval matches its textbook values", () => {
  const [lo, hi] = wilsonInterval(8, 10);
  assert.ok(close(lo, 0.4902) && close(hi, 0.9433), `${lo} ${hi}`);
  const [lo36, hi36] = wilsonInterval(36, 36);
  assert.ok(close(lo36, 0.9036) && hi36 === 1, `${lo36} ${hi36}`);
  assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
});

test('a perfect test score gets an interval that says how few rows back it, not 100.0 ± 0.0', () => {
  // 36 of 36 right (README's tickets test set, logistic on hashing): every resample is 100%
  const y = Int32Array.from({ length: 36 }, (_, i) => i % 3);
  const right = bootstrapScores(y, y, 3, 42).accuracy;
  assert.equal(right.mean, 1);
  assert.ok(close(right.ci95[0], 0.9036) && right.ci95[1] === 1, JSON.stringify(right));
  assert.ok(close(right.se, (1 - 0.9036) / 3.92), 'se from the interval, not the resamples\' zero');
  const wrong = bootstrapScores(y, Int32Array.from(y, (c) => (c + 1) % 3), 3, 42).accuracy;
  assert.equal(wrong.mean, 0);
  assert.ok(wrong.ci95[0] === 0 && close(wrong.ci95[1], 1 - 0.9036), JSON.stringify(wrong));
  // one row wrong: the percentile bootstrap as before (resamples vary)
  const pred = Int32Array.from(y);
  pred[0] = 1;
  const most = bootstrapScores(y, pred, 3, 42).accuracy;
  assert.ok(most.se > 0 && most.ci95[0] < most.mean && most.mean <= most.ci95[1]);
  assert.notDeepEqual(most.ci95, wilsonInterval(35, 36));
});
