/** The proportional learning curve: class proportions kept, samples nested, deterministic, cancellable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/index.js';
import { proportionalCurve, fractionCounts } from '../../src/advisor/index.js';
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

test('without a test set each seed holds out a fifth; fractions too small for a class are skipped', async () => {
  const train = imbalanced(200, 3);
  const s = new MeanStrategy();
  const points = await proportionalCurve({ strategy: s, X: train.X, y: train.y, labels: train.labels, seed: 1, seeds: 3, full: { ...FULL, n: 160 } });
  // The smallest class has 20 rows, 16 in the pool: 1/32 and 1/16 of it are fewer than 2 rows.
  assert.deepEqual(points.map((p) => p.fraction), [1 / 8, 1 / 4, 1 / 2, null]);
  assert.deepEqual(points[2]!.classCounts, [48, 24, 8], 'half of the 80% pool, per class');
  assert.equal(points[2]!.confusion.flat().reduce((a, b) => a + b, 0), 40 * 3, 'a fifth held out per seed');
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
