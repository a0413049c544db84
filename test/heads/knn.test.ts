import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix, Rng, UsageError } from '../../src/core/index.js';
import { DEFAULT_KS, calibrated, createStrategy, fitTemperature } from '../../src/heads/index.js';
import type { CentroidHead, KnnHead } from '../../src/heads/index.js';
import { crossFoldNearest, foldIndices, gatherRows, l2NormalizeRows, nearest, stratifiedFolds } from '../../src/math/index.js';
import { vote } from '../../src/heads/knn/vote.js';
import { blobs } from './gaussian-blobs.js';

describe('knn head', () => {
  it('explain returns the nearest training rows, nearest first, a training row first of all', async () => {
    const { X, y, labels } = blobs({ n: 60, d: 16, classes: 3, seed: 1 });
    const head = await createStrategy('knn', { k: 5 }).fit(X, y, { seed: 1, labels });
    const e = head.explain!(X.row(7));
    const nb = e.neighbours!;
    assert.equal(nb.length, 5);
    assert.equal(nb[0]!.index, 7);
    assert.ok(Math.abs(nb[0]!.similarity - 1) < 1e-6);
    assert.equal(nb[0]!.label, labels[y[7]!]);
    for (let j = 1; j < nb.length; j++) assert.ok(nb[j - 1]!.similarity >= nb[j]!.similarity);
  });

  it('probabilities are never exactly 0 or 1, so log-loss stays finite', async () => {
    const { X, y, labels } = blobs({ n: 60, d: 16, classes: 3, seed: 2, spread: 0.1 });
    const head = await createStrategy('knn', { k: 3 }).fit(X, y, { seed: 1, labels });
    const P = head.predictProba(X);
    for (const p of P.data) assert.ok(p > 0 && p < 1, `p = ${p}`);
    // smoothing 0.01 over 3 labels: the floor is 0.01/3
    assert.ok(Math.abs(Math.min(...P.data) - 0.01 / 3) < 1e-6);
  });

  it('weights closer neighbours more (softmax over similarities)', async () => {
    // Query sits near one "a" row and farther from two "b" rows: majority vote says b,
    // similarity weighting at a low temperature says a.
    const X = Matrix.fromRows([[1, 0.05], [0.6, 0.8], [0.62, 0.78], [-1, 0]]);
    const y = Int32Array.from([0, 1, 1, 0]);
    const head = await createStrategy('knn', { k: 3, temperature: 0.05 }).fit(X, y, { seed: 1, labels: ['a', 'b'] });
    const P = head.predictProba(Matrix.fromRows([[1, 0.1]]));
    assert.ok(P.get(0, 0) > P.get(0, 1), `P = ${Array.from(P.data)}`);
  });

  it('chooses k from the grid by inner CV', async () => {
    const { X, y, labels } = blobs({ n: 150, d: 20, classes: 3, seed: 3, spread: 2 });
    const head = await createStrategy('knn').fit(X, y, { seed: 1, labels });
    const k = head.diagnostics.chosen?.k;
    assert.ok(typeof k === 'number' && DEFAULT_KS.includes(k), `k = ${k}`);
  });

  it('cross-fold search gives bit-for-bit the lists of one nearest() per fold (ties, odd widths, uneven folds)', () => {
    // Rounded coordinates and duplicated rows make many exactly tied similarities; d = 15
    // takes the JS product (odd width), d = 32 the wasm one; 4 folds over 203 rows are uneven.
    for (const [d, folds, k] of [[32, 4, 40], [15, 3, 7], [32, 2, 500]] as const) {
      const { X, y } = blobs({ n: 180, d, classes: 3, seed: d + folds, spread: 1.5 });
      const rows = Array.from({ length: 180 }, (_, i) => Array.from(X.row(i), Math.round));
      for (let t = 0; t < 23; t++) rows.push([...rows[(t * 7) % 180]!]);
      const n = rows.length;
      const U = Float64Array.from(l2NormalizeRows(Float64Array.from(rows.flat()), n, d));
      const labels = Int32Array.from({ length: n }, (_, i) => (i < 180 ? y[i]! : y[(i - 180) * 7 % 180]!));
      const assign = stratifiedFolds(labels, 3, folds, new Rng(5));
      const cf = crossFoldNearest(U, n, d, assign, folds, k);
      let ties = 0;
      for (let f = 0; f < folds; f++) {
        const { train, test } = foldIndices(assign, f);
        const nb = nearest(gatherRows(U, d, train), train.length, d, gatherRows(U, d, test), test.length, k);
        for (let q = 0; q < test.length; q++) {
          const i = test[q]!;
          assert.equal(cf.filled[i], nb.k, `row ${i}: list length`);
          for (let j = 0; j < nb.k; j++) {
            assert.equal(cf.index[i * cf.k + j], train[nb.index[q * nb.k + j]!], `row ${i}, neighbour ${j}: index (d ${d}, ${folds} folds)`);
            assert.ok(Object.is(cf.sim[i * cf.k + j], nb.sim[q * nb.k + j]), `row ${i}, neighbour ${j}: similarity bits`);
            if (j > 0 && nb.sim[q * nb.k + j] === nb.sim[q * nb.k + j - 1]) ties++;
          }
        }
      }
      assert.ok(ties > 50, `the data must exercise tied similarities (${ties} ties)`);
    }
  });

  it('keeps the inner CV held-out probabilities at the chosen k, and calibration fits its temperature on them', async () => {
    const { X, y, labels } = blobs({ n: 150, d: 20, classes: 3, seed: 3, spread: 2 });
    const head = await createStrategy('knn').fit(X, y, { seed: 4, labels }) as KnnHead;
    const k = head.diagnostics.chosen!.k as number;
    const P = head.takeOutOfFold()!;
    assert.equal(head.takeOutOfFold(), undefined, 'given once');
    // Reference: each inner fold's rows voted on by the other folds' rows only, at k.
    const U = Float64Array.from(l2NormalizeRows(X.data, X.rows, X.cols));
    const assign = stratifiedFolds(y, 3, 3, new Rng(4));
    const want = new Float64Array(150 * 3);
    for (let f = 0; f < 3; f++) {
      const { train, test } = foldIndices(assign, f);
      const nb = nearest(gatherRows(U, 20, train), train.length, 20, gatherRows(U, 20, test), test.length, k);
      const yTr = Int32Array.from(train, (i) => y[i]!);
      for (let q = 0; q < test.length; q++) vote(nb, q, nb.k, yTr, 3, 0.1, 0.01, want, test[q]! * 3);
    }
    assert.deepEqual(Array.from(P.data), Array.from(Float32Array.from(want)));
    const cal = await calibrated(createStrategy('knn')).fit(X, y, { seed: 4, labels });
    assert.equal(cal.diagnostics.chosen!.temperature, fitTemperature(P, y));
    const fixed = await createStrategy('knn', { k: 5 }).fit(X, y, { seed: 4, labels }) as KnnHead;
    assert.equal(fixed.takeOutOfFold(), undefined, 'no inner CV when k is given');
  });

  it('refuses bad params, quoting the value and the allowed set', () => {
    assert.throws(() => createStrategy('knn', { k: 0 }), (e: unknown) => e instanceof UsageError && /k must be an integer >= 1, got 0/.test(e.message));
    assert.throws(() => createStrategy('knn', { smoothing: 0.9 }), /smoothing must be .*<= 0.5, got 0.9/);
    assert.throws(() => createStrategy('knn', { metric: 'l1' }), /unknown parameter "metric"; allowed parameters are: k, ks/);
  });
});

