import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, DataError, Matrix } from '../../src/core/index.js';
import { crossValidate, evaluateOnTest, formatLeaderboard, headlineMetrics } from '../../src/eval/index.js';
import { bootstrapScores } from '../../src/eval/bootstrap.js';
import type { EvalResult } from '../../src/eval/index.js';
import { blobs, BrokenStrategy, MeanStrategy, MemoriseStrategy } from './doubles.js';

const labels = ['a', 'b'];

test('separable data: perfect held-out scores, one head per fold, plain-data result', async () => {
  const { X, y } = blobs([15, 10], 1);
  const s = new MeanStrategy();
  const r = await crossValidate(s, X, y, { labels, seed: 7 });
  assert.equal(r.method, 'cv');
  assert.equal(r.folds, 5);
  assert.equal(s.fits.length, 5);
  assert.deepEqual(s.fits.map((f) => f.rows), [20, 20, 20, 20, 20]);
  assert.deepEqual(s.fits.map((f) => f.seed), [7, 8, 9, 10, 11]);
  assert.equal(r.metrics.accuracy.mean, 1);
  assert.equal(r.metrics.accuracy.std, 0);
  assert.equal(r.metrics.accuracy.values.length, 5);
  assert.equal(r.metrics.macroF1.mean, 1);
  assert.ok(r.metrics.logLoss.mean < 0.05);
  assert.equal(r.overfitting, false);
  assert.ok(Math.abs(r.gap.accuracy) < 1e-12);
  assert.deepEqual(r.confusion, [[15, 0], [0, 10]]);
  assert.deepEqual(r.perClass.map((c) => [c.label, c.support, c.f1]), [['a', 15, 1], ['b', 10, 1]]);
  assert.equal(r.proba.length, 25);
  for (const row of r.proba) assert.ok(Math.abs(row[0]! + row[1]! - 1) < 1e-5);
  assert.equal(r.fits.length, 5);
  assert.ok(r.timing.fitSecondsTotal >= 0 && r.timing.totalSeconds >= r.timing.fitSecondsTotal);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('every held-out probability comes from a head that did not see that row', async () => {
  // The memoriser is right only on rows it trained on and says "a" elsewhere.
  const { X, y } = blobs([10, 10], 2);
  const r = await crossValidate(new MemoriseStrategy(), X, y, { labels, seed: 1 });
  assert.equal(r.train.accuracy.mean, 1);
  assert.equal(r.metrics.accuracy.mean, 0.5);
  assert.deepEqual(r.confusion, [[10, 0], [10, 0]]);
  for (let i = 0; i < 20; i++) assert.deepEqual(r.proba[i], [1, 0]);
  assert.equal(r.perClass[1]!.recall, 0);
  assert.equal(r.perClass[1]!.f1, 0);
});

test('a train–held-out gap alone is not called overfitting: without a capacity path the verdict is unmeasured', async () => {
  const { X, y } = blobs([10, 10], 2);
  const r = await crossValidate(new MemoriseStrategy(), X, y, { labels, seed: 1, folds: 4 });
  assert.equal(r.folds, 4);
  assert.ok(Math.abs(r.gap.accuracy - 0.5) < 1e-12);
  assert.equal(r.overfitting, false);
  assert.equal(r.overfittingVerdict.level, 'unmeasured');
  assert.match(r.overfittingVerdict.sentence, /50\.0-point train − held-out gap.*a gap alone does not show overfitting/);
  assert.equal(r.trainScoring, 'resubstitution');
  assert.ok(!r.warnings.some((w) => /overfit/.test(w)));
});

test('fit warnings are collected from every fold', async () => {
  const { X, y } = blobs([6, 6], 3);
  const r = await crossValidate(new MeanStrategy({ warn: 'did not converge' }), X, y, { labels, seed: 1, folds: 3 });
  assert.deepEqual(r.warnings, ['fold 1: did not converge', 'fold 2: did not converge', 'fold 3: did not converge']);
  assert.deepEqual(r.fits[2]!.diagnostics.warnings, ['did not converge']);
});

test('same seed gives the same result', async () => {
  const { X, y } = blobs([12, 12, 12], 4);
  const three = ['a', 'b', 'c'];
  const strip = (r: EvalResult): unknown => ({ ...r, timing: null, fits: r.fits.map((f) => ({ ...f, fitSeconds: 0, predictSeconds: 0 })) });
  const a = await crossValidate(new MeanStrategy(), X, y, { labels: three, seed: 5 });
  const b = await crossValidate(new MeanStrategy(), X, y, { labels: three, seed: 5 });
  assert.deepEqual(strip(a), strip(b));
});

test('progress is reported per fold and an abort between folds throws CancelledError', async () => {
  const { X, y } = blobs([10, 10], 5);
  const seen: number[] = [];
  await crossValidate(new MeanStrategy(), X, y, { labels, seed: 1, onProgress: (p) => seen.push(p.done) });
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);

  const ac = new AbortController();
  const s = new MeanStrategy({}, () => ac.abort());
  await assert.rejects(crossValidate(s, X, y, { labels, seed: 1, signal: ac.signal }), CancelledError);
  assert.equal(s.fits.length, 1);
});

test('bad inputs are DataErrors that say what to fix', async () => {
  const { X, y } = blobs([10, 10], 6);
  await assert.rejects(crossValidate(new MeanStrategy(), X, y.subarray(1), { labels, seed: 1 }), /20 embedding rows but 19 labels/);
  await assert.rejects(crossValidate(new MeanStrategy(), X, y, { labels: ['a'], seed: 1 }), DataError);
  await assert.rejects(crossValidate(new MeanStrategy(), X, Int32Array.from(y, () => 2), { labels, seed: 1 }), /outside 0..1/);
  await assert.rejects(crossValidate(new MeanStrategy(), X, Int32Array.from(y, (_, i) => (i === 0 ? 1 : 0)), { labels, seed: 1 }), /"b" has 1/);
  await assert.rejects(crossValidate(new BrokenStrategy(), X, y, { labels, seed: 1 }), /bug in the head/);
});

test('evaluateOnTest fits once on train and scores the test rows only', async () => {
  const train = blobs([8, 8], 7);
  const testSet = blobs([3, 5], 8);
  const s = new MeanStrategy();
  const r = await evaluateOnTest(s, train.X, train.y, testSet.X, testSet.y, { labels, seed: 2 });
  assert.equal(r.method, 'holdout');
  assert.equal(s.fits.length, 1);
  assert.equal(s.fits[0]!.rows, 16);
  assert.equal(r.folds, 1);
  assert.equal(r.rows, 8);
  assert.equal(r.proba.length, 8);
  assert.deepEqual(r.confusion, [[3, 0], [0, 5]]);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);

  const mem = await evaluateOnTest(new MemoriseStrategy(), train.X, train.y, testSet.X, testSet.y, { labels, seed: 2 });
  assert.equal(mem.metrics.accuracy.mean, 3 / 8);
  assert.equal(mem.train.accuracy.mean, 1);
  assert.equal(mem.overfitting, false, 'a gap is not evidence');

  await assert.rejects(
    evaluateOnTest(s, train.X, train.y, new Matrix(8, 3), testSet.y, { labels, seed: 2 }),
    /same backbone/,
  );
});

