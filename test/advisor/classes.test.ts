/** Which classes labels help most: from per-class recall along the curve. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planLabels } from '../../src/advisor/index.js';
import type { CurveMeasurement } from '../../src/advisor/index.js';

/** Class "flat" at recall 0.9 whatever its rows; class "steep" gains 0.1 recall per doubling. */
function points(): CurveMeasurement[] {
  return [100, 200, 400, 800].map((n, i) => {
    const steep = Math.round(100 * (0.4 + 0.1 * i));
    return {
      n, fraction: n === 800 ? null : n / 800, mean: 0.7, se: 0.01, seeds: 1,
      classCounts: [n / 2, n / 2],
      confusion: [[90, 10], [100 - steep, steep]],
    };
  });
}

test('the class whose recall climbs with its labels gets the labels', () => {
  const plan = planLabels(points(), ['flat', 'steep'], 400);
  assert.deepEqual(plan.classes.map((c) => c.label), ['steep', 'flat']);
  const steep = plan.classes[0]!;
  assert.ok(Math.abs(steep.slopePerDoubling - 0.1) < 1e-9, 'recall per doubling of its rows');
  assert.equal(steep.rows, 400);
  assert.equal(steep.recall, 0.7);
  // 100 more labels on 400: 0.5 share × 0.1 × log2(500/400).
  assert.ok(Math.abs(steep.gainPer100 - 0.5 * 0.1 * Math.log2(500 / 400)) < 1e-12);
  assert.equal(plan.classes[1]!.slopePerDoubling, 0);
  assert.deepEqual(plan.allocation, [{ label: 'steep', labels: 400 }]);
});

test('the allocation adds up to the labels asked for; with no gain anywhere it follows the class shares', () => {
  const pts = points();
  const mixed = pts.map((p, i) => ({ ...p, confusion: [[60 + 8 * i, 40 - 8 * i], [60 - 10 * i, 40 + 10 * i]] }));
  const plan = planLabels(mixed, ['a', 'b'], 1000);
  assert.equal(plan.allocation.reduce((s, a) => s + a.labels, 0), 1000);
  assert.equal(plan.allocation.length, 2, 'both classes gain, so both get labels (diminishing returns)');
  const flat = pts.map((p) => ({ ...p, confusion: [[90, 10], [20, 80]] }));
  assert.deepEqual(planLabels(flat, ['a', 'b'], 300).allocation.map((a) => a.labels), [150, 150]);
  assert.deepEqual(planLabels(pts, ['flat', 'steep'], 0).allocation, []);
});
