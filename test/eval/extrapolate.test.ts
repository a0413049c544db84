import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';
import { extrapolate, fitPowerLaw, predictAt } from '../../src/eval/extrapolate.js';

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
    if (p.ci95[0] <= truth(10240) && truth(10240) <= p.ci95[1]) covered++;
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
  assert.ok(steep.at10x.ci95[0] <= steep.at10x.mean && steep.at10x.mean <= steep.at10x.ci95[1]);
});

test('refuses fewer than three sizes', () => {
  assert.throws(() => fitPowerLaw([{ n: 8, mean: 0.5 }, { n: 16, mean: 0.6 }]), /at least 3/);
});
