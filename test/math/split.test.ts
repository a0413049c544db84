import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, UsageError } from '../../src/core/index.js';
import { stratifiedKFold } from '../../src/math/index.js';

function labelsOf(n: number[]): Int32Array {
  return Int32Array.from(n.flatMap((count, c) => new Array<number>(count).fill(c)));
}

test('every row is in exactly one test fold, and train is its complement', () => {
  const y = labelsOf([10, 5]);
  const folds = stratifiedKFold(y, 5, 1);
  assert.equal(folds.length, 5);
  const seen = new Array<number>(y.length).fill(0);
  for (const f of folds) {
    for (const i of f.test) seen[i]!++;
    assert.deepEqual([...f.train, ...f.test].sort((a, b) => a - b), [...y.keys()]);
    assert.deepEqual([...f.test], [...f.test].sort((a, b) => a - b));
  }
  assert.deepEqual(seen, new Array<number>(y.length).fill(1));
});

test('each class is spread evenly over the folds', () => {
  const y = labelsOf([10, 5]);
  for (const f of stratifiedKFold(y, 5, 3)) {
    assert.equal(f.test.filter((i) => y[i] === 0).length, 2);
    assert.equal(f.test.filter((i) => y[i] === 1).length, 1);
  }
});

test('uneven classes: per-class and per-fold counts differ by at most one', () => {
  const y = labelsOf([7, 6, 4]);
  const folds = stratifiedKFold(y, 3, 9);
  for (let c = 0; c < 3; c++) {
    const counts = folds.map((f) => f.test.filter((i) => y[i] === c).length);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `class ${c}: ${counts}`);
  }
  const sizes = folds.map((f) => f.test.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
});

test('the split is seeded: same seed same folds, another seed other folds', () => {
  const y = labelsOf([20, 20]);
  const a = stratifiedKFold(y, 4, 11).map((f) => [...f.test]);
  const b = stratifiedKFold(y, 4, 11).map((f) => [...f.test]);
  const c = stratifiedKFold(y, 4, 12).map((f) => [...f.test]);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('a class with fewer than k examples is a DataError naming the class and count', () => {
  const y = labelsOf([10, 2]);
  assert.throws(() => stratifiedKFold(y, 5, 1, ['ham', 'spam']), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(e.message, /"spam" has 2/);
    assert.match(e.message, /at least 5/);
    assert.match(e.message, /fewer folds/);
    return true;
  });
});

test('fewer than 2 folds or a non-integer is a UsageError', () => {
  assert.throws(() => stratifiedKFold(labelsOf([4, 4]), 1, 1), UsageError);
  assert.throws(() => stratifiedKFold(labelsOf([4, 4]), 2.5, 1), UsageError);
});
