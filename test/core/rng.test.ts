import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/index.js';

test('same seed gives the same stream; different seeds differ', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const sa = Array.from({ length: 5 }, () => a.nextUint32());
  const sb = Array.from({ length: 5 }, () => b.nextUint32());
  const sc = Array.from({ length: 5 }, () => c.nextUint32());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('next() is uniform enough on [0,1)', () => {
  const r = new Rng(7);
  let sum = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const v = r.next();
    assert.ok(v >= 0 && v < 1);
    sum += v;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`);
});

test('shuffle is a permutation and is seeded', () => {
  const a = new Rng(1).shuffle([...Array(50).keys()]);
  const b = new Rng(1).shuffle([...Array(50).keys()]);
  assert.deepEqual(a, b);
  assert.deepEqual([...a].sort((x, y) => x - y), [...Array(50).keys()]);
  assert.notDeepEqual(a, [...Array(50).keys()]);
});
