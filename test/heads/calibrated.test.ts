import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import type { FitOptions, FittedHead, HeadJSON, Strategy } from '../../src/heads/head.js';
import { CalibratedHead, applyTemperature, calibratedHead, fitTemperature } from '../../src/heads/calibrated/index.js';
import { HEADS, calibrated } from '../../src/heads/index.js';

/** A nearest-centroid head with a deliberately sharp softmax: over-confident by design. */
class SharpCentroid implements Strategy<{ sharpness: number }> {
  readonly kind = 'sharp-centroid';
  readonly params = { sharpness: 40 };
  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    const k = opts.labels.length;
    const c = new Float64Array(k * X.cols);
    const n = new Array<number>(k).fill(0);
    for (let i = 0; i < X.rows; i++) {
      n[y[i]!]!++;
      for (let j = 0; j < X.cols; j++) c[y[i]! * X.cols + j]! += X.get(i, j);
    }
    for (let a = 0; a < k; a++) for (let j = 0; j < X.cols; j++) c[a * X.cols + j]! /= Math.max(1, n[a]!);
    return makeHead(Array.from(c), k, X.cols, opts.labels, this.params.sharpness);
  }
}

function makeHead(c: number[], k: number, dim: number, labels: readonly string[], sharp: number): FittedHead {
  return {
    kind: 'sharp-centroid', labels, dim, diagnostics: { warnings: [] },
    predictProba(X: Matrix): Matrix {
      const out = new Matrix(X.rows, k);
      for (let i = 0; i < X.rows; i++) {
        const s = Array.from({ length: k }, (_, a) => {
          let d = 0;
          for (let j = 0; j < dim; j++) d += (X.get(i, j) - c[a * dim + j]!) ** 2;
          return -sharp * d;
        });
        const m = Math.max(...s);
        const e = s.map((v) => Math.exp(v - m));
        const z = e.reduce((p, q) => p + q, 0);
        e.forEach((v, a) => out.set(i, a, v / z));
      }
      return out;
    },
    toJSON(): HeadJSON {
      return { kind: 'sharp-centroid', format: 1, params: { sharpness: sharp }, labels: [...labels], dim, diagnostics: { warnings: [] }, state: { c, k } };
    },
  };
}

function blobs(seed: number, n: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(n, 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    X.set(i, 0, y[i]! * 0.6 + rng.normal() * 0.5);
    X.set(i, 1, rng.normal() * 0.5);
  }
  return { X, y };
}

function ece(P: Matrix, y: Int32Array, bins = 15): number {
  const cnt = new Array<number>(bins).fill(0), conf = new Array<number>(bins).fill(0), hit = new Array<number>(bins).fill(0);
  for (let i = 0; i < P.rows; i++) {
    let top = 0;
    for (let j = 1; j < P.cols; j++) if (P.get(i, j) > P.get(i, top)) top = j;
    const b = Math.min(bins - 1, Math.floor(P.get(i, top) * bins));
    cnt[b]!++; conf[b]! += P.get(i, top); if (top === y[i]) hit[b]!++;
  }
  return cnt.reduce((s, c, b) => s + (c === 0 ? 0 : Math.abs(hit[b]! - conf[b]!) / P.rows), 0);
}

const labels = ['a', 'b', 'c'];

test('calibration reduces ECE of an over-confident head without changing its predictions', async () => {
  const train = blobs(1, 600);
  const testSet = blobs(2, 1500);
  const raw = await new SharpCentroid().fit(train.X, train.y, { seed: 1, labels });
  const cal = await calibrated(new SharpCentroid()).fit(train.X, train.y, { seed: 1, labels });
  assert.ok(cal instanceof CalibratedHead);
  assert.ok(cal.temperature > 1.5, `an over-confident head needs T > 1, got ${cal.temperature}`);
  const Pr = raw.predictProba(testSet.X);
  const Pc = cal.predictProba(testSet.X);
  const before = ece(Pr, testSet.y), after = ece(Pc, testSet.y);
  assert.ok(after < before / 2, `ECE ${before.toFixed(3)} → ${after.toFixed(3)}`);
  for (let i = 0; i < Pc.rows; i++) {
    const s = Pc.row(i).reduce((p, q) => p + q, 0);
    assert.ok(Math.abs(s - 1) < 1e-5);
    const argmax = (r: Float32Array): number => r.indexOf(Math.max(...r));
    assert.equal(argmax(Pc.row(i)), argmax(Pr.row(i)));
  }
});

