/** The proportional learning curve: class proportions kept, samples nested, deterministic, cancellable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/index.js';
import { proportionalCurve, fractionCounts, usableFractions, labelsForSizes, strategyWithChosen, DEFAULT_FRACTIONS } from '../../src/advisor/index.js';
import { createStrategy } from '../../src/heads/index.js';
import type { FittedHead } from '../../src/heads/index.js';
import { MeanStrategy } from '../eval/doubles.js';
import { blobs } from '../heads/gaussian-blobs.js';

/** 3 classes in proportions 6 : 3 : 1 (imbalanced), as the proportional curve must keep them. */
function imbalanced(n: number, seed: number) {
  const b = blobs({ n: n * 2, d: 6, classes: 3, seed, spread: 1.6 });
  const want = [0.6, 0.3, 0.1].map((s) => Math.round(s * n));
  const keep: number[] = [];
  const got = [0, 0, 0];
  for (let i = 0; i < b.y.length; i++) if (got[b.y[i]!]! < want[b.y[i]!]!) { keep.push(i); got[b.y[i]!]!++; }
  return { X: b.X.selectRows(keep), y: Int32Array.from(keep, (i) => b.y[i]!), labels: b.labels };
}

const FULL = { n: 1000, accuracy: 0.9, se: 0.01, confusion: [[10, 0, 0], [0, 10, 0], [0, 0, 10]] };

test('with a test set: every point keeps the data\'s class proportions; the full point is the one given', async () => {
  const train = imbalanced(1000, 1), held = imbalanced(300, 2);
  const s = new MeanStrategy();
  const points = await proportionalCurve({ strategy: s, X: train.X, y: train.y, labels: train.labels, test: { X: held.X, y: held.y }, seed: 5, seeds: 2, full: FULL });
  assert.deepEqual(points.map((p) => p.fraction), [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, null]);
  assert.equal(s.fits.length, 5 * 2, 'one fit per fraction and seed; the full point is not refitted');
  for (const p of points.slice(0, -1)) {
    assert.deepEqual(p.classCounts, fractionCounts([600, 300, 100], p.fraction!), `fraction ${p.fraction}`);
    assert.equal(p.n, p.classCounts.reduce((a, b) => a + b, 0));
    assert.equal(p.confusion.flat().reduce((a, b) => a + b, 0), 300 * 2, 'the test rows, once per seed');
    assert.ok(p.mean > 0.34 && p.mean <= 1 && p.se >= 0);
  }
  const full = points.at(-1)!;
  assert.equal(full.n, 1000);
  assert.equal(full.mean, 0.9);
  assert.ok(full.se <= 0.01);
  assert.deepEqual(s.fits.map((f) => f.seed), [5, 6, 5, 6, 5, 6, 5, 6, 5, 6]);
  const again = await proportionalCurve({ strategy: new MeanStrategy(), X: train.X, y: train.y, labels: train.labels, test: { X: held.X, y: held.y }, seed: 5, seeds: 2, full: FULL });
  assert.deepEqual(again, points, 'same seed, same curve');
});

test('without a test set each seed holds out a fifth; a class short of 2 rows at a fraction gets 2', async () => {
  const train = imbalanced(200, 3);
  const s = new MeanStrategy();
  const points = await proportionalCurve({ strategy: s, X: train.X, y: train.y, labels: train.labels, seed: 1, seeds: 3, full: { ...FULL, n: 160 } });
  // Pools of 96, 48 and 16 rows: 1/16 of the smallest class is 1 row and 1/32 of it 0.5, floored at 2.
  assert.deepEqual(points.map((p) => p.fraction), [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, null]);
  assert.deepEqual(points.map((p) => p.classCounts), [[3, 2, 2], [6, 3, 2], [12, 6, 2], [24, 12, 4], [48, 24, 8], [96, 48, 16]]);
  assert.equal(points[4]!.confusion.flat().reduce((a, b) => a + b, 0), 40 * 3, 'a fifth held out per seed');
});