describe('centroid head', () => {
  it('explain gives each label its cosine similarity, highest for the true class', async () => {
    const { X, y, labels } = blobs({ n: 60, d: 16, classes: 3, seed: 4, spread: 0.3 });
    const head = await createStrategy('centroid').fit(X, y, { seed: 1, labels });
    const e = head.explain!(X.row(4));
    const best = Object.entries(e.scores).sort((a, b) => b[1] - a[1])[0]!;
    assert.equal(best[0], labels[y[4]!]);
    for (const s of Object.values(e.scores)) assert.ok(s >= -1 - 1e-9 && s <= 1 + 1e-9);
  });

  it('fits a temperature: noisier data gets a higher (softer) one', async () => {
    const T = async (spread: number) => {
      const { X, y, labels } = blobs({ n: 90, d: 16, classes: 3, seed: 5, spread });
      const head = await createStrategy('centroid').fit(X, y, { seed: 1, labels });
      return head.diagnostics.chosen!.temperature as number;
    };
    const clean = await T(0.3), noisy = await T(3);
    assert.ok(clean > 0 && noisy > clean, `clean ${clean}, noisy ${noisy}`);
  });

  it('keeps leave-one-out probabilities at the fitted temperature, and calibration fits its temperature on them', async () => {
    const { X, y, labels } = blobs({ n: 90, d: 16, classes: 3, seed: 7, spread: 2 });
    const head = await createStrategy('centroid').fit(X, y, { seed: 1, labels }) as CentroidHead;
    const T = head.diagnostics.chosen!.temperature as number;
    const P = head.takeOutOfFold()!;
    assert.equal(head.takeOutOfFold(), undefined, 'given once');
    // Brute force: each row against centroids of the other rows (its own class without it).
    const U = l2NormalizeRows(X.data, 90, 16);
    for (let i = 0; i < 90; i++) {
      const sims = [0, 1, 2].map((c) => {
        const m = new Float64Array(16);
        for (let r = 0; r < 90; r++) if (r !== i && y[r] === c) for (let j = 0; j < 16; j++) m[j]! += U[r * 16 + j]!;
        const norm = Math.hypot(...m);
        let s = 0;
        for (let j = 0; j < 16; j++) s += U[i * 16 + j]! * m[j]! / norm;
        return s / T;
      });
      const z = sims.map((s) => Math.exp(s - Math.max(...sims)));
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(P.get(i, c) - z[c]! / (z[0]! + z[1]! + z[2]!)) < 1e-5, `row ${i} class ${c}`);
    }
    const cal = await calibrated(createStrategy('centroid')).fit(X, y, { seed: 1, labels });
    assert.equal(cal.diagnostics.chosen!.temperature, fitTemperature(P, y));
    const fixed = await createStrategy('centroid', { temperature: 0.2 }).fit(X, y, { seed: 1, labels }) as CentroidHead;
    assert.equal(fixed.takeOutOfFold(), undefined, 'no leave-one-out fit when the temperature is given');
  });

  it('a given temperature is used as is', async () => {
    const { X, y, labels } = blobs({ n: 30, d: 8, classes: 3, seed: 6 });
    const head = await createStrategy('centroid', { temperature: 0.2 }).fit(X, y, { seed: 1, labels });
    assert.equal(head.diagnostics.chosen, undefined);
    assert.equal((head.toJSON().state as { temperature: number }).temperature, 0.2);
    assert.throws(() => createStrategy('centroid', { temperature: 0 }), /temperature must be a finite number > 0, got 0/);
  });
});
