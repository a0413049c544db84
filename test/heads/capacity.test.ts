/**
 * What heads give the overfitting verdict: a path over their capacity parameter (which way
 * capacity grows, what to do), the inner-CV held-out accuracy behind a chosen value, and for
 * knn a leave-one-out score of its own training rows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/core/index.js';
import { createStrategy, regularizationPath } from '../../src/heads/index.js';
import { blobs } from './gaussian-blobs.js';

const labels = ['a', 'b', 'c'];

describe('capacity paths', () => {
  it('logistic grows with C, knn shrinks with k; each says what to try', () => {
    const c = regularizationPath('logistic')!;
    assert.equal(c.param, 'C');
    assert.equal(c.capacity, 'grows');
    assert.match(c.advice, /lower C/);
    const k = regularizationPath('knn')!;
    assert.equal(k.param, 'k');
    assert.equal(k.capacity, 'shrinks');
    assert.match(k.advice, /larger k/);
    assert.ok(k.values.includes(1), 'down to one neighbour, the most capacity');
    assert.equal((k.make(3).params as { k?: number }).k, 3);
    assert.equal(regularizationPath('centroid'), undefined);
  });

  it('a chosen C or k comes with the inner-CV held-out accuracy of every value tried', async () => {
    const { X, y } = blobs({ n: 60, d: 6, classes: 3, seed: 4, spread: 1.2 });
    for (const [kind, param, values] of [['logistic', 'C', [0.01, 0.1, 1, 10, 100]], ['knn', 'k', [5, 10, 20, 40]]] as const) {
      const head = await createStrategy(kind).fit(X, y, { seed: 1, labels });
      const path = head.diagnostics.path!;
      assert.equal(path.param, param);
      assert.equal(path.rows, X.rows);
      assert.deepEqual(path.points.map((p) => p.value), values);
      for (const p of path.points) assert.ok(p.heldOutAccuracy >= 0 && p.heldOutAccuracy <= 1 && p.heldOutAccuracy * X.rows % 1 === 0, `${kind} ${JSON.stringify(p)}`);
      assert.ok(Math.max(...path.points.map((p) => p.heldOutAccuracy)) > 0.6, `${kind} separates the blobs`);
    }
    const fixed = await createStrategy('knn', { k: 3 }).fit(X, y, { seed: 1, labels });
    assert.equal(fixed.diagnostics.path, undefined, 'nothing chosen, no path');
  });
});

describe('knn leave-one-out', () => {
  it('predicts each training row as a knn fitted without that row would', async () => {
    const { X, y } = blobs({ n: 24, d: 5, classes: 3, seed: 9, spread: 0.8 });
    const head = await createStrategy('knn', { k: 3 }).fit(X, y, { seed: 1, labels });
    const loo = head.leaveOneOutProba!();
    assert.equal(loo.rows, X.rows);
    for (const i of [0, 7, 13, 23]) {
      const rest = Int32Array.from({ length: X.rows - 1 }, (_, j) => (j < i ? j : j + 1));
      const without = await createStrategy('knn', { k: 3 }).fit(X.selectRows(rest), Int32Array.from(rest, (r) => y[r]!), { seed: 1, labels });
      assert.deepEqual(Array.from(loo.row(i)), Array.from(without.predictProba(X.selectRows(Int32Array.of(i))).row(0)), `row ${i}`);
    }
  });

  it('does not count a row as its own neighbour: a 1-NN head is not perfect on noisy training rows', async () => {
    const { X, y } = blobs({ n: 90, d: 4, classes: 3, seed: 2, spread: 3 });
    const head = await createStrategy('knn', { k: 1 }).fit(X, y, { seed: 1, labels });
    const own = head.predictProba(X), loo = head.leaveOneOutProba!();
    const acc = (P: Matrix): number => y.reduce((s, c, i) => s + (argmax(P.row(i)) === c ? 1 : 0), 0) / y.length;
    assert.equal(acc(own), 1);
    assert.ok(acc(loo) < 0.95, `leave-one-out ${acc(loo)}`);
  });
});

function argmax(r: Float32Array): number {
  let top = 0;
  for (let c = 1; c < r.length; c++) if (r[c]! > r[top]!) top = c;
  return top;
}
