/** The expected gain of fine-tuning from published comparisons, and how well the table predicts itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINE_TUNING_EVIDENCE, applyReduction, estimateGain, leaveOneOut, rowReduction } from '../../src/advisor/index.js';
import type { EvidenceRow } from '../../src/advisor/index.js';

const row = (id: string): EvidenceRow => FINE_TUNING_EVIDENCE.find((r) => r.id === id)!;

test('error reduction of a row, by hand, with the base-to-large conversion', () => {
  // BANKING77 full data: frozen 93.36%, BERT-large 93.66% → 1 − 6.34/6.64.
  assert.ok(Math.abs(rowReduction(row('banking77-full')) - (1 - 0.0634 / 0.0664)) < 1e-12);
  // BANKING77 5-shot, RoBERTa-base 74.04% vs frozen 76.29%: as a large model its error would be 25.96/1.23.
  assert.ok(Math.abs(rowReduction(row('banking77-5'), 'large') - (1 - 0.2596 / 1.23 / 0.2371)) < 1e-12);
  assert.ok(Math.abs(rowReduction(row('banking77-5'), 'base') - (1 - 0.2596 / 0.2371)) < 1e-12);
  assert.ok(Math.abs(applyReduction(0.8, 0.25) - 0.85) < 1e-12);
});

test('one published result alone is its own estimate; results far from this size weigh little', () => {
  const only = [row('agnews-64')];
  const g = estimateGain(64, 'large', only);
  assert.ok(Math.abs(g.reduction - rowReduction(only[0]!)) < 1e-12);
  assert.ok(g.thin);
  const two = [row('banking77-5'), row('sst2-full-large')];
  const few = estimateGain(5, 'large', two), many = estimateGain(30_000, 'large', two);
  assert.ok(few.reduction < many.reduction, 'the 5-shot result dominates at 5 per class, the full-data one at 30k');
  assert.deepEqual(few.rows, ['banking77-5']);
});

test('estimates hold their range; the published table predicts itself by leave-one-out', () => {
  for (const n of [4, 8, 64, 500, 30_000]) {
    const g = estimateGain(n, 'large');
    assert.ok(g.range[0] <= g.reduction && g.reduction <= g.range[1], `range holds the estimate at ${n}`);
  }
  const loo = leaveOneOut();
  assert.equal(loo.rows.length, FINE_TUNING_EVIDENCE.length);
  assert.ok(loo.meanAbsError > 0 && loo.meanAbsError < 0.5);
  for (const r of loo.rows) {
    assert.ok(Math.abs(r.absError - Math.abs(r.predicted - r.published)) < 1e-12);
    assert.equal(r.inside, r.published >= r.range[0] && r.published <= r.range[1]);
  }
});
