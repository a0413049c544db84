/** The decision on constructed cases, one per rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, forecast } from '../../src/advisor/index.js';
import { decisionInput } from './fixtures.js';

test('a best head already above the target: use graft', () => {
  const d = decide(decisionInput({ rows: 2000, law: [0.97, 0.8, 0.5], target: 0.9 }));
  assert.equal(d.action, 'use-graft');
  assert.match(d.headline, /meets the target/);
  assert.equal(d.route, null);
  assert.equal(d.moreLabels, null);
  assert.ok(d.wouldChange.length > 0);
  assert.match(d.constraints.join(' '), /target 90\.0%/);
});

test('a curve that reaches the target at about 2× the data: label more, with the classes to label', () => {
  // acc(n) = 0.95 − 2·n^−0.5: 0.905 at 2,000 rows, 0.92 at 4,444.
  const d = decide(decisionInput({ rows: 2000, law: [0.95, 2, 0.5], target: 0.92 }));
  assert.equal(d.action, 'label-more');
  assert.ok(d.moreLabels! > 1500 && d.moreLabels! < 3500, `${d.moreLabels} more labels (≈ 2,444)`);
  assert.deepEqual(d.labelClasses.map((c) => c.label), ['a', 'b']);
  assert.equal(d.labelClasses.reduce((s, c) => s + c.labels, 0), d.moreLabels);
  assert.match(d.headline, /Label 2,\d{3} more examples first/);
});

test('a flat curve far below the target: fine-tuning or more data, never "use graft now"', () => {
  // Saturated at 0.62: labels cannot reach 0.80.
  const input = decisionInput({ rows: 3000, law: [0.62, 0.5, 1.5], target: 0.8, classes: 6 });
  const d = decide(input);
  assert.ok(d.action === 'fine-tune' || d.action === 'label-more', d.action);
  assert.equal(d.action, 'fine-tune');
  assert.ok(d.route !== null);
  assert.match(d.reasons.join(' '), /not predicted to reach|only the top of/);
});

test('the budget and latency limits remove routes; the target then counts as out of reach', () => {
  const input = decisionInput({ rows: 3000, law: [0.62, 0.5, 1.5], target: 0.8, classes: 6, budgetUsd: 0.01, latencyMs: 1 });
  assert.ok(input.routes.every((r) => r.withinBudget === false || r.withinLatency === false));
  const d = decide(input);
  assert.equal(d.action, 'use-graft');
  assert.match(d.headline, /out of reach/);
  assert.match(d.constraints.join(' '), /budget \$0\.01: over budget/);
  assert.match(d.constraints.join(' '), /latency 1 ms: graft measures 5\.0 ms per text — over the limit too/);
});

test('labels dearer than the budget allows: the labelling answer is not given', () => {
  const cheap = decide(decisionInput({ rows: 2000, law: [0.95, 2, 0.5], target: 0.92, labelCostUsd: 0.01, budgetUsd: 1000 }));
  assert.equal(cheap.action, 'label-more');
  const dear = decide(decisionInput({ rows: 2000, law: [0.95, 2, 0.5], target: 0.92, labelCostUsd: 5, budgetUsd: 1000 }));
  assert.notEqual(dear.action, 'label-more');
});

test('no target: a steep curve says label more (double the data); a flat one says use graft', () => {
  const steep = decide(decisionInput({ rows: 500, law: [0.95, 3, 0.5] }));
  assert.equal(steep.action, 'label-more');
  assert.equal(steep.moreLabels, 500);
  const flat = decide(decisionInput({ rows: 20_000, law: [0.9, 0.05, 0.5] }));
  assert.notEqual(flat.action, 'label-more');
  assert.match(flat.reasons.join(' '), /2× the labels is predicted to add/);
});

test('fine-tuning chosen on data with private values says to remove them first', () => {
  const d = decide(decisionInput({ rows: 3000, law: [0.62, 0.5, 1.5], target: 0.8, classes: 6, piiShare: 0.1 }));
  assert.equal(d.action, 'fine-tune');
  assert.match(d.reasons.join(' '), /10\.0% of the texts hold private data \(EMAIL\): remove it before fine-tuning/);
});

test('a curve of 3 sizes: cannot tell yet, with the labels per class after which it can, and graft\'s best meanwhile', () => {
  const input = decisionInput({ rows: 231, law: [0.95, 2, 0.5], classes: 77 });
  const pts = [{ n: 154, mean: 0.55, se: 0.01 }, { n: 200, mean: 0.6, se: 0.01 }, { n: 231, mean: 0.63, se: 0.01 }];
  input.forecast = forecast(pts, { available: 231, seed: 1 });
  assert.equal(input.forecast.reliable, false);
  const perClass = Array.from({ length: 77 }, (_, k) => ({ label: `c${k}`, labels: k === 0 ? 20 : 9 }));
  const d = decide({ ...input, labelsToTell: perClass });
  assert.equal(d.action, 'cannot-tell');
  assert.equal(d.moreLabels, 20 + 76 * 9);
  assert.equal(d.labelClasses[0]!.label, 'c0', 'the class needing most labels first');
  assert.match(d.headline, /^Cannot tell yet .* label about 704 more examples .* use graft's best \(\d+\.\d%\)\.$/);
  assert.match(d.reasons.join(' '), /has 3 sizes, too few to check its own extrapolation .* 704 more labels \(4\.0× the data/);
  assert.equal(d.route, null);
  const met = decide({ ...input, labelsToTell: perClass, constraints: { targetAccuracy: 0.6 } });
  assert.equal(met.action, 'use-graft', 'a target met now needs no forecast');
});

test('a wide forecast (backtests that miss): cannot tell yet; double the data to check it', () => {
  const input = decisionInput({ rows: 800, law: [0.95, 2, 0.5] });
  const zigzag = [[50, 0.5], [100, 0.7], [200, 0.55], [400, 0.8], [800, 0.6]].map(([n, mean]) => ({ n: n!, mean: mean!, se: 0.005 }));
  input.forecast = forecast(zigzag, { available: 800, seed: 1 });
  const d = decide({ ...input, labelsToTell: null });
  assert.equal(d.action, 'cannot-tell');
  assert.equal(d.moreLabels, 800);
  assert.match(d.reasons.join(' '), /missed its larger ones by up to \d+\.\d points per doubling/);
  assert.equal(decide(decisionInput({ rows: 800, law: [0.95, 2, 0.5] })).action !== 'cannot-tell', true, 'the same rows on a clean curve get an answer');
});
