import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { quantile, summarize, tQuantile975 } from '../../src/eval/stats.js';

test('mean, sample std and t interval match hand-computed values', () => {
  const s = summarize([1, 2, 3, 4, 5]);
  assert.equal(s.mean, 3);
  assert.ok(Math.abs(s.std - Math.sqrt(2.5)) < 1e-12);
  const h = 2.776 * Math.sqrt(2.5) / Math.sqrt(5);
  assert.ok(Math.abs(s.ci95[0] - (3 - h)) < 1e-9 && Math.abs(s.ci95[1] - (3 + h)) < 1e-9);
  assert.deepEqual(summarize([0.7]).ci95, [0.7, 0.7]);
  assert.ok(Number.isNaN(summarize([]).mean));
});

test('95% CI covers the true mean about 95% of the time with 5 seeds', () => {
  const rng = new Rng(11);
  let covered = 0;
  const trials = 4000;
  for (let t = 0; t < trials; t++) {
    const xs = Array.from({ length: 5 }, () => 0.8 + 0.03 * rng.normal());
    const { ci95 } = summarize(xs);
    if (ci95[0] <= 0.8 && 0.8 <= ci95[1]) covered++;
  }
  const rate = covered / trials;
  assert.ok(rate > 0.935 && rate < 0.965, `coverage ${rate}`);
});

test('t quantiles approach the normal quantile', () => {
  assert.equal(tQuantile975(4), 2.776);
  assert.ok(Math.abs(tQuantile975(60) - 2.0003) < 0.002);
  assert.ok(Math.abs(tQuantile975(1e6) - 1.96) < 0.001);
});

test('quantile interpolates like numpy', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([5, 1, 3], 1), 5);
  assert.ok(Math.abs(quantile([0, 10], 0.95) - 9.5) < 1e-12);
});
