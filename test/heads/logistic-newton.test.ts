import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, UsageError } from '../../src/core/index.js';
import { createStrategy } from '../../src/heads/index.js';
import type { LogisticDiagnostics } from '../../src/heads/logistic/index.js';
import { keptLength, makeHessianProduct } from '../../src/heads/logistic/hessian.js';
import { makeObjective, prepare } from '../../src/heads/logistic/objective.js';
import { fitLogistic } from '../../src/heads/logistic/solve.js';
import { SharedRows } from '../../src/math/index.js';
import { blobs } from './gaussian-blobs.js';

function randomProblem(K: number, seed: number) {
  const rng = new Rng(seed);
  const n = 40, d = 6;
  const X = Float64Array.from({ length: n * d }, () => rng.normal());
  const y = Int32Array.from({ length: n }, (_, i) => i % K);
  const sw = Float64Array.from({ length: n }, () => 0.5 + rng.next());
  const size = (d + 1) * (K === 2 ? 1 : K);
  const theta = Float64Array.from({ length: size }, () => rng.normal() * 0.5);
  const v = Float64Array.from({ length: size }, () => rng.normal());
  return { problem: { X, n, d, y, K, sw, C: 0.7 }, theta, v, size };
}

describe('logistic Hessian–vector products', () => {
  for (const K of [2, 5]) {
    it(`match central differences of the gradient (K = ${K}, weighted rows, intercepts included)`, () => {
      const { problem, theta, v, size } = randomProblem(K, 11 + K);
      const prep = prepare(problem);
      const f = makeObjective(problem, prep);
      const keep = new Float64Array(keptLength(problem));
      f(theta, new Float64Array(size), keep);
      const Hv = new Float64Array(size);
      makeHessianProduct(problem, prep, false)(keep, v, Hv);
      const h = 1e-5, gp = new Float64Array(size), gm = new Float64Array(size);
      f(theta.map((t, j) => t + h * v[j]!), gp);
      f(theta.map((t, j) => t - h * v[j]!), gm);
      for (let j = 0; j < size; j++) {
        const fd = (gp[j]! - gm[j]!) / (2 * h);
        assert.ok(Math.abs(fd - Hv[j]!) < 1e-7 * Math.max(1, Math.abs(fd)), `component ${j}: Hv ${Hv[j]} vs numeric ${fd}`);
      }
    });
  }

  it('in Float32 on shared rows, agree with the Float64 product to Float32 rounding', () => {
    const n = 200, d = 16, K = 5;
    const { X, y } = blobs({ n, d, classes: K, seed: 4 });
    const problem = { X: X.data, n, d, y, K, sw: null, C: 3 };
    const shared = { ...problem, shared: SharedRows.create(X.data, n, d) };
    const rng = new Rng(9);
    const size = (d + 1) * K;
    const theta = Float64Array.from({ length: size }, () => rng.normal() * 0.3);
    const v = Float64Array.from({ length: size }, () => rng.normal());
    const keep = new Float64Array(keptLength(problem));
    makeObjective(problem)(theta, new Float64Array(size), keep);
    const exact = new Float64Array(size), rounded = new Float64Array(size);
    makeHessianProduct(problem, prepare(problem), false)(keep, v, exact);
    const prep32 = prepare(shared);
    assert.ok(prep32.ws?.W32, 'shared rows with K > 2 have Float32 weights');
    makeHessianProduct(shared, prep32, true)(keep, v, rounded);
    assert.notDeepEqual(rounded, exact);
    const scale = Math.max(...exact.map(Math.abs));
    for (let j = 0; j < size; j++) assert.ok(Math.abs(rounded[j]! - exact[j]!) < 1e-5 * scale, `component ${j}: ${rounded[j]} vs ${exact[j]}`);
  });
});

