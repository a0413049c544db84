import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/core/index.js';
import { countByLabel, stratifiedQuotas, stratifiedSample } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';

function dataset(counts: Record<string, number>): Dataset {
  const examples = Object.entries(counts).flatMap(([label, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${label}-${i}`, text: `${label} text ${i}`, label, line: 0 })));
  examples.forEach((e, i) => (e.line = i + 1));
  return { name: 't', source: 't', examples, labels: Object.keys(counts).sort(), duplicates: 0, dropped: 0 };
}

test('quotas keep proportions, sum to n, at least one per class', () => {
  assert.deepEqual(stratifiedQuotas([700, 300], 100), [70, 30]);
  assert.deepEqual(stratifiedQuotas([990, 9, 1], 10), [8, 1, 1]);
  assert.deepEqual(stratifiedQuotas([5, 5], 20), [5, 5]);
  for (const n of [4, 17, 250, 999]) {
    const q = stratifiedQuotas([600, 333, 66, 1], n);
    assert.equal(q.reduce((a, b) => a + b, 0), Math.min(n, 1000));
    assert.ok(q.every((x) => x >= 1));
  }
});

test('same seed, same sample; other seed, other sample; original order kept', () => {
  const ds = dataset({ ham: 400, spam: 100, phish: 7 });
  const a = stratifiedSample(ds, 50, 1);
  const b = stratifiedSample(ds, 50, 1);
  const c = stratifiedSample(ds, 50, 2);
  assert.deepEqual(a.examples.map((e) => e.id), b.examples.map((e) => e.id));
  assert.notDeepEqual(a.examples.map((e) => e.id), c.examples.map((e) => e.id));
  const lines = a.examples.map((e) => e.line);
  assert.deepEqual(lines, [...lines].sort((x, y) => x - y));
  assert.deepEqual(countByLabel(a), { ham: 39, phish: 1, spam: 10 });
  assert.equal(ds.examples.length, 507, 'input not mutated');
});

test('n at or above the size returns everything; n below the class count is refused', () => {
  const ds = dataset({ a: 3, b: 2 });
  assert.equal(stratifiedSample(ds, 10, 0).examples.length, 5);
  assert.throws(() => stratifiedSample(dataset({ a: 3, b: 2, c: 2 }), 2, 0), UsageError);
  assert.throws(() => stratifiedSample(ds, 0, 0), UsageError);
});
