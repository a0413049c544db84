import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, Matrix, Rng } from '../../src/core/index.js';
import { defaultCurveSizes, runBakeoff } from '../../src/eval/bakeoff.js';
import { accuracy, argmaxRows, sampleFewShot } from '../../src/eval/index.js';
import type { BakeoffOptions } from '../../src/eval/bakeoff.js';
import { MeanStrategy, MemoriseStrategy } from './doubles.js';
import { createStrategy } from '../../src/heads/index.js';
import { bakeoffStrategies } from '../../src/pipeline/bakeoff.js';
import { regularizationPath } from '../../src/heads/index.js';

const D = 6;
const labels = ['a', 'b', 'c', 'zz-out'];

/** Three overlapping in-scope classes and an out-of-scope class (index 3) far away. */
function blobs(seed: number, perClass: number, oodRows: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const n = perClass * 3 + oodRows;
  const X = new Matrix(n, D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i < perClass * 3 ? i % 3 : 3;
    y[i] = c;
    for (let j = 0; j < D; j++) X.set(i, j, (j === c ? 1.2 : 0) + (c === 3 && j === 5 ? 4 : 0) + 0.7 * rng.normal());
  }
  return { X, y };
}

function options(over: Partial<BakeoffOptions> = {}): BakeoffOptions {
  const tr = blobs(1, 70, 20), te = blobs(2, 60, 30);
  return {
    labels, yTrain: tr.y, yTest: te.y, seed: 3, seeds: 5, oodLabel: 'zz-out',
    embeddings: [{ backbone: 'toy@1', train: tr.X, test: te.X }],
    strategies: { mean: new MeanStrategy(), memorise: new MemoriseStrategy() },
    ...over,
  };
}

test('holdout bake-off: curves, winner with significance, overfitting flag, calibration and OOD', async () => {
  const r = await runBakeoff(options());
  assert.equal(r.method, 'holdout');
  assert.deepEqual(r.labels, ['a', 'b', 'c']);
  assert.equal(r.trainRows, 210);
  assert.equal(r.testRows, 180);
  assert.equal(r.entries.length, 2);
  const mean = r.entries.find((e) => e.strategy === 'mean')!;
  const mem = r.entries.find((e) => e.strategy === 'memorise')!;
  // The default curve stops below sizes that take more than half the rows: 64 per class is 192 of 210.
  assert.deepEqual(mean.points.map((p) => p.perClass), [8, 16, 32, null]);
  assert.deepEqual(mean.points.map((p) => p.n), [24, 48, 96, 210]);
  for (const p of mean.points.slice(0, -1)) {
    assert.equal(p.interval, 'seeds');
    assert.equal(p.accuracy.n, 5);
    assert.ok(p.accuracy.ci95[0] <= p.accuracy.mean && p.accuracy.mean <= p.accuracy.ci95[1]);
  }
  // The full set: one fit, interval from a bootstrap over the 180 test rows.
  const full = mean.points[3]!;
  assert.equal(full.interval, 'bootstrap');
  assert.equal(full.accuracy.n, 1);
  assert.ok(full.accuracy.ci95[0] < full.accuracy.mean && full.accuracy.mean < full.accuracy.ci95[1], JSON.stringify(full.accuracy));
  const halfWidth = 1.96 * Math.sqrt(full.accuracy.mean * (1 - full.accuracy.mean) / 180);
  assert.ok(Math.abs(full.accuracy.se - halfWidth / 1.96) < 0.01, `bootstrap se ${full.accuracy.se} vs binomial ${halfWidth / 1.96}`);
  assert.ok(mean.points[3]!.accuracy.mean > mean.points[0]!.accuracy.mean - 0.02, 'more data does not hurt');
  assert.equal(r.entries[r.ranking[0]!]!.strategy, 'mean');
  assert.ok(r.comparison && r.comparison.significant && r.comparison.diff > 0.2, JSON.stringify(r.comparison));
  assert.ok(mem.gap > 0.5);
  assert.equal(mem.overfitting, false, 'a gap alone is not overfitting');
  assert.equal(mem.overfittingVerdict!.level, 'unmeasured');
  assert.equal(mean.overfitting, false);
  assert.ok(mean.extrapolation && typeof mean.extrapolation.sentence === 'string');
  assert.equal(mean.confusion.flat().reduce((s, v) => s + v, 0), 180);
  assert.equal(mean.perClass.length, 3);
  assert.ok(mean.calibration && mean.calibration.temperature! > 0 && mean.calibration.binsAfter.length === 15);
  const ood = r.ood[0]!;
  assert.ok(ood.detection && ood.detection.mahalanobis.auroc > 0.9 && ood.detection.knn.auroc > 0.9, JSON.stringify(ood.detection));
  assert.ok(ood.heldOutFalseAlarms < 0.15);
  assert.equal(ood.histogram.inDistribution.reduce((s, v) => s + v, 0), 180);
  assert.equal(ood.histogram.outOfDistribution.reduce((s, v) => s + v, 0), 30);
  // Plain JSON, and the same seed gives identical numbers.
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  assert.deepEqual(await runBakeoff(options()), r);
});