test('fitTemperature recovers the temperature that generated the labels', () => {
  const rng = new Rng(4);
  const n = 4000;
  const P = new Matrix(n, 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = rng.normal() * 3;
    const p = 1 / (1 + Math.exp(-z));
    P.set(i, 0, p); P.set(i, 1, 1 - p);
    const truth = 1 / (1 + Math.exp(-z / 2.5)); // true probabilities are softer by T = 2.5
    y[i] = rng.next() < truth ? 0 : 1;
  }
  const T = fitTemperature(P, y);
  assert.ok(Math.abs(T - 2.5) < 0.3, `T=${T}`);
  const same = applyTemperature(P, 1);
  assert.ok(Math.abs(same.get(0, 0) - P.get(0, 0)) < 1e-5);
});

test('same seed → same head; serialises and restores to identical predictions; does not mutate input', async () => {
  const { X, y } = blobs(3, 300);
  const X0 = X.clone(), y0 = y.slice();
  const s = calibrated(new SharpCentroid(), { folds: 4 });
  const a = await s.fit(X, y, { seed: 7, labels }) as CalibratedHead;
  const b = await s.fit(X, y, { seed: 7, labels }) as CalibratedHead;
  assert.equal(a.temperature, b.temperature);
  assert.deepEqual(X.data, X0.data);
  assert.deepEqual(y, y0);
  const json = JSON.parse(JSON.stringify(a.toJSON())) as HeadJSON;
  assert.equal(json.kind, 'calibrated');
  const restored = calibratedHead.restore(json, {
    createStrategy: () => new SharpCentroid(),
    restoreHead: (j) => {
      const st = j.state as { c: number[]; k: number };
      return makeHead(st.c, st.k, j.dim, j.labels, (j.params as { sharpness: number }).sharpness);
    },
    tags: (k) => HEADS.tags(k),
  });
  assert.deepEqual(restored.predictProba(X).data, a.predictProba(X).data);
  assert.deepEqual(s.params, { folds: 4, base: { kind: 'sharp-centroid', params: { sharpness: 40 } } });
});

test('a base that brings its own out-of-fold probabilities is fitted once, and T is fitted on those', async () => {
  const { X, y } = blobs(4, 300);
  // Out-of-fold probabilities from "elsewhere": the sharp head's own, deliberately softened.
  const sharp = await new SharpCentroid().fit(X, y, { seed: 1, labels });
  const given = applyTemperature(sharp.predictProba(X), 3);
  let fits = 0;
  const base: Strategy = {
    kind: 'sharp-centroid', params: { sharpness: 40 },
    async fit(Xf, yf, o) {
      fits++;
      const h = await new SharpCentroid().fit(Xf, yf, o);
      let taken = false;
      return Object.assign(h, { takeOutOfFold: () => (taken ? undefined : (taken = true, given)) });
    },
  };
  const head = await calibrated(base, { folds: 5 }).fit(X, y, { seed: 1, labels }) as CalibratedHead;
  assert.equal(fits, 1, 'no fold refits');
  assert.equal(head.temperature, fitTemperature(given, y));
  // Without them, the k fold refits run (and give another temperature).
  const plain = await calibrated(new SharpCentroid(), { folds: 5 }).fit(X, y, { seed: 1, labels }) as CalibratedHead;
  assert.notEqual(plain.temperature, head.temperature);
});

test('refuses bad params and leaves tiny classes uncalibrated with a warning', async () => {
  assert.throws(() => calibrated(new SharpCentroid(), { folds: 1 }), /folds must be an integer >= 2 and <= 20, got 1/);
  const X = Matrix.fromRows([[0, 0], [1, 1], [0, 0.1]]);
  const h = await calibrated(new SharpCentroid()).fit(X, Int32Array.from([0, 1, 0]), { seed: 1, labels: ['a', 'b'] }) as CalibratedHead;
  assert.equal(h.temperature, 1);
  assert.match(h.diagnostics.warnings.join(' '), /uncalibrated/);
});

test('registered as kind "calibrated": wraps a real head and restores through the registry', async () => {
  const { createStrategy, restoreHead } = await import('../../src/heads/index.js');
  const { X, y } = blobs(5, 120);
  const s = createStrategy('calibrated', { base: { kind: 'centroid', params: {} }, folds: 3 });
  assert.equal(s.kind, 'calibrated');
  const head = await s.fit(X, y, { seed: 2, labels });
  const back = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
  assert.deepEqual(back.predictProba(X).data, head.predictProba(X).data);
  assert.throws(() => createStrategy('calibrated', { base: 42 }), /base must be a head kind/);
  assert.throws(() => createStrategy('calibrated', { base: 'nope' }), /Unknown head kind/);
});
