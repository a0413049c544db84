import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { mcnemar, pairedBootstrap } from '../../src/eval/significance.js';

function correctness(rng: Rng, m: number, acc: number): Uint8Array {
  return Uint8Array.from({ length: m }, () => (rng.next() < acc ? 1 : 0));
}

test('McNemar exact p-value matches the binomial by hand', () => {
  // 10 discordant pairs, split 8/2: p = 2 * P(X <= 2 | n=10, 0.5) = 2 * 56/1024
  const a = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1]);
  const b = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0]);
  const r = mcnemar(a, b);
  assert.equal(r.onlyA, 9);
  assert.equal(r.onlyB, 2);
  const expected = (2 * (1 + 11 + 55)) / 2048;
  assert.ok(Math.abs(r.p - expected) < 1e-10, `p=${r.p} expected ${expected}`);
  assert.equal(mcnemar(a, a).p, 1);
});

test('a real 10-point gap is significant; identical classifiers are not', () => {
  const rng = new Rng(3);
  const m = 1000;
  const base = correctness(rng, m, 0.7);
  const better = Uint8Array.from(base, (v) => (v === 1 || rng.next() < 0.33 ? 1 : 0));
  const boot = pairedBootstrap(better, base, { seed: 1 });
  assert.ok(boot.diff > 0.05 && boot.significant, JSON.stringify(boot));
  assert.ok(boot.ci95[0] > 0 && boot.ci95[0] < boot.diff && boot.diff < boot.ci95[1]);
  assert.ok(mcnemar(better, base).significant);
  const same = pairedBootstrap(base, base, { seed: 1 });
  assert.equal(same.significant, false);
});

test('false-positive rate of the paired bootstrap is near alpha under the null', () => {
  const rng = new Rng(9);
  let rejections = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const a = correctness(rng, 300, 0.8);
    const b = correctness(rng, 300, 0.8);
    if (pairedBootstrap(a, b, { seed: t, resamples: 400 }).significant) rejections++;
  }
  assert.ok(rejections / trials < 0.1, `rejected ${rejections}/${trials}`);
});