test('the default curve doubles from 8 per class while a sample takes at most half the rows (two sizes at least)', () => {
  assert.deepEqual(defaultCurveSizes([2500, 2500, 2500, 2501]), [8, 16, 32, 64, 128, 256, 512, 1024, Infinity]);
  // Uneven classes: 16 per class takes 8 + 16 + 16 = 40 of 80 rows (kept), 32 takes 8 + 32 + 32 = 72 (not).
  assert.deepEqual(defaultCurveSizes([8, 36, 36]), [8, 16, Infinity]);
  // The first two sizes stay (an extrapolation needs three points): 16 per class is 48 of 60 rows.
  assert.deepEqual(defaultCurveSizes([20, 20, 20]), [8, 16, Infinity]);
  assert.deepEqual(defaultCurveSizes([6, 6]), [Infinity]);
});

test('no test set: cross-validates, and reports progress up to the total', async () => {
  const seen: number[] = [];
  let total = 0;
  const r = await runBakeoff(options({
    yTest: undefined, embeddings: [{ backbone: 'toy@1', train: blobs(1, 70, 20).X }], seeds: 2, sizes: [8, 32],
    strategies: { mean: new MeanStrategy() }, onProgress: (p) => { seen.push(p.done); total = p.total; },
  }));
  assert.equal(r.method, 'cv');
  assert.equal(r.folds, 5);
  assert.equal(r.entries[0]!.confusion.flat().reduce((s, v) => s + v, 0), 210);
  assert.ok(r.entries[0]!.accuracy.mean > 0.6);
  assert.equal(seen.at(-1), total);
  assert.match(r.warnings.join(' '), /only 2 seed/);
});

test('cancelling mid-way throws CancelledError', async () => {
  const ctrl = new AbortController();
  let fits = 0;
  const strategy = new MeanStrategy({}, () => { if (++fits === 3) ctrl.abort(); });
  await assert.rejects(runBakeoff(options({ strategies: { mean: strategy }, signal: ctrl.signal })), CancelledError);
  assert.ok(fits < 6);
});

test('refuses an unknown out-of-scope label and a missing test matrix', async () => {
  await assert.rejects(runBakeoff(options({ oodLabel: 'nope' })), /"nope" is not in the data/);
  await assert.rejects(runBakeoff(options({ embeddings: [{ backbone: 'x', train: blobs(1, 70, 20).X }] })), /test embeddings/);
});

test('the full set is fitted once per strategy, and calibration reuses that fit as its base', async () => {
  const mean = new MeanStrategy();
  const r = await runBakeoff(options({ strategies: { mean }, sizes: [8, 16] }));
  const fullFits = mean.fits.filter((f) => f.rows === 210);
  assert.equal(fullFits.length, 1, JSON.stringify(mean.fits));
  // 2 sizes × 5 seeds, 1 full fit, 5 out-of-fold calibration fits on 4/5 of the rows.
  assert.equal(mean.fits.length, 2 * 5 + 1 + 5);
  assert.equal(mean.fits.filter((f) => f.rows === 168).length, 5);
  assert.ok(r.entries[0]!.calibration!.temperature! > 0);
});

test('a size that already takes every row is measured once, as the full-set point', async () => {
  const mean = new MeanStrategy();
  const r = await runBakeoff(options({ strategies: { mean }, sizes: [8, 70, 500], calibrate: false }));
  assert.deepEqual(r.entries[0]!.points.map((p) => p.perClass), [8, null]);
  assert.match(r.warnings.join(' '), /70, 500 per class already take every training row/);
  assert.equal(mean.fits.length, 5 + 1);
});

