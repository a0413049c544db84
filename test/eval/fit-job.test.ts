import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, DataError, Matrix, Rng, UsageError } from '../../src/core/index.js';
import { createStrategy } from '../../src/heads/index.js';
import { FitPool, registrySpec, scoreFit } from '../../src/eval/fit-job.js';
import { JobCosts, recipeOf } from '../../src/eval/pool-costs.js';
import { MeanStrategy } from './doubles.js';

function data(): { train: Matrix; yTrain: Int32Array; test: Matrix; yTest: Int32Array; labels: string[] } {
  const rng = new Rng(4);
  const make = (n: number) => {
    const X = new Matrix(n, 4);
    const y = Int32Array.from({ length: n }, (_, i) => i % 2);
    for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) X.set(i, j, (j === y[i] ? 2 : 0) + rng.normal());
    return { X, y };
  };
  const tr = make(40), te = make(20);
  return { train: tr.X, yTrain: tr.y, test: te.X, yTest: te.y, labels: ['a', 'b'] };
}

test('a pooled fit returns what the same fit returns in this thread, and a job only scored (a curve point) tells the head so', async () => {
  const d = data();
  const pool = new FitPool(2, d);
  try {
    const job = { trainRows: Int32Array.from({ length: 30 }, (_, i) => i), held: 'test' as const, seed: 3, cap: 10 };
    const here = await scoreFit(createStrategy('logistic'), d, job);
    const there = await pool.run('logistic', createStrategy('logistic').params, job);
    assert.deepEqual(Array.from(there.proba.data), Array.from(here.proba.data));
    assert.equal(there.trainAccuracy, here.trainAccuracy);
    // What the fit chose comes back from the worker as from this thread (a curve's later seeds fit it).
    assert.equal(typeof here.chosen?.C, 'number');
    assert.deepEqual(there.chosen, here.chosen);
    assert.equal((await pool.run('logistic', { C: 1 }, job)).chosen, undefined, 'nothing searched, nothing chosen');
    // scoreOnly reaches the head: logistic's refit then stops at innerFtol, here and on a worker.
    const scored = await scoreFit(createStrategy('logistic'), d, { ...job, scoreOnly: true });
    const ftolOf = (h: { diagnostics: object }): number => (h.diagnostics as { stop: { ftol: number } }).stop.ftol;
    assert.deepEqual([ftolOf(here.head), ftolOf(scored.head)], [2.220446049250313e-9, 1e-6]);
    const scoredThere = await pool.run('logistic', createStrategy('logistic').params, { ...job, scoreOnly: true });
    assert.deepEqual(Array.from(scoredThere.proba.data), Array.from(scored.proba.data));
    const cv = await pool.run('centroid', {}, { ...job, held: Int32Array.from([30, 31, 32]) });
    assert.equal(cv.proba.rows, 3);
  } finally {
    await pool.close();
  }
});

test('a fit that fails on a worker thread rejects with the same error class, code and issues; a closed pool cancels', async () => {
  const d = data();
  const pool = new FitPool(1, d);
  const oneClass = Int32Array.from([0, 2, 4, 6]); // all label "a"
  const job = { trainRows: oneClass, held: 'test' as const, seed: 1, cap: 10 };
  const here = await scoreFit(createStrategy('logistic', { C: 1 }), d, job).catch((e: unknown) => e) as DataError;
  await assert.rejects(pool.run('logistic', { C: 1 }, job), (e: unknown) =>
    e instanceof DataError && e.code === 'one_class' && e.exitCode === 2 && /at least 2 labels/.test(e.message) &&
    JSON.stringify(e.issues) === JSON.stringify(here.issues));
  await assert.rejects(pool.run('knn', { k: 0 }, { ...job, trainRows: Int32Array.from([0, 1, 2, 3]) }), (e: unknown) =>
    e instanceof UsageError && e.code === 'bad_param' && /k must be an integer >= 1, got 0/.test(e.message));
  await pool.close();
  await assert.rejects(pool.run('centroid', {}, { trainRows: oneClass, held: 'test', seed: 1, cap: 10 }), CancelledError);
});

test('only strategies the registry rebuilds exactly go to worker threads', () => {
  assert.deepEqual(registrySpec(createStrategy('knn', { k: 3 })), { kind: 'knn', params: createStrategy('knn', { k: 3 }).params });
  assert.equal(registrySpec(new MeanStrategy()), undefined);
});

test('the pool\'s cost model ranks a job by its recipe\'s measured seconds per row, and an unmeasured recipe as the costliest', () => {
  const costs = new JobCosts();
  assert.ok(costs.estimate('knn {}', 200) > costs.estimate('logistic {}', 100), 'nothing measured: rows alone');
  costs.observe('knn {}', 1000, 2);
  costs.observe('logistic {}', 1000, 14);
  costs.observe('logistic {}', 500, 7);
  assert.ok(costs.estimate('logistic {}', 1000) > costs.estimate('knn {}', 4000), 'a logistic unit 7x as costly per row outranks a larger knn unit');
  assert.equal(costs.estimate('logistic {}', 100), 100 * (21 / 1500));
  assert.equal(costs.estimate('logistic {"C":100}', 100), costs.estimate('logistic {}', 100), 'unmeasured: the costliest rate');
  costs.observe('centroid {}', 1000, 0);
  assert.equal(costs.estimate('centroid {}', 5000), 0);
  costs.observe('bad', 0, 1);
  costs.observe('bad', 10, Number.NaN);
  assert.equal(costs.estimate('bad', 10), costs.estimate('logistic {}', 10), 'nothing usable observed for it');
  assert.equal(recipeOf('knn', { k: 5 }), 'knn {"k":5}');
});
