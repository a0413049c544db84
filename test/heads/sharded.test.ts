import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, Matrix, UsageError } from '../../src/core/index.js';
import { createStrategy, restoreHead, shardOf, withShards } from '../../src/heads/index.js';
import type { FitOptions, Strategy } from '../../src/heads/index.js';
import { toyBlobs } from './toy-data.js';


/** A base strategy that counts its fits (and the rows of each). */
function counting(kind = 'logistic'): { strategy: Strategy; fits: number[] } {
  const inner = createStrategy(kind);
  const fits: number[] = [];
  return {
    fits,
    strategy: { kind: inner.kind, params: inner.params, fit: async (X: Matrix, y: Int32Array, o: FitOptions) => { fits.push(X.rows); return inner.fit(X, y, o); } },
  };
}

function without(X: Matrix, y: Int32Array, drop: ReadonlySet<number>): { X: Matrix; y: Int32Array } {
  const keep = Int32Array.from({ length: X.rows }, (_, i) => i).filter((i) => !drop.has(i));
  return { X: X.selectRows(keep), y: Int32Array.from(keep, (i) => y[i]!) };
}

describe('sharded head', () => {
  const { X, y, labels } = toyBlobs(3, 60, 24, 5);
  const opts = { seed: 9, labels };

  it('puts a row in the same shard whatever other rows there are (keyed by its content and the seed, not its position)', () => {
    const all = shardOf(X, 7, 9);
    const drop = new Set([0, 13, 99]);
    const rest = without(X, y, drop);
    const after = shardOf(rest.X, 7, 9);
    const expected = Array.from(all).filter((_, i) => !drop.has(i));
    assert.deepEqual(Array.from(after), expected);
    // reversed order: same shard per row
    const rev = X.selectRows(Int32Array.from({ length: X.rows }, (_, i) => X.rows - 1 - i));
    assert.deepEqual(Array.from(shardOf(rev, 7, 9)).reverse(), Array.from(all));
    // every shard used, and another seed gives another assignment
    assert.equal(new Set(all).size, 7);
    assert.notDeepEqual(Array.from(shardOf(X, 7, 10)), Array.from(all));
  });

  it('refit after deleting a row is bit-for-bit a fresh fit, and refits only the shard that held it', async () => {
    const S = 5;
    const c = counting();
    const strategy = withShards(c.strategy, S);
    const head = await strategy.fit(X, y, opts);
    assert.equal(c.fits.length, S);
    const saved = JSON.parse(JSON.stringify(head.toJSON()));
    const victim = 42;
    const shard = shardOf(X, S, 9)[victim]!;
    const rest = without(X, y, new Set([victim]));

    c.fits.length = 0;
    const r = await strategy.refit(rest.X, rest.y, opts, saved);
    assert.deepEqual(r.refitted, [shard]);
    assert.equal(r.reused.length, S - 1);
    assert.equal(c.fits.length, 1, 'one sub-head fitted');

    const fresh = await withShards(createStrategy('logistic'), S).fit(rest.X, rest.y, opts);
    assert.equal(JSON.stringify(r.head.toJSON()), JSON.stringify(fresh.toJSON()));
    assert.deepEqual(r.head.predictProba(X).data, fresh.predictProba(X).data);
    // and the refit differs from the head before (the shard really changed)
    assert.notEqual(JSON.stringify(r.head.toJSON()), JSON.stringify(saved));
  });

  it('reuses nothing from a head fitted with another seed or other parameters', async () => {
    const head = await createStrategy('sharded', { shards: 3, base: 'centroid' }).fit(X, y, { ...opts, seed: 1 });
    const c = counting('centroid');
    const r = await withShards(c.strategy, 3).refit(X, y, opts, head.toJSON());
    assert.equal(r.refitted.length, 3);
    const r2 = await withShards(createStrategy('centroid', { temperature: 0.1 }), 3).refit(X, y, { ...opts, seed: 1 }, head.toJSON());
    assert.equal(r2.refitted.length, 3);
  });

  it('predicts the mean of its sub-heads\' probabilities, and restores from JSON bit-for-bit', async () => {
    const head = await createStrategy('sharded', { shards: 4, base: 'centroid' }).fit(X, y, opts);
    const json = JSON.parse(JSON.stringify(head.toJSON()));
    assert.equal(json.state.shards.length, 4);
    const subs = (json.state.shards as Array<{ shard: number; rows: number; head: object }>);
    assert.deepEqual(subs.map((s) => s.shard), [0, 1, 2, 3]);
    assert.equal(subs.reduce((n, s) => n + s.rows, 0), X.rows);
    const P = head.predictProba(X);
    const parts = subs.map((s) => restoreHead(s.head as never).predictProba(X));
    for (const i of [0, 7, 100]) {
      for (let k = 0; k < 3; k++) {
        const mean = parts.reduce((a, p) => a + p.get(i, k), 0) / 4;
        assert.ok(Math.abs(P.get(i, k) - mean) < 1e-6);
      }
    }
    assert.deepEqual(restoreHead(json).predictProba(X).data, P.data);
  });

  it('refuses a bad number of shards, saying what and how to fix it', () => {
    for (const shards of [1, 0, 2.5, '4', 1001, undefined]) {
      assert.throws(() => createStrategy('sharded', { shards, base: 'logistic' }), (e: unknown) =>
        e instanceof UsageError && /shards must be a whole number from 2 to 1000/.test(e.message) && /omit sharding/.test(e.message));
    }
    assert.throws(() => createStrategy('sharded', { shards: 2 }), /base must be a head kind/);
    assert.throws(() => createStrategy('sharded', { shards: 2, base: { kind: 'sharded', params: { shards: 2, base: 'knn' } } }), /already sharded/);
  });

  it('refuses shards that would miss a label, naming the shard and the label', async () => {
    const few = toyBlobs(2, 6, 8, 3);
    await assert.rejects(createStrategy('sharded', { shards: 20, base: 'centroid' }).fit(few.X, few.y, { seed: 1, labels: few.labels }),
      (e: unknown) => e instanceof DataError && /shard \d+ \(of shards 0–19\) got \d+ of the 12 examples/.test(e.message) && /Use fewer shards/.test(e.message));
  });
});