test('headlineMetrics is a flat record of the held-out means', async () => {
  const { X, y } = blobs([10, 10], 9);
  const r = await crossValidate(new MemoriseStrategy(), X, y, { labels, seed: 1 });
  const h = headlineMetrics(r);
  assert.equal(h.accuracy, 0.5);
  assert.equal(h.trainAccuracy, 1);
  assert.equal(h.overfitting, 0);
  assert.equal(h.folds, 5);
});

test('a single test-set score gets the bake-off\'s bootstrap interval, not ± 0', async () => {
  const train = blobs([8, 8], 7);
  const testSet = blobs([12, 12], 8);
  const mem = await evaluateOnTest(new MemoriseStrategy(), train.X, train.y, testSet.X, testSet.y, { labels, seed: 2 });
  const a = mem.metrics.accuracy;
  assert.equal(a.mean, 0.5);
  const boot = bootstrapScores(testSet.y, Int32Array.from(mem.proba, (p) => (p[1]! > p[0]! ? 1 : 0)), 2, 2);
  assert.ok(a.std > 0.05 && a.std < 0.15, `bootstrap standard error ${a.std}`);
  assert.equal(a.std, boot.accuracy.std);
  assert.deepEqual(a.ci95, boot.accuracy.ci95);
  assert.ok(a.ci95![0] < a.mean && a.mean < a.ci95![1]);
  assert.ok(mem.metrics.macroF1.ci95, 'macro-F1 too');
  assert.match(formatLeaderboard([{ backbone: 'b', strategy: 'memorise', result: mem }]), /50\.0 ± (?!0\.0)\d+\.\d[\s\S]*bootstrap standard error over the test rows/);
});

