import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import { data } from './ood-data.js';
import {
  OodDetector, auroc, fitKnnDistance, fitMahalanobis, fitOodDetector, fprAtTpr, restoreOodScorer, thresholdAtFalseAlarmRate,
} from '../../src/eval/ood.js';


test('AUROC and FPR@95TPR on hand-made scores', () => {
  assert.equal(auroc([1, 2, 3], [4, 5, 6]), 1);
  assert.equal(auroc([4, 5, 6], [1, 2, 3]), 0);
  assert.equal(auroc([1, 2], [2, 3]), (1 + 1 + 0.5 + 1) / 4);
  const inS = Array.from({ length: 100 }, (_, i) => i);
  assert.equal(fprAtTpr(inS, [200, 300]), 0);
  assert.equal(fprAtTpr(inS, [50, 200, 300]), 0.5);
  assert.equal(thresholdAtFalseAlarmRate(inS, 0.05), 94.05);
  assert.throws(() => thresholdAtFalseAlarmRate(inS, 1.5), /false-alarm rate/);
});

for (const [name, fit] of [
  ['mahalanobis', (X: Matrix, y: Int32Array) => fitMahalanobis(X, y, 3, 1)],
  ['knn', (X: Matrix) => fitKnnDistance(X, 5, 1)],
] as const) {
  test(`${name}: scores separate a shifted cluster and restore identically`, () => {
    const train = data(1, 300);
    const scorer = fit(train.X, train.y);
    const inS = scorer.score(data(2, 300).X);
    const outS = scorer.score(data(3, 300, 2.5).X);
    const a = auroc(inS, outS);
    assert.ok(a > 0.95, `${name} AUROC ${a}`);
    assert.ok(fprAtTpr(inS, outS) < 0.2);
    const back = restoreOodScorer(JSON.parse(JSON.stringify(scorer.toJSON())));
    assert.deepEqual(back.score(train.X.selectRows([0, 1, 2])), scorer.score(train.X.selectRows([0, 1, 2])));
  });
}

test('mahalanobis with more dims than rows still works (shrinkage)', () => {
  const train = data(4, 12);
  const s = fitMahalanobis(train.X, train.y, 3);
  const scores = s.score(data(5, 30).X);
  assert.ok(scores.every(Number.isFinite));
  assert.ok(auroc(scores, s.score(data(6, 30, 3).X)) > 0.9);
});

test('detector threshold holds its false-alarm rate on new in-distribution data and flags the shifted cluster', () => {
  const train = data(7, 600);
  for (const method of ['mahalanobis', 'knn'] as const) {
    const det = fitOodDetector(train.X, train.y, 3, { method, falseAlarmRate: 0.05, seed: 1 });
    const fresh = det.detect(data(8, 1000).X);
    const alarms = fresh.filter((v) => v.outOfDistribution).length / fresh.length;
    assert.ok(alarms > 0.01 && alarms < 0.1, `${method} false alarms ${alarms}`);
    const shifted = det.detect(data(9, 200, 3).X);
    assert.ok(shifted.filter((v) => v.outOfDistribution).length / shifted.length > 0.9);
    const back = OodDetector.fromJSON(JSON.parse(JSON.stringify(det.toJSON())));
    assert.deepEqual(back.detect(data(8, 5).X), det.detect(data(8, 5).X));
  }
});

test('mahalanobis on very wide embeddings goes through a seeded projection and restores identically', () => {
  const rng = new Rng(12);
  const wide = (n: number, shift: number): Matrix => {
    const X = new Matrix(n, 1000);
    for (let i = 0; i < n; i++) for (let j = 0; j < 1000; j++) X.set(i, j, (j === i % 3 ? 2 : 0) + (j >= 100 && j < 150 ? shift : 0) + 0.3 * rng.normal());
    return X;
  };
  const Xtr = wide(150, 0);
  const y = Int32Array.from({ length: 150 }, (_, i) => i % 3);
  const s = fitMahalanobis(Xtr, y, 3, 4);
  assert.equal(s.toJSON().dim, 256);
  const a = auroc(s.score(wide(60, 0)), s.score(wide(60, 1)));
  assert.ok(a > 0.9, `AUROC ${a}`);
  const back = restoreOodScorer(JSON.parse(JSON.stringify(s.toJSON())));
  const probe = wide(3, 0);
  assert.deepEqual(back.score(probe), s.score(probe));
});

test('knn: sparse rows (hashing vectors) score what the exact search of their unit rows gives, bit for bit, alone or beside dense rows', async () => {
  const { HashingBackbone } = await import('../../src/backbones/index.js');
  const { nearest } = await import('../../src/math/index.js');
  const hashing = new HashingBackbone({ dim: 1024 });
  const words = 'invoice meeting refund parcel storm rain budget offer prize winner schedule review'.split(' ');
  const text = (i: number, n: number) => Array.from({ length: n }, (_, t) => words[(i * 7 + t * 5) % words.length]).join(' ') + ` ${i}`;
  // training rows of many words (denser), queries of a few (each under one column in 8)
  const train = await hashing.embed(Array.from({ length: 80 }, (_, i) => text(i, 12)));
  const scorer = fitKnnDistance(train, 5, 1) as ReturnType<typeof fitKnnDistance> & { reference: Float32Array };
  const sparse = await hashing.embed(Array.from({ length: 9 }, (_, i) => text(100 + i, 3)));
  const rng = new Rng(4);
  const dense = Matrix.fromRows(Array.from({ length: 3 }, () => Array.from({ length: 1024 }, () => rng.normal())));
  const unit = (X: Matrix) => {
    const out = new Float32Array(X.data.length);
    for (let i = 0; i < X.rows; i++) {
      const r = X.row(i);
      let s = 0;
      for (const v of r) s += v * v;
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < X.cols; j++) out[i * X.cols + j] = Math.fround(r[j]! * inv);
    }
    return out;
  };
  const m = scorer.reference.length / 1024;
  const want = (X: Matrix) => {
    const nn = nearest(scorer.reference, m, 1024, unit(X), X.rows, 5);
    return Array.from({ length: X.rows }, (_, i) => 1 - nn.sim[i * 5 + 4]!);
  };
  assert.deepEqual(Array.from(scorer.score(sparse)), want(sparse), 'a batch of sparse rows');
  for (let i = 0; i < sparse.rows; i++) assert.deepEqual(Array.from(scorer.score(sparse.selectRows([i]))), [want(sparse)[i]], `sparse row ${i} alone`);
  const mixed = Matrix.fromRows([...Array.from({ length: 3 }, (_, i) => sparse.row(i)), ...Array.from({ length: 3 }, (_, i) => dense.row(i)), sparse.row(3)]);
  assert.deepEqual(Array.from(scorer.score(mixed)), [...want(sparse).slice(0, 3), ...want(dense), want(sparse)[3]], 'sparse and dense rows in one batch');
});