describe('logistic Newton solver', () => {
  const cases = [
    { K: 4, C: 100, spread: 2.5 },
    { K: 4, C: 1, spread: 2.5 },
    { K: 2, C: 10, spread: 3 },
  ];
  for (const { K, C, spread } of cases) {
    it(`reaches L-BFGS's optimum to 1e-6 relative loss in fewer passes over the rows (K = ${K}, C = ${C})`, () => {
      const n = 300, d = 12;
      const { X, y } = blobs({ n, d, classes: K, seed: 21 + K, spread });
      const problem = { X: X.data, n, d, y, K, sw: null, C, shared: SharedRows.create(X.data, n, d) };
      const opts = { maxIter: 5000, tol: 1e-4, ftol: 2.2e-9 };
      // The reference: L-BFGS on the gradient test alone, far past where either stops.
      const exact = fitLogistic(problem, null, { ...opts, tol: 1e-9, ftol: 0 });
      const lbfgs = fitLogistic(problem, null, opts);
      const newton = fitLogistic(problem, null, { ...opts, solver: 'newton' });
      assert.equal(newton.converged, true, newton.reason);
      const f = makeObjective(problem, prepare({ ...problem, shared: null }));
      const g = new Float64Array(exact.theta.length);
      const fStar = f(exact.theta, g), fN = f(newton.theta, g), fL = f(lbfgs.theta, g);
      assert.ok(fN - fStar <= 1e-6 * fStar, `Newton ${fN} vs optimum ${fStar}`);
      assert.ok(fN <= fL + 1e-9 * fL, `Newton ${fN} no worse than L-BFGS's stop ${fL}`);
      assert.ok(newton.gradMax <= lbfgs.gradMax, `max |∇| ${newton.gradMax} vs L-BFGS ${lbfgs.gradMax}`);
      assert.ok(newton.evaluations < lbfgs.evaluations && newton.products > 0, `${newton.evaluations} gradients + ${newton.products} products vs ${lbfgs.evaluations}`);
    });
  }

  it('is deterministic, and warm-started at its own optimum stops at once', () => {
    const n = 240, d = 10, K = 3;
    const { X, y } = blobs({ n, d, classes: K, seed: 8, spread: 2 });
    const problem = { X: X.data, n, d, y, K, sw: null, C: 50, shared: SharedRows.create(X.data, n, d) };
    const opts = { maxIter: 200, tol: 1e-4, ftol: 2.2e-9, solver: 'newton' as const };
    const a = fitLogistic(problem, null, opts), b = fitLogistic(problem, null, opts);
    assert.deepEqual(a.theta, b.theta);
    const again = fitLogistic(problem, a.theta, opts);
    assert.ok(again.iterations <= 1, `${again.iterations} steps from the optimum`);
  });

  it('reports a stop it did not reach as not converged (maxIter)', () => {
    const { X, y } = blobs({ n: 120, d: 8, classes: 3, seed: 2, spread: 2 });
    const fit = fitLogistic({ X: X.data, n: 120, d: 8, y, K: 3, sw: null, C: 100 }, null, { maxIter: 1, tol: 1e-10, ftol: 0, solver: 'newton' });
    assert.equal(fit.converged, false);
    assert.equal(fit.stop, 'maxIter');
  });
});

describe('logistic head with solver: newton', () => {
  it('gives the L-BFGS head\'s predictions, searched C included, and says how it stopped', async () => {
    const { X, y, labels } = blobs({ n: 240, d: 12, classes: 4, seed: 6, spread: 2.5 });
    const newton = await createStrategy('logistic', { solver: 'newton' }).fit(X, y, { seed: 3, labels });
    const lbfgs = await createStrategy('logistic').fit(X, y, { seed: 3, labels });
    assert.equal(newton.diagnostics.chosen?.C, lbfgs.diagnostics.chosen?.C);
    assert.equal(newton.diagnostics.converged, true);
    assert.match((newton.diagnostics as LogisticDiagnostics).stop!.criterion, /^(gtol|ftol)$/);
    const Pn = newton.predictProba(X), Pl = lbfgs.predictProba(X);
    let diff = 0;
    for (let i = 0; i < Pn.data.length; i++) diff = Math.max(diff, Math.abs(Pn.data[i]! - Pl.data[i]!));
    assert.ok(diff < 1e-3, `max |Δp| = ${diff}`);
    assert.equal((newton.toJSON().params as { solver?: string }).solver, 'newton');
    assert.equal((lbfgs.toJSON().params as { solver?: string }).solver, undefined, 'the default is not written into saved heads');
  });

  it('refuses an unknown solver, naming the allowed ones', () => {
    assert.throws(() => createStrategy('logistic', { solver: 'sag' }), (e: unknown) => e instanceof UsageError && /solver/.test(e.message) && /lbfgs/.test(e.message) && /newton/.test(e.message));
  });
});
