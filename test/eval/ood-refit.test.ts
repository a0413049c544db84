import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../../src/core/index.js';
import { data } from './ood-data.js';
import { OOD_KNN_BLOCKS, OodDetector, fitOodDetector, refitOodDetector } from '../../src/eval/ood.js';

const B = OOD_KNN_BLOCKS;
const ALL = B * (B - 1);

function without(X: Matrix, y: Int32Array, drop: number): { X: Matrix; y: Int32Array } {
  const keep = Int32Array.from({ length: X.rows }, (_, i) => i).filter((i) => i !== drop);
  return { X: X.selectRows(keep), y: Int32Array.from(keep, (i) => y[i]!) };
}

test('kNN detector: refit after removing a row is bit-for-bit a fresh fit and searches only the removed row\'s block pairs', () => {
  const { X, y } = data(3, 600);
  const opts = { seed: 4 };
  const before = fitOodDetector(X, y, 3, opts).toJSON();
  const saved = JSON.parse(JSON.stringify(before));
  assert.equal(B, 40);
  assert.equal(saved.blocks.pairs.length, ALL, '40 blocks: 40 × 39 (held-out, reference) pairs');
  for (const drop of [0, 17, 311, 599]) {
    const rest = without(X, y, drop);
    const r = refitOodDetector(rest.X, rest.y, 3, opts, saved);
    assert.equal(JSON.stringify(r.detector.toJSON()), JSON.stringify(fitOodDetector(rest.X, rest.y, 3, opts).toJSON()));
    // 600 rows: every row is held out and in its block's reference, so its block's 2 × 39 pairs change, no more.
    assert.equal(r.searched, 2 * (B - 1), `drop ${drop}: searched ${r.searched}`);
    assert.equal(r.pairs, ALL);
  }
  // From nothing (or a detector of another seed) everything is searched.
  assert.equal(refitOodDetector(X, y, 3, opts).searched, ALL);
  assert.equal(refitOodDetector(X, y, 3, { seed: 5 }, saved).searched, ALL);
});

test('kNN detector on more rows than it samples: removing a row outside every sample reuses everything', () => {
  const { X, y } = data(5, 6000);
  const opts = { seed: 1 };
  const saved = JSON.parse(JSON.stringify(fitOodDetector(X, y, 3, opts).toJSON()));
  const counts = new Map<number, number>();
  for (let drop = 0; drop < 40; drop++) {
    const rest = without(X, y, drop);
    const r = refitOodDetector(rest.X, rest.y, 3, opts, saved);
    counts.set(r.searched, (counts.get(r.searched) ?? 0) + 1);
    if (drop < 3 || r.searched === 0) {
      assert.equal(JSON.stringify(r.detector.toJSON()), JSON.stringify(fitOodDetector(rest.X, rest.y, 3, opts).toJSON()), `drop ${drop}`);
    }
    assert.ok([0, B - 1, 2 * (B - 1)].includes(r.searched), `drop ${drop}: searched ${r.searched}`);
  }
  assert.ok((counts.get(0) ?? 0) > 5, `some removals touch no sample: ${JSON.stringify([...counts])}`);
  assert.ok((counts.get(B - 1) ?? 0) > 5, `some touch one block's reference: ${JSON.stringify([...counts])}`);
  // The detector still does its job: about 5% false alarms on new rows, the shifted cluster flagged.
  const det = OodDetector.fromJSON(saved);
  const fresh = det.detect(data(6, 2000).X);
  const alarms = fresh.filter((v) => v.outOfDistribution).length / fresh.length;
  assert.ok(alarms > 0.025 && alarms < 0.075, `false alarms ${alarms}`);
  assert.ok(det.detect(data(7, 300, 3).X).filter((v) => v.outOfDistribution).length > 0.9 * 300);
});
