import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import {
  adapter, LowRankAdapter, BatchScratch, BatchSampler, batchLossAndGrad,
} from '../../src/heads/adapter/index.js';
import type { AdapterHead } from '../../src/heads/adapter/index.js';
import { HEADS, createStrategy, restoreHead } from '../../src/heads/index.js';
import type { HeadFactory } from '../../src/heads/index.js';
import { toyBlobs, accuracy } from './toy-data.js';

/** Builds a small mlp whatever kind is asked for: the adapter takes any factory for its inner head. */
const mlpFactory: HeadFactory = {
  createStrategy: () => createStrategy('mlp', { hidden: 16, maxEpochs: 30 }),
  restoreHead,
  tags: (kind) => HEADS.tags(kind),
};

function randomAdapter(dim: number, rank: number, seed: number): LowRankAdapter {
  const rng = new Rng(seed);
  const ad = LowRankAdapter.init(dim, rank, rng);
  for (let i = 0; i < ad.b.length; i++) ad.b[i] = rng.normal() * 0.3;
  return ad;
}

test('adapter in-batch pair-loss gradient matches central finite differences', () => {
  const dim = 7;
  const rank = 3;
  const ad = randomAdapter(dim, rank, 1);
  const rng = new Rng(2);
  const rows = Array.from({ length: 5 }, () => Float32Array.from({ length: dim }, () => rng.normal()));
  const y = Int32Array.from([0, 0, 1, 1, 2]);
  const s = new BatchScratch(rows.length, dim, rank);
  const gA = new Float64Array(ad.a.length);
  const gB = new Float64Array(ad.b.length);
  batchLossAndGrad(ad, rows, y, gA, gB, s);
  const loss = (): number => batchLossAndGrad(ad, rows, y, new Float64Array(ad.a.length), new Float64Array(ad.b.length), s);
  for (const [param, grad] of [[ad.a, gA], [ad.b, gB]] as const) {
    for (let i = 0; i < param.length; i++) {
      const keep = param[i]!;
      param[i] = keep + 1e-2;
      const up = param[i]!;
      const lu = loss();
      param[i] = keep - 1e-2;
      const down = param[i]!;
      const ld = loss();
      param[i] = keep;
      const numeric = (lu - ld) / (up - down);
      assert.ok(Math.abs(numeric - grad[i]!) <= 1e-4 + 1e-2 * Math.abs(numeric), `param ${i}: analytic ${grad[i]} vs numeric ${numeric}`);
    }
  }
  assert.ok(gA.some((g) => Math.abs(g) > 1e-3) && gB.some((g) => Math.abs(g) > 1e-3), 'gradients are not trivially zero');
});

test('an untrained adapter is the identity (B starts at zero)', () => {
  const ad = LowRankAdapter.init(5, 2, new Rng(1));
  const X = Matrix.fromRows([[1, 2, 3, 4, 5], [0, -1, 0, 1, 0]]);
  assert.deepEqual(ad.transform(X, false).data, X.data);
});

test('batch sampler draws several classes with several rows each, without listing pairs', () => {
  const y = Int32Array.from({ length: 1000 }, (_, i) => i % 77);
  const s = new BatchSampler(y, 77, 16, 4);
  const rng = new Rng(3);
  for (let t = 0; t < 200; t++) {
    const b = s.next(rng);
    assert.equal(b.length, 64);
    assert.equal(new Set(b).size, 64);
    const perClass = new Map<number, number>();
    for (const i of b) perClass.set(y[i]!, (perClass.get(y[i]!) ?? 0) + 1);
    assert.equal(perClass.size, 16);
    assert.ok([...perClass.values()].every((c) => c === 4));
  }
  assert.equal(new BatchSampler(Int32Array.from([0, 1, 2]), 3, 4, 2).canPair, false);
  // one class with a pair plus singletons: the pairable class is always in the batch
  const one = new BatchSampler(Int32Array.from([0, 0, 1, 2, 3]), 4, 2, 2);
  for (let t = 0; t < 20; t++) assert.ok(Array.from(one.next(rng)).filter((i) => i < 2).length === 2);
});

/** Classes differ in a few dimensions; a large shared nuisance dominates raw cosine similarity. */
function nuisance(n: number, seed: number): { X: Matrix; y: Int32Array; labels: string[] } {
  const base = toyBlobs(4, n / 4, 16, seed, 0.4);
  const rng = new Rng(seed + 100);
  for (let i = 0; i < base.X.rows; i++) {
    const t = rng.normal() * 6;
    for (let j = 0; j < 4; j++) base.X.set(i, 16 - 1 - j, base.X.get(i, 16 - 1 - j) * 0.1 + t);
  }
  return base;
}

function cosineGap(X: Matrix, y: Int32Array): number {
  const norm = (i: number): number => Math.hypot(...X.row(i));
  let same = 0, ns = 0, diff = 0, nd = 0;
  for (let i = 0; i < X.rows; i++) for (let j = i + 1; j < X.rows; j++) {
    let d = 0;
    for (let k = 0; k < X.cols; k++) d += X.get(i, k) * X.get(j, k);
    const c = d / (norm(i) * norm(j));
    if (y[i] === y[j]) { same += c; ns++; } else { diff += c; nd++; }
  }
  return same / ns - diff / nd;
}

test('contrastive training pulls same-label rows together on held-out data', async () => {
  const all = nuisance(240, 1);
  const rows = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i);
  const train = { X: all.X.selectRows(rows(0, 160)), y: all.y.slice(0, 160), labels: all.labels };
  const held = { X: all.X.selectRows(rows(160, 240)), y: all.y.slice(160) };
  const head = (await adapter.create({ rank: 4, epochs: 60, classesPerBatch: 4, perClass: 8 }, mlpFactory)
    .fit(train.X, train.y, { seed: 1, labels: train.labels })) as AdapterHead;
  const before = cosineGap(held.X, held.y);
  const after = cosineGap(head.transform(held.X), held.y);
  assert.ok(after > before + 0.1, `cosine gap ${before.toFixed(3)} → ${after.toFixed(3)}`);
  assert.ok((head.diagnostics.chosen!.lossEnd as number) < (head.diagnostics.chosen!.lossStart as number));
  assert.ok(accuracy(head.predictProba(held.X), held.y) > 0.8);
});

test('adapter is deterministic per seed and restores bit-for-bit with its inner head', async () => {
  const d = toyBlobs(3, 10, 6, 9);
  const s = adapter.create({ rank: 2, epochs: 10 }, mlpFactory);
  const a = await s.fit(d.X, d.y, { seed: 5, labels: d.labels });
  const b = await s.fit(d.X, d.y, { seed: 5, labels: d.labels });
  assert.deepEqual(a.predictProba(d.X).data, b.predictProba(d.X).data);
  const restored = adapter.restore(JSON.parse(JSON.stringify(a.toJSON())), mlpFactory);
  assert.deepEqual(restored.predictProba(d.X).data, a.predictProba(d.X).data);
  assert.equal(restored.inner.kind, 'mlp');
});

test('adapter refuses bad parameters with the value and range', () => {
  assert.throws(() => createStrategy('adapter', { rank: 0 }), /rank must be an integer >= 1 and <= 256, got 0/);
  assert.throws(() => createStrategy('adapter', { head: { kind: 'adapter' } }), /cannot itself be an adapter/);
});