test('train accuracy is scored on a seeded sample when there are more rows than trainAccuracyRows', async () => {
  const all = await runBakeoff(options({ strategies: { memorise: new MemoriseStrategy() }, sizes: [8], calibrate: false }));
  const capped = await runBakeoff(options({ strategies: { memorise: new MemoriseStrategy() }, sizes: [8], calibrate: false, trainAccuracyRows: 50 }));
  assert.equal(all.trainAccuracyRows, 2000);
  assert.equal(capped.trainAccuracyRows, 50);
  // Memorising is right on every training row, sampled or not.
  assert.equal(capped.entries[0]!.trainAccuracy.mean, 1);
  // The full-set head scores 50 training rows and the 180 test rows, never all 210 training rows.
  const scored: number[] = [];
  const inner = new MeanStrategy();
  const counting = {
    kind: inner.kind, params: inner.params,
    fit: async (X: Matrix, y: Int32Array, o: Parameters<MeanStrategy['fit']>[2]) => {
      const h = await inner.fit(X, y, o);
      return { ...h, predictProba: (Z: Matrix) => { scored.push(Z.rows); return h.predictProba(Z); } };
    },
  };
  await runBakeoff(options({ strategies: { counting }, sizes: [8], seeds: 1, calibrate: false, trainAccuracyRows: 50 }));
  assert.deepEqual(scored, [180, 50, 180, 24]);
  assert.deepEqual(capped.entries[0]!.accuracy, all.entries[0]!.accuracy);
});

test('curve fits on 2 worker threads give the same numbers as in this thread, with a test set and under CV', async () => {
  const strategies = { centroid: createStrategy('centroid'), knn: createStrategy('knn'), mean: new MeanStrategy() };
  const base = { strategies, sizes: [8, 16], seeds: 3, regularizationPath: undefined };
  const here = await runBakeoff(options({ ...base, workers: 1 }));
  let last = 0, total = 0;
  const pooled = await runBakeoff(options({ ...base, workers: 2, onProgress: (p) => { last = p.done; total = p.total; } }));
  assert.deepEqual(pooled, here);
  assert.equal(last, total, 'progress reaches the total');
  const cv = { ...base, yTest: undefined, embeddings: [{ backbone: 'toy@1', train: blobs(1, 70, 20).X }] };
  assert.deepEqual(await runBakeoff(options({ ...cv, workers: 2 })), await runBakeoff(options({ ...cv, workers: 1 })));
});

test('logistic\'s regularization path fitted on the pool gives the same points as in this thread', async () => {
  const base = { ...bakeoffStrategies(['logistic', 'centroid']), sizes: [8], seeds: 2 };
  let ticks = 0, total = 0;
  const pooled = await runBakeoff(options({ ...base, workers: 2, onProgress: (p) => { ticks = p.done; total = p.total; } }));
  const here = await runBakeoff(options({ ...base, workers: 1 }));
  assert.deepEqual(pooled, here);
  assert.equal(ticks, total, 'progress reaches the total');
  const path = pooled.entries.find((e) => e.strategy === 'logistic')!.regularizationPath!;
  assert.deepEqual(path.points.map((p) => p.value), [...regularizationPath('logistic')!.values]);
  assert.ok(path.points.every((p) => p.trainAccuracy > 0.5 && p.heldOutAccuracy > 0.5), JSON.stringify(path.points));
  const cv = { ...base, yTest: undefined, embeddings: [{ backbone: 'toy@1', train: blobs(1, 70, 20).X }] };
  assert.deepEqual(await runBakeoff(options({ ...cv, workers: 2 })), await runBakeoff(options({ ...cv, workers: 1 })));
});


/** knn's k grid for the choose-once tests: from one neighbour to a broad vote, so choices differ by seed and move scores. */
const KS = [1, 5, 40];

