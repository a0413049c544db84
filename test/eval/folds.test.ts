import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/index.js';
import { chooseFolds, crossValidate } from '../../src/eval/index.js';
import { blobs, MeanStrategy } from './doubles.js';

test('as many folds as asked when every class has that many examples', () => {
  assert.deepEqual(chooseFolds([5, 9, 40], 5), { folds: 5, wanted: 5 });
});

test('few-shot: as many folds as the smallest class allows, and a sentence that says so', () => {
  const c = chooseFolds([40, 3, 12, 0], 5, ['billing', 'refund', 'other', 'absent']);
  assert.equal(c.folds, 3);
  assert.equal(c.wanted, 5);
  assert.match(c.note!, /^3-fold cross-validation instead of 5: the smallest class, "refund", has 3 examples/);
  assert.equal(chooseFolds([2, 7], 10).folds, 2, 'down to leave-one-out within the smallest class');
});

test('a class of one example is refused, naming it and --folds', () => {
  assert.throws(() => chooseFolds([4, 1, 1], 5, ['a', 'b', 'c']), (e: unknown) =>
    e instanceof DataError && /"b", "c" have 1/.test(e.message) && /--folds 0/.test(e.message));
});

test('crossValidate on a few-shot slice: fewer folds, every row held out once, said first in the warnings', async () => {
  const { X, y } = blobs([3, 3, 3, 3, 3, 3], 4);
  const s = new MeanStrategy();
  const r = await crossValidate(s, X, y, { labels: ['a', 'b', 'c', 'd', 'e', 'f'], seed: 1 });
  assert.equal(r.folds, 3);
  assert.equal(r.foldsRequested, 5);
  assert.equal(s.fits.length, 3);
  assert.deepEqual(s.fits.map((f) => f.rows), [12, 12, 12]);
  assert.equal(r.rows, 18);
  assert.match(r.warnings[0]!, /3-fold cross-validation instead of 5/);
  const five = blobs([5, 5], 4);
  const full = await crossValidate(new MeanStrategy(), five.X, five.y, { labels: ['a', 'b'], seed: 1 });
  assert.equal(full.folds, 5);
  assert.equal(full.foldsRequested, undefined);
});
