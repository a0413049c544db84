/**
 * The cross-backbone entry of a bake-off (`across`): its strategies for each full split are made
 * from its parts' full-set heads on that same split, so the ensemble's members start from what
 * each backbone's own fit chose instead of searching it again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, Rng } from '../../src/core/index.js';
import { runBakeoff } from '../../src/eval/bakeoff.js';
import type { BakeoffEmbeddings } from '../../src/eval/bakeoff.js';
import { createStrategy } from '../../src/heads/index.js';
import type { FitOptions, FittedHead, Strategy } from '../../src/heads/index.js';
import { hconcat, stratifiedKFold } from '../../src/math/index.js';

const labels = ['a', 'b', 'c'];

/** Three overlapping classes in `d` dimensions; `shift` moves which columns carry the class. */
function blobs(seed: number, perClass: number, d: number, shift: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const X = new Matrix(perClass * 3, d);
  const y = new Int32Array(perClass * 3);
  for (let i = 0; i < X.rows; i++) {
    y[i] = i % 3;
    for (let j = 0; j < d; j++) X.set(i, j, (j === (y[i]! + shift) % d ? 1.1 : 0) + 0.8 * rng.normal());
  }
  return { X, y };
}

/** Records the rows of every fit and delegates. */
class Recording implements Strategy {
  readonly kind: string;
  readonly params: object;
  readonly fits: number[] = [];
  constructor(private readonly inner: Strategy) {
    this.kind = inner.kind;
    this.params = inner.params;
  }
  fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    this.fits.push(X.rows);
    return this.inner.fit(X, y, opts);
  }
}

const never: Strategy = {
  kind: 'ensemble', params: {},
  fit: () => { throw new Error('the placeholder strategy of an `across` entry was fitted'); },
};

async function run(holdout: boolean) {
  const a = blobs(1, 40, 6, 0), b = blobs(1, 40, 5, 2);
  const ta = blobs(2, 30, 6, 0), tb = blobs(2, 30, 5, 2);
  const calls: FittedHead[][] = [];
  const made: Recording[] = [];
  const across: BakeoffEmbeddings['across'] = {
    parts: [0, 1],
    strategies: (heads) => {
      const parts = heads.map((h) => h.get('logistic')!);
      calls.push(parts);
      const members = parts.map((h, i) => ({ kind: 'logistic', params: h.diagnostics.chosen, columns: i === 0 ? [0, 6] : [6, 11] }));
      const s = new Recording(createStrategy('ensemble', { members }));
      made.push(s);
      return { ensemble: s };
    },
  };
  const r = await runBakeoff({
    labels, yTrain: a.y, ...(holdout ? { yTest: ta.y } : {}), seed: 7, seeds: 1, sizes: [], calibrate: false,
    strategies: { logistic: createStrategy('logistic') },
    embeddings: [
      { backbone: 'a@1', train: a.X, ...(holdout ? { test: ta.X } : {}) },
      { backbone: 'b@1', train: b.X, ...(holdout ? { test: tb.X } : {}) },
      { backbone: 'a@1+b@1', train: hconcat([a.X, b.X]), ...(holdout ? { test: hconcat([ta.X, tb.X]) } : {}), strategies: { ensemble: never }, across },
    ],
  });
  return { r, calls, made, a, b, ta };
}

test('with a test set: one ensemble fit, its members at the C each part chose on the same rows', async () => {
  const { r, calls, made, a, b, ta } = await run(true);
  assert.equal(calls.length, 1);
  assert.deepEqual(made.map((m) => m.fits), [[120]]);
  // The heads handed over are the parts' own full-set fits: an independent fit on the same rows and seed gives the same C and predictions.
  for (const [i, part] of [a, b].entries()) {
    const own = await createStrategy('logistic').fit(part.X, part.y, { seed: 7, labels });
    assert.deepEqual(calls[0]![i]!.diagnostics.chosen, own.diagnostics.chosen);
    assert.ok(own.diagnostics.chosen?.C !== undefined);
    if (i === 0) assert.deepEqual(calls[0]![0]!.predictProba(ta.X).data, own.predictProba(ta.X).data);
  }
  const e = r.entries.find((x) => x.backbone === 'a@1+b@1')!;
  assert.equal(e.strategy, 'ensemble');
  assert.ok(e.accuracy.mean > 0.5, `ensemble accuracy ${e.accuracy.mean}`);
  assert.equal(r.backbones?.length, 3);
});

test('under cross-validation: one set of strategies per fold, made from the parts\' heads on that fold', async () => {
  const { calls, made, a } = await run(false);
  const folds = stratifiedKFold(a.y, 5, 7, labels);
  assert.equal(calls.length, folds.length);
  assert.deepEqual(made.map((m) => m.fits), folds.map((f) => [f.train.length]));
  for (const [k, f] of folds.entries()) {
    const own = await createStrategy('logistic').fit(a.X.selectRows(f.train), Int32Array.from(f.train, (i) => a.y[i]!), { seed: 7, labels });
    assert.deepEqual(calls[k]![0]!.predictProba(a.X).data, own.predictProba(a.X).data, `fold ${k}`);
  }
});
