import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { extrapolate, fitPowerLaw, predictAt, validInterval } from '../../src/eval/extrapolate.js';

const truth = (n: number): number => 0.9 - 0.8 * Math.pow(n, -0.5);
const sizes = [16, 32, 64, 128, 256, 512, 1024];

test('recovers known parameters from an exact inverse power law', () => {
  const fit = fitPowerLaw(sizes.map((n) => ({ n, mean: truth(n) })));
  assert.ok(Math.abs(fit.a - 0.9) < 1e-4, `a=${fit.a}`);
  assert.ok(Math.abs(fit.b - 0.8) < 1e-3, `b=${fit.b}`);
  assert.ok(Math.abs(fit.c - 0.5) < 1e-3, `c=${fit.c}`);
  assert.ok(fit.converged);
  assert.ok(Math.abs(predictAt(fit, 10240).mean - truth(10240)) < 1e-4);
});

test('noisy curve with known errors: the 10× prediction interval covers the truth', () => {
  const rng = new Rng(5);
  let covered = 0;
  const trials = 40;
  for (let t = 0; t < trials; t++) {
    const pts = sizes.map((n) => ({ n, mean: truth(n) + 0.005 * rng.normal(), se: 0.005 }));
    const p = predictAt(fitPowerLaw(pts), 10240);
    if (p.ci95 && p.ci95[0] <= truth(10240) && truth(10240) <= p.ci95[1]) covered++;
  }
  assert.ok(covered / trials >= 0.85, `coverage ${covered}/${trials}`);
});

test('a saturated curve says more data would not help; a steep one says it would', () => {
  const flat = extrapolate([16, 32, 64, 128].map((n) => ({ n, mean: 0.95 - 0.001 * Math.pow(n, -1) })));
  assert.equal(flat.moreDataHelps, false);
  assert.match(flat.sentence, /would not/);
  const steep = extrapolate([16, 32, 64, 128].map((n) => ({ n, mean: truth(n) })));
  assert.equal(steep.moreDataHelps, true);
  assert.ok(steep.at10x.mean > steep.at2x.mean && steep.at2x.mean > steep.current.mean);
  assert.ok(steep.at10x.ci95 && steep.at10x.ci95[0] <= steep.at10x.mean && steep.at10x.mean <= steep.at10x.ci95[1]);
});

test('refuses fewer than three sizes', () => {
  assert.throws(() => fitPowerLaw([{ n: 8, mean: 0.5 }, { n: 16, mean: 0.6 }]), /at least 3/);
});

// A curve at its ceiling (sms_spam, knn on ag_news): the fit's ceiling reaches 1, the delta
// method has nothing to work with, and the old clamp printed "100.0%–100.0%" beside 99.99%.
const saturated = [
  [{ n: 16, mean: 0.9, se: 0.01 }, { n: 32, mean: 0.97, se: 0.005 }, { n: 64, mean: 0.99, se: 0.003 }, { n: 128, mean: 1, se: 0 }, { n: 4000, mean: 1, se: 0 }],
  [{ n: 16, mean: 0.9 }, { n: 32, mean: 0.95 }, { n: 64, mean: 0.99 }],
  [{ n: 8, mean: 0.97 }, { n: 16, mean: 0.99 }, { n: 32, mean: 1 }, { n: 64, mean: 1 }],
];

test('no interval that misses its own estimate: a curve at its ceiling has no reliable extrapolation', () => {
  for (const pts of saturated) {
    const x = extrapolate(pts);
    for (const p of [x.current, x.at2x, x.at10x]) {
      assert.ok(p.ci95 === null || (p.ci95[0] <= p.mean && p.mean <= p.ci95[1]), `${JSON.stringify(p)} holds its estimate`);
    }
    assert.equal(x.reliable, false, JSON.stringify(pts));
    assert.equal(x.moreDataHelps, false);
    assert.match(x.sentence, /^No reliable extrapolation/);
    assert.doesNotMatch(x.sentence, /CI/);
  }
});

test('the stored warnings are part of the sentence when there is no reliable extrapolation', () => {
  const x = extrapolate(saturated[0]!);
  assert.ok(x.fit.warnings.length > 0);
  for (const w of x.fit.warnings) assert.ok(x.sentence.includes(w), `"${w}" is shown`);
});

test('validInterval refuses the clamped interval of older runs', () => {
  assert.equal(validInterval(0.9999, [1, 1]), false);
  assert.equal(validInterval(0.5, null), false);
  assert.equal(validInterval(0.5, [Number.NaN, 1]), false);
  assert.equal(validInterval(0.5, [0.4, 0.6]), true);
});

test('a well-measured curve stays reliable with an interval', () => {
  const rng = new Rng(3);
  const x = extrapolate(sizes.map((n) => ({ n, mean: truth(n) + 0.003 * rng.normal(), se: 0.003 })));
  assert.equal(x.reliable, true);
  assert.ok(x.at10x.ci95 && x.at10x.ci95[0] <= x.at10x.mean && x.at10x.mean <= x.at10x.ci95[1]);
  assert.match(x.sentence, /95% CI/);
});
