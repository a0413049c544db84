import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/core/index.js';
import type { Progress } from '../../src/core/index.js';
import { DEFAULT_CS, calibrated, createStrategy } from '../../src/heads/index.js';
import type { CrossFit } from '../../src/heads/index.js';
import { foldPaths } from '../../src/heads/logistic/path-pool.js';
import { searchFolds } from '../../src/heads/logistic/search.js';
import { SharedRows } from '../../src/math/index.js';
import { blobs } from './gaussian-blobs.js';

const bytes = (P: Matrix): string => Buffer.from(P.data.buffer, P.data.byteOffset, P.data.byteLength).toString('base64');

describe('logistic crossFit: one set of folds for the score, C and the temperature', () => {
  const { X, y, labels } = blobs({ n: 240, d: 10, classes: 4, seed: 21, spread: 3 });

  it('its head is bit-for-bit the fit of the strategy it returns (innerFolds = the folds asked for), so a refit reproduces it', async () => {
    const r = (await createStrategy('logistic').crossFit!(X, y, { seed: 5, labels, folds: 5 }))!;
    assert.equal((r.strategy.params as { innerFolds: number }).innerFolds, 5);
    const again = await r.strategy.fit(X, y, { seed: 5, labels });
    assert.deepEqual(again.toJSON(), r.head.toJSON());
    // The default strategy (3 inner folds) searches other folds: a different head, same kind of answer.
    const plain = await createStrategy('logistic').fit(X, y, { seed: 5, labels });
    assert.equal((plain.toJSON().params as { innerFolds: number }).innerFolds, 3);
  });

  it('reports each fold at the C the other folds chose, from a fit that never saw the fold', async () => {
    const progress: Progress[] = [];
    const r = (await createStrategy('logistic').crossFit!(X, y, { seed: 5, labels, folds: 4, onProgress: (p) => progress.push(p) }))!;
    assert.equal(r.folds.length, 4);
    const seen = new Int32Array(X.rows);
    for (const f of r.folds) {
      for (const i of f.test) seen[i]!++;
      const train = new Set(f.train);
      assert.ok(f.test.every((i) => !train.has(i)), 'held-out rows are not training rows');
      assert.equal(f.train.length + f.test.length, X.rows);
      assert.ok(DEFAULT_CS.includes(f.head.diagnostics.chosen!.C as number));
    }
    assert.ok(seen.every((c) => c === 1), 'every row held out exactly once');
    // Progress: one tick per (fold, C) fit, then the refit.
    const search = progress.filter((p) => p.phase === 'logistic: choose C');
    assert.deepEqual(search.map((p) => p.done), Array.from({ length: 4 * DEFAULT_CS.length + 1 }, (_, i) => i));
    assert.equal(progress.at(-1)!.phase, 'logistic: fit on all rows');
  });

  it('with C given: every fold a full fit at C, and the head is the plain fit', async () => {
    const s = createStrategy('logistic', { C: 0.5 });
    const r = (await s.crossFit!(X, y, { seed: 2, labels, folds: 3 }))!;
    assert.deepEqual(r.head.toJSON(), (await s.fit(X, y, { seed: 2, labels })).toJSON());
    assert.equal(r.folds.length, 3);
    for (const f of r.folds) {
      const alone = await s.fit(X.selectRows(f.train), Int32Array.from(f.train, (i) => y[i]!), { seed: 2, labels });
      assert.equal(bytes(f.head.predictProba(X)), bytes(alone.predictProba(X)), 'a fold is the plain fit on its training rows');
    }
  });

  it('calibrated(logistic) cross-fits through its base: the calibrated head equals the returned strategy\'s fit', async () => {
    const r = (await calibrated(createStrategy('logistic')).crossFit!(X, y, { seed: 7, labels, folds: 5 })) as CrossFit;
    assert.equal(r.head.kind, 'calibrated');
    assert.equal(r.folds[0]!.head.kind, 'logistic', 'the folds measure the base');
    const again = await r.strategy.fit(X, y, { seed: 7, labels });
    assert.deepEqual(again.toJSON(), r.head.toJSON());
  });

  it('gives nothing when a class has a single row (the caller cross-validates as usual)', async () => {
    const lone = y.slice();
    lone[1] = 4; // one row of a fifth label
    const r = await createStrategy('logistic').crossFit!(X, lone, { seed: 1, labels: [...labels, 'lone'], folds: 5 });
    assert.equal(r, undefined);
  });
});

describe('logistic fold paths on worker threads', () => {
  for (const solver of ['lbfgs', 'newton'] as const) it(`give the same bits with 1, 2 and 3 threads, and report every fit (${solver})`, async () => {
    const { X, y } = blobs({ n: 180, d: 8, classes: 3, seed: 4, spread: 2.5 });
    // Newton on shared rows: its Hessian products in Float32 on the workers too.
    const data = { X: X.data, n: X.rows, d: X.cols, y, K: 3, sw: null, shared: solver === 'newton' ? SharedRows.create(X.data, X.rows, X.cols) : null };
    const folds = searchFolds(y, 3, 3, 9)!;
    const solve = { maxIter: 300, tol: 1e-4, ftol: 1e-6, memory: 30, solver };
    const runs: Awaited<ReturnType<typeof foldPaths>>[] = [];
    for (const threads of [1, 2, 3]) {
      let ticks = 0;
      // minWork 0: threads even for this small problem.
      runs.push(await foldPaths(data, folds, DEFAULT_CS, solve, threads, () => { ticks++; }, 0));
      assert.equal(ticks, 1 + folds.length * DEFAULT_CS.length, `threads ${threads}: a tick per fit and the start`);
    }
    const key = (paths: Awaited<ReturnType<typeof foldPaths>>) => JSON.stringify(paths.map((p) => ({
      thetas: p.thetas.map((t) => Buffer.from(t.buffer).toString('base64')),
      logits: p.logits.map((t) => Buffer.from(t.buffer).toString('base64')), loss: p.loss, iterations: p.iterations,
    })));
    assert.equal(key(runs[1]!), key(runs[0]!));
    assert.equal(key(runs[2]!), key(runs[0]!));
  });
});
