/**
 * The conformance suite every head kind passes (scikit-learn's `parametrize_with_checks`,
 * typed). conformance.test.ts runs it on every registered kind:
 * `runHeadConformance('mlp', () => createStrategy('mlp', {...}))`.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError, GraftError, Matrix } from '../../src/core/index.js';
import { createStrategy, headTagsOf, predictLabels, restoreHead, summaryOf, tagsOf } from '../../src/heads/index.js';
import type { FittedHead, Strategy } from '../../src/heads/index.js';
import { blobsWithTest } from './gaussian-blobs.js';
import type { Blobs } from './gaussian-blobs.js';

export interface ConformanceOptions {
  /** Training rows (default 120) and test rows (default 60) of the synthetic blobs. */
  n?: number;
  nTest?: number;
  /** Embedding width (default 64) and classes (default 4). */
  d?: number;
  classes?: number;
  /** Accuracy the head must reach on well-separated blobs (default 0.95). */
  minAccuracy?: number;
}

/** `make(train)` builds the strategy; it may read the training blobs (a zero-shot prior from their class means). */
export function runHeadConformance(name: string, make: (train: Blobs) => Strategy, opts: ConformanceOptions = {}): void {
  const n = opts.n ?? 120, nTest = opts.nTest ?? 60, d = opts.d ?? 64, classes = opts.classes ?? 4;
  const minAccuracy = opts.minAccuracy ?? 0.95;
  // Well separated (centre distance ≈ √(2d) ≫ noise) so that class order mistakes show up as errors.
  const { train, test } = blobsWithTest({ n, nTest, d, classes, seed: 11, spread: 0.6 });
  const makeStrategy = (): Strategy => make(train);
  const fitOpts = { seed: 7, labels: train.labels };
  const fit = (s: Strategy = makeStrategy()): Promise<FittedHead> => s.fit(train.X, train.y, fitOpts);

  describe(`${name} conformance`, () => {
    it('params round-trip through JSON and through createStrategy', () => {
      const s = makeStrategy();
      const again = JSON.parse(JSON.stringify(s.params)) as object;
      assert.deepEqual(again, s.params);
      assert.deepEqual(createStrategy(s.kind, again).params, s.params);
    });

    it('fit does not mutate X, y or labels', async () => {
      const X0 = train.X.data.slice(), y0 = train.y.slice(), labels0 = [...train.labels];
      await fit();
      assert.deepEqual(train.X.data, X0);
      assert.deepEqual(train.y, y0);
      assert.deepEqual(train.labels, labels0);
    });

    it('predictProba rows are probabilities summing to 1 (±1e-6), one column per label', async () => {
      const head = await fit();
      assert.equal(head.kind, makeStrategy().kind);
      assert.equal(head.dim, d);
      assert.deepEqual([...head.labels], train.labels);
      const P = head.predictProba(test.X);
      assert.equal(P.rows, nTest);
      assert.equal(P.cols, classes);
      for (let i = 0; i < P.rows; i++) {
        let s = 0;
        for (let j = 0; j < P.cols; j++) {
          const p = P.get(i, j);
          assert.ok(p >= 0 && p <= 1, `P[${i}][${j}] = ${p} is not a probability`);
          s += p;
        }
        assert.ok(Math.abs(s - 1) <= 1e-6, `row ${i} sums to ${s}`);
      }
    });

    it('column j is labels[j], whatever order the labels are given in', async () => {
      // Reverse and rotate the label list, re-encode y, and check that the argmax column
      // names the true label on held-out rows.
      const orders = [train.labels, [...train.labels].reverse(), [...train.labels.slice(1), train.labels[0]!]];
      for (const order of orders) {
        const map = train.labels.map((l) => order.indexOf(l));
        const y = Int32Array.from(train.y, (c) => map[c]!);
        const head = await makeStrategy().fit(train.X, y, { seed: 7, labels: order });
        const P = head.predictProba(test.X);
        let correct = 0;
        for (let i = 0; i < nTest; i++) {
          let best = 0;
          for (let j = 1; j < classes; j++) if (P.get(i, j) > P.get(i, best)) best = j;
          if (head.labels[best] === test.labels[test.y[i]!]) correct++;
        }
        assert.ok(correct / nTest >= minAccuracy, `accuracy ${correct / nTest} with label order ${order.join(',')}`);
      }
    });

    it('toJSON → JSON text → restoreHead predicts bit-for-bit the same', async () => {
      const head = await fit();
      const json = head.toJSON();
      const restored = restoreHead(JSON.parse(JSON.stringify(json)));
      assert.equal(restored.kind, head.kind);
      assert.deepEqual([...restored.labels], [...head.labels]);
      assert.equal(restored.dim, head.dim);
      assert.deepEqual(restored.diagnostics, head.diagnostics);
      const a = head.predictProba(test.X).data, b = restored.predictProba(test.X).data;
      assert.ok(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), 'restored probabilities differ');
      assert.equal(JSON.stringify(restored.toJSON()), JSON.stringify(json));
    });

    it('the same seed gives the same head', async () => {
      const a = JSON.stringify((await fit()).toJSON());
      const b = JSON.stringify((await fit()).toJSON());
      assert.equal(a, b);
    });

    it('refuses NaN/Inf input in fit and in predict with a DataError naming row and column', async () => {
      const X = train.X.clone();
      X.set(5, 3, NaN);
      await assert.rejects(makeStrategy().fit(X, train.y, fitOpts), (e: unknown) =>
        e instanceof DataError && /non-finite/.test(e.message) && /row 5, column 3/.test(e.message));
      const head = await fit();
      const T = test.X.clone();
      T.set(2, 1, Infinity);
      assert.throws(() => head.predictProba(T), (e: unknown) => e instanceof DataError && /row 2, column 1/.test(e.message));
      if (head.explain) {
        const x = test.X.row(0).slice();
        x[0] = NaN;
        assert.throws(() => head.explain!(x), DataError);
      }
    });

    it('refuses input of the wrong width, and mismatched or out-of-range y', async () => {
      const head = await fit();
      assert.throws(() => head.predictProba(new Matrix(3, d + 1)), (e: unknown) =>
        e instanceof DataError && e.message.includes(String(d)) && e.message.includes(String(d + 1)));
      await assert.rejects(makeStrategy().fit(train.X, train.y.subarray(1), fitOpts), GraftError);
      const bad = train.y.slice();
      bad[0] = classes;
      await assert.rejects(makeStrategy().fit(train.X, bad, fitOpts), DataError);
    });

    it('explain (where present) scores every label with a finite number', async () => {
      const head = await fit();
      if (!head.explain) return;
      const e = head.explain(test.X.row(0));
      assert.deepEqual(Object.keys(e.scores).sort(), [...train.labels].sort());
      for (const v of Object.values(e.scores)) assert.ok(Number.isFinite(v));
    });

    it('diagnostics and summary are plain JSON, with a warnings list', async () => {
      const head = await fit();
      assert.ok(Array.isArray(head.diagnostics.warnings));
      assert.deepEqual(JSON.parse(JSON.stringify(head.diagnostics)), head.diagnostics);
      const summary = summaryOf(head);
      assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
      assert.deepEqual(summaryOf(restoreHead(JSON.parse(JSON.stringify(head.toJSON())))), summary);
    });

    it('carries the tags its kind is registered with', () => {
      const s = makeStrategy();
      assert.deepEqual(tagsOf(s), headTagsOf(s.kind));
    });

    it('predictLabels gives one prediction per row, read as its tags say', async () => {
      const head = await fit();
      const P = head.predictProba(test.X);
      const out = predictLabels(head, test.X);
      assert.equal(out.length, nTest);
      const independent = headTagsOf(head.kind).output === 'independent';
      for (const [i, p] of out.entries()) {
        assert.deepEqual(Object.keys(p.probabilities), [...head.labels]);
        if (independent) {
          // each label's own probability; the label is the set above the thresholds
          assert.ok(Array.isArray(p.labels) && p.thresholds !== undefined);
          assert.equal(p.label, p.labels.join('|'));
          for (const l of p.labels) assert.ok(p.probabilities[l]! >= p.thresholds[l]!);
        } else {
          let best = 0;
          for (let j = 1; j < P.cols; j++) if (P.get(i, j) > P.get(i, best)) best = j;
          assert.equal(p.label, head.labels[best]);
          assert.equal(p.confidence, P.get(i, best));
        }
      }
    });
  });
}
