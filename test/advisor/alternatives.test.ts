/** Measured alternatives: the best, and the cheapest not significantly worse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measuredAlternatives } from '../../src/advisor/index.js';
import { COSTS, HEADS, bakeoffResult } from './bakeoff-fixture.js';

test('rows follow the ranking; paired tests where the bake-off ran them, intervals elsewhere', () => {
  const alt = measuredAlternatives(bakeoffResult(), COSTS, HEADS);
  assert.deepEqual(alt.rows.map((r) => `${r.strategy}@${r.backbone}`), ['logistic@use-lite@1', 'centroid@use-lite@1', 'knn@hashing@1-d4096']);
  assert.equal(alt.rows[0]!.vsBest, null);
  assert.deepEqual(alt.rows[1]!.vsBest, { diff: -0.01, ci95: [-0.025, 0.005], p: 0.2, significant: false, test: 'paired-bootstrap' }, 'the runner-up, from the bake-off\'s comparison');
  assert.equal(alt.rows[2]!.vsBest!.test, 'paired-bootstrap');
  assert.equal(alt.rows[2]!.vsBest!.significant, true);
  assert.equal(alt.rows[0]!.ece, 0.02);
});

test('the cheapest not significantly worse: the smaller head on the same backbone, never a significantly worse one', () => {
  const alt = measuredAlternatives(bakeoffResult(), COSTS, HEADS);
  assert.equal(alt.cheapest, 1, 'centroid: 4,500 bytes against logistic\'s 9,000');
  assert.match(alt.cheapestWhy, /smaller head \(4,500 vs 9,000 bytes\)/);
  // hashing embeds faster but its knn is significantly worse: never picked.
  const noHeads = measuredAlternatives(bakeoffResult(), COSTS);
  assert.equal(noHeads.cheapest, 0, 'without head sizes the two use-lite entries tie and the better one stays');
  const r = bakeoffResult();
  r.comparison = { ...r.comparison!, significant: true, p: 0.001 };
  r.entries[0]!.accuracy.ci95 = [0.7, 0.75];
  assert.equal(measuredAlternatives(r, COSTS, HEADS).cheapest, 0, 'a significantly worse runner-up is not a cheaper alternative');
});