test('crossValidateAndFit: one set of folds for a C-searching logistic; the plain path for heads that cannot cross-fit', async () => {
  const { calibrated, createStrategy } = await import('../../src/heads/index.js');
  const { crossValidateAndFit } = await import('../../src/eval/index.js');
  const { X, y } = blobs([40, 35, 30], 3);
  const three = ['a', 'b', 'c'];
  const base = createStrategy('logistic');
  const r = await crossValidateAndFit(base, calibrated(base), X, y, { labels: three, seed: 4, folds: 5, threads: 1 });
  assert.equal(r.cv.folds, 5);
  assert.equal(r.cv.strategy.kind, 'logistic', 'the CV measures the base');
  assert.equal(r.cv.proba.length, X.rows);
  assert.ok(r.cv.fits.every((f) => f.diagnostics.path?.param === 'C' && f.diagnostics.path.points.length === 5), 'each fold brings its C path');
  assert.notEqual(r.cv.overfittingVerdict.level, 'unmeasured', 'the verdict reads the paths of the folds');
  assert.equal(r.head.kind, 'calibrated');
  assert.deepEqual((await r.strategy.fit(X, y, { seed: 4, labels: three })).toJSON(), r.head.toJSON(), 'the saved strategy refits this head');
  // knn cannot cross-fit: a plain cross-validation, then the fit.
  const knn = createStrategy('knn', { k: 3 });
  const plain = await crossValidateAndFit(knn, knn, X, y, { labels: three, seed: 4, folds: 5 });
  const alone = await crossValidate(knn, X, y, { labels: three, seed: 4, folds: 5 });
  assert.deepEqual(plain.cv.proba, alone.proba);
  assert.equal(plain.strategy, knn);
});

test('crossValidateAndFit scores the cross-fit folds a block of rows at a time with the scores of the whole fold at once', async () => {
  const { calibrated, createStrategy } = await import('../../src/heads/index.js');
  const { crossValidateAndFit } = await import('../../src/eval/index.js');
  const { logLoss } = await import('../../src/eval/metrics.js');
  // Over 1,024 training rows per fold: several blocks, the last one partial.
  const { X, y } = blobs([700, 650, 600], 8);
  const three = ['a', 'b', 'c'];
  const base = createStrategy('logistic', { Cs: [0.1, 10] });
  const r = await crossValidateAndFit(base, calibrated(base), X, y, { labels: three, seed: 2, folds: 4, threads: 1 });
  const folds = (await base.crossFit!(X, y, { labels: three, seed: 2, folds: 4, threads: 1 }))!.folds;
  folds.forEach((f, j) => {
    assert.ok(f.train.length > 1024);
    const P = f.head.predictProba(X.selectRows(f.train));
    const yt = Int32Array.from(f.train, (i) => y[i]!);
    assert.equal(r.cv.fits[j]!.trainRows, f.train.length);
    assert.equal(r.cv.fits[j]!.train.logLoss, logLoss(yt, P), `fold ${j + 1}: the same train log-loss to the bit`);
  });
});