test('with a test set, each curve size chooses once: its first seed searches, the other seeds fit that choice (in this thread and on the pool)', async () => {
  const o = options({ strategies: { knn: createStrategy('knn', { ks: KS }) }, sizes: [8, 16], seeds: 4, calibrate: false });
  const here = await runBakeoff({ ...o, workers: 1 });
  assert.deepEqual(await runBakeoff({ ...o, workers: 2 }), here);
  const tr = o.embeddings[0]!;
  const inScope = Int32Array.from({ length: o.yTrain.length }, (_, i) => i).filter((i) => o.yTrain[i] !== 3);
  const teScope = Int32Array.from({ length: o.yTest!.length }, (_, i) => i).filter((i) => o.yTest![i] !== 3);
  const X = tr.train.selectRows(inScope), y = Int32Array.from(inScope, (i) => o.yTrain[i]!);
  const Xt = tr.test!.selectRows(teScope), yt = Int32Array.from(teScope, (i) => o.yTest![i]!);
  const fitAt = async (strategy: ReturnType<typeof createStrategy>, perClass: number, r: number) => {
    const rows = sampleFewShot(y, perClass, 3, o.seed + r);
    const head = await strategy.fit(X.selectRows(rows), Int32Array.from(rows, (i) => y[i]!), { seed: o.seed + r, labels: ['a', 'b', 'c'], scoreOnly: true });
    return { chosen: head.diagnostics.chosen, acc: accuracy(yt, argmaxRows(head.predictProba(Xt))) };
  };
  let differs = 0;
  for (const [p, perClass] of [8, 16].entries()) {
    const first = await fitAt(o.strategies.knn!, perClass, 0);
    const accs = [first.acc];
    for (let r = 1; r < 4; r++) {
      accs.push((await fitAt(createStrategy('knn', { k: first.chosen!.k as number }), perClass, r)).acc);
      if ((await fitAt(o.strategies.knn!, perClass, r)).chosen!.k !== first.chosen!.k) differs++;
    }
    assert.equal(here.entries[0]!.points[p]!.accuracy.mean, accs.reduce((a, b) => a + b, 0) / 4, `size ${perClass}`);
  }
  assert.ok(differs > 0, 'some later seed would choose another k on its own, so the test tells the protocols apart');
});

test('under cross-validation every curve unit still searches, as a strategy the registry cannot rebuild does', async () => {
  const knn = createStrategy('knn', { ks: KS });
  // Not rebuilt from kind + params, so it can never fit another seed's choice: it searches at every seed.
  const opaque = { kind: 'opaque-knn', params: {}, fit: (X: Matrix, y: Int32Array, o: Parameters<typeof knn.fit>[2]) => knn.fit(X, y, o) };
  const cv = { sizes: [8, 16], seeds: 4, calibrate: false, yTest: undefined, embeddings: [{ backbone: 'toy@1', train: blobs(1, 70, 20).X }] };
  const points = async (strategy: typeof knn | typeof opaque, over: Partial<BakeoffOptions>) =>
    (await runBakeoff(options({ ...over, strategies: { knn: strategy } }))).entries[0]!.points;
  assert.deepEqual(await points(knn, cv), await points(opaque, cv));
  // With a test set the two protocols differ (some later seed would choose another k on its own).
  const held = { sizes: [8, 16], seeds: 4, calibrate: false };
  assert.notDeepEqual((await points(knn, held)).map((p) => p.accuracy.mean), (await points(opaque, held)).map((p) => p.accuracy.mean));
});

test('the overfitting verdict reads each head\'s capacity path: 1-NN on overlapping classes overfits, the default knn does not', async () => {
  const noisy = (seed: number, n: number): { X: Matrix; y: Int32Array } => {
    const rng = new Rng(seed);
    const X = new Matrix(n, D), y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 3;
      for (let j = 0; j < D; j++) X.set(i, j, (j === y[i] ? 0.8 : 0) + 0.9 * rng.normal() + 2);
    }
    return { X, y };
  };
  const tr = noisy(11, 240), te = noisy(12, 300);
  const path = regularizationPath('knn')!;
  const r = await runBakeoff({
    labels: ['a', 'b', 'c'], yTrain: tr.y, yTest: te.y, seed: 2, seeds: 2, sizes: [16], calibrate: false,
    embeddings: [{ backbone: 'toy@1', train: tr.X, test: te.X }],
    strategies: { 'knn k=1': createStrategy('knn', { k: 1 }), knn: createStrategy('knn') },
    regularizationPaths: [{ strategy: 'knn k=1', ...path }, { strategy: 'knn', ...path }],
  });
  const one = r.entries.find((e) => e.strategy === 'knn k=1')!;
  const auto = r.entries.find((e) => e.strategy === 'knn')!;
  assert.deepEqual(one.regularizationPath!.points.map((p) => p.value), [...path.values]);
  assert.equal(one.trainScoring, 'leave-one-out');
  assert.equal(one.overfittingVerdict!.level, 'overfitting', one.overfittingVerdict!.sentence);
  assert.equal(one.overfitting, true);
  assert.match(one.overfittingVerdict!.sentence, /to \d+\.\d% at k = 1, the setting it uses.*try a larger k/);
  assert.notEqual(auto.overfittingVerdict!.level, 'overfitting', auto.overfittingVerdict!.sentence);
  assert.equal(auto.overfitting, false);
});
