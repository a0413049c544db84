import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import type { EnsembleHead } from '../../src/heads/index.js';
import { mcnemarGreater } from '../../src/heads/out-of-fold.js';
import { sliceColumns } from '../../src/math/index.js';
import { restoreHead, createStrategy } from '../../src/heads/index.js';
import { toyBlobs, accuracy } from './toy-data.js';

/**
 * Two "backbones" side by side: each sees the label only through its own noisy copy of a
 * signal, so each alone is mediocre and averaging the two is clearly better.
 */
function twoViews(n: number, seed: number): { X: Matrix; y: Int32Array; labels: string[] } {
  const rng = new Rng(seed);
  const X = new Matrix(n, 8);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const s = y[i] ? 0.6 : -0.6;
    for (let v = 0; v < 2; v++) {
      X.set(i, v * 4, s + rng.normal());
      for (let j = 1; j < 4; j++) X.set(i, v * 4 + j, rng.normal());
    }
  }
  return { X, y, labels: ['no', 'yes'] };
}

test('exact one-sided McNemar matches the binomial tail', () => {
  const a = Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 1]);
  const b = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]);
  // 6 wins, 0 losses: P(X ≥ 6 | n = 6) = 1/64
  assert.ok(Math.abs(mcnemarGreater(a, b).p - 1 / 64) < 1e-12);
  assert.equal(mcnemarGreater(b, a).p, 1);
});

test('ensemble over two column ranges beats each member and is kept', async () => {
  const d = twoViews(600, 1);
  const strategy = createStrategy('ensemble', {
    members: [{ kind: 'logistic', params: { C: 1 }, columns: [0, 4] }, { kind: 'logistic', params: { C: 1 }, columns: [4, 8] }],
    method: 'vote',
  });
  const head = (await strategy.fit(d.X, d.y, { seed: 1, labels: d.labels })) as EnsembleHead;
  assert.equal(head.selection.chosen, 'vote', JSON.stringify(head.selection));
  assert.ok(head.selection.p < 0.05);
  assert.ok(head.selection.voteAccuracy > Math.max(...head.selection.memberAccuracy));
  const held = twoViews(600, 2);
  const members = head.heads.map((h, i) => accuracy(h.predictProba(sliceColumns(held.X, [i * 4, i * 4 + 4])), held.y));
  assert.ok(accuracy(head.predictProba(held.X), held.y) > Math.max(...members));
  const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
  assert.deepEqual(again.predictProba(held.X).data, head.predictProba(held.X).data);
});

test('when members tie the simpler member wins and the diagnostics say why', async () => {
  const d = toyBlobs(3, 20, 6, 3, 0.1);
  const head = (await createStrategy('ensemble', { members: [{ kind: 'logistic' }, { kind: 'centroid' }] })
    .fit(d.X, d.y, { seed: 2, labels: d.labels })) as EnsembleHead;
  assert.deepEqual(head.selection.memberAccuracy, [1, 1]);
  assert.equal(head.selection.chosen, 'member');
  assert.equal(head.selection.member, 1);
  assert.equal(head.heads.length, 1);
  assert.equal(head.heads[0]!.kind, 'centroid');
  assert.match(head.diagnostics.warnings[0]!, /did not beat its best member centroid.*using centroid alone/);
  const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
  assert.deepEqual(again.predictProba(d.X).data, head.predictProba(d.X).data);
});

test('stacking fits a meta-head on out-of-fold log-probabilities and restores bit-for-bit', async () => {
  const d = twoViews(400, 5);
  const head = (await createStrategy('ensemble', {
    members: [{ kind: 'logistic', columns: [0, 4] }, { kind: 'logistic', columns: [4, 8] }], method: 'stack', alpha: 1,
  }).fit(d.X, d.y, { seed: 3, labels: d.labels })) as EnsembleHead;
  assert.equal(head.selection.chosen, 'stack');
  assert.equal(head.meta?.kind, 'logistic');
  assert.ok(head.selection.stackAccuracy! > 0.6);
  const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
  assert.deepEqual(again.predictProba(d.X).data, head.predictProba(d.X).data);
});

test('ensemble refuses too few members and columns past the input width', async () => {
  assert.throws(() => createStrategy('ensemble', { members: [{ kind: 'logistic' }] }), /at least 2 heads/);
  const d = toyBlobs(2, 5, 3, 1);
  await assert.rejects(createStrategy('ensemble', { members: [{ kind: 'logistic', columns: [0, 9] }, { kind: 'centroid' }] })
    .fit(d.X, d.y, { seed: 1, labels: d.labels }), /columns 0..9 but X has 3/);
});