test('many classes with few rows each still get a curve: sizes per class of about 2, 4, 8, 16', () => {
  // 76 classes of 26 pool rows and one of 7 (as banking77's quarter): only ½ kept every class at 2 rows unfloored.
  const pool = [...new Array<number>(76).fill(26), 7];
  assert.deepEqual(usableFractions(pool, [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2]), [1 / 16, 1 / 8, 1 / 4, 1 / 2]);
  assert.deepEqual(fractionCounts(pool, 1 / 16).slice(-2), [2, 2], 'round(1.6) is 2; round(0.4) is 0, floored to 2');
  // 1/32 would floor 78 of its 154 rows (half: more than a quarter) and repeat 1/16's size.
  assert.deepEqual(usableFractions([26, 26, 7], [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2]), [1 / 8, 1 / 4, 1 / 2]);
  assert.deepEqual(usableFractions([1, 1, 1], [1 / 4, 1 / 2]), [], 'a class of one row: no size below the full one');
});

test('labels after which a curve has 4 sizes: every class scaled by the same factor', () => {
  // 3 rows a class: only ½ is measured (2 sizes). 4× gives ⅛ (2 a class), ¼ (3), ½ (6) and all 12.
  assert.deepEqual(labelsForSizes([3, 3, 3], DEFAULT_FRACTIONS, 4), [9, 9, 9]);
  assert.equal(usableFractions([12, 12, 12], DEFAULT_FRACTIONS).length, 3);
  assert.equal(usableFractions([9, 9, 9], DEFAULT_FRACTIONS).length, 2, '3× is not enough');
  assert.equal(labelsForSizes([400, 100], DEFAULT_FRACTIONS, 4), null, 'already 6 sizes');
  assert.deepEqual(labelsForSizes([1, 1], DEFAULT_FRACTIONS, 4), [11, 11], 'one row a class: 12× (⅛ of 12 is round(1.5) = 2 rows, unfloored)');
});

test('cancelling between fits throws CancelledError and returns nothing', async () => {
  const train = imbalanced(1000, 4);
  const ac = new AbortController();
  let fits = 0;
  const s = new MeanStrategy({}, () => { if (++fits === 3) ac.abort(); });
  await assert.rejects(
    proportionalCurve({ strategy: s, X: train.X, y: train.y, labels: train.labels, seed: 1, seeds: 2, full: FULL, signal: ac.signal }),
    CancelledError,
  );
  assert.equal(fits, 3);
});

test('retune: each size searches once (its first seed); the other seeds fit that choice, the same numbers on worker threads', async () => {
  const train = imbalanced(600, 5), held = imbalanced(200, 6);
  const fractions = [1 / 4, 1 / 2];
  const seen: { fraction: number; round: number; chosen: unknown }[] = [];
  let retuned = 0;
  const input = {
    strategy: createStrategy('logistic'), X: train.X, y: train.y, labels: train.labels, test: { X: held.X, y: held.y }, seed: 3, seeds: 3, fractions, full: FULL,
    retune: (h: FittedHead) => { retuned++; return strategyWithChosen('logistic', h.diagnostics.chosen); },
  };
  const here = await proportionalCurve({ ...input, onHead: (fraction, round, h) => seen.push({ fraction, round, chosen: h.diagnostics.chosen }) });
  assert.equal(retuned, 2, 'once per size');
  assert.deepEqual(seen.map((s) => [s.fraction, s.round]), [[1 / 4, 0], [1 / 4, 1], [1 / 4, 2], [1 / 2, 0], [1 / 2, 1], [1 / 2, 2]]);
  assert.ok(seen.filter((s) => s.round === 0).every((s) => typeof (s.chosen as { C?: number } | undefined)?.C === 'number'), 'the first seed searches C');
  assert.ok(seen.filter((s) => s.round > 0).every((s) => s.chosen === undefined), 'the others fit at the C given');
  seen.length = 0;
  const pooled = await proportionalCurve({ ...input, workers: 2, onHead: (fraction, round, h) => seen.push({ fraction, round, chosen: h.diagnostics.chosen }) });
  assert.deepEqual(pooled, here, 'the same curve with the other seeds on worker threads');
  assert.deepEqual(seen.map((s) => s.round), [0, 0], 'only the first seeds fit in this thread');
});

test('cancelling while the other seeds fit on worker threads throws CancelledError', async () => {
  const train = imbalanced(600, 7), held = imbalanced(200, 8);
  const ac = new AbortController();
  await assert.rejects(proportionalCurve({
    strategy: createStrategy('logistic'), X: train.X, y: train.y, labels: train.labels, test: { X: held.X, y: held.y }, seed: 3, seeds: 3, fractions: [1 / 2], full: FULL,
    retune: (h) => strategyWithChosen('logistic', h.diagnostics.chosen), workers: 2, signal: ac.signal,
    onHead: () => setImmediate(() => ac.abort()),
  }), CancelledError);
});
