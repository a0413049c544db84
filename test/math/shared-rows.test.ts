import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix, Rng, startModuleWorker } from '../../src/core/index.js';
import { GemmWorkspace, SharedRows } from '../../src/math/index.js';

/** Float32 values, as embeddings are. */
function random32(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** A seeded permutation of some of 0..n−1 (rows a fold would pick). */
function someRows(n: number, take: number, rng: Rng): Int32Array {
  return rng.shuffle(Int32Array.from({ length: n }, (_, i) => i)).slice(0, take);
}

/** Z after forward, then G after a logit-dependent residual, forwardBackward by tiles. */
function run(ws: GemmWorkspace, W: Float64Array): { Z: Float64Array; G: Float64Array } {
  ws.W.set(W);
  ws.forward();
  const Z = ws.Z.slice();
  ws.forwardBackward((from, to) => {
    for (let i = from * ws.stride; i < to * ws.stride; i++) ws.Z[i] = Math.tanh(ws.Z[i]!);
  });
  return { Z, G: ws.G.slice() };
}

// The binary kernels (K = 1: 8-row blocks, the 4-row rest, the tail), class pairs with a
// padding class, row counts with tails and over several 64-row tiles, and a W wider than
// 1 MiB (the classes-outer kernel).
const SHAPES = [
  { n: 7, d: 8, K: 1 }, { n: 301, d: 64, K: 1 }, { n: 130, d: 32, K: 3 }, { n: 257, d: 16, K: 4 }, { n: 70, d: 128, K: 1100 },
];

describe('shared rows', () => {
  for (const { n, d, K } of SHAPES) {
    it(`a workspace over shared rows gives the bits of one holding those rows (n=${n}, d=${d}, K=${K})`, (t) => {
      const rng = new Rng(n * 7 + K);
      const all = n + 20;
      const X = random32(all * d, rng);
      const W = Float64Array.from({ length: K * d }, () => rng.normal());
      const rows = someRows(all, n, rng);
      const shared = SharedRows.create(X, all, d);
      const own = GemmWorkspace.fromRows(X, d, rows, n, K);
      if (shared === null || own === null) return t.skip('no wasm SIMD or shared memory in this runtime');
      const ws = shared.workspace(rows, n, K)!;
      const a = run(ws, W), b = run(own, W);
      assert.deepEqual(a.Z, b.Z);
      assert.deepEqual(a.G, b.G);
      // All rows in order (a refit) too, and the shared copy is X's values.
      assert.deepEqual(run(shared.workspace(null, all, K)!, W), run(GemmWorkspace.fromRows(X, d, null, all, K)!, W));
      assert.deepEqual(shared.X, X);
    });
  }

  it('workspaces made on a worker thread from the handle read the same rows and give the same bits', async (t) => {
    const rng = new Rng(5);
    const n = 203, d = 32, K = 3;
    const X = random32(n * d, rng);
    const W = Float64Array.from({ length: K * d }, () => rng.normal());
    const rows = someRows(n, 150, rng);
    const shared = SharedRows.create(X, n, d);
    if (shared === null) return t.skip('no wasm SIMD or shared memory in this runtime');
    const here = run(shared.workspace(rows, rows.length, K)!, W);
    // The worker allocates after this thread did, growing the memory: both see every row.
    const worker = startModuleWorker(import.meta.url, './fixtures/shared-rows-worker');
    worker.postMessage({ handle: shared.handle(), rows, K, W });
    try {
      const there = await new Promise<{ Z: Float64Array; G: Float64Array }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      assert.deepEqual(there.Z, here.Z);
      assert.deepEqual(there.G, here.G);
    } finally {
      await worker.terminate();
    }
  });

  it('is not made where the kernels cannot read the rows in place (d not a multiple of 4)', () => {
    assert.equal(SharedRows.create(new Float32Array(6 * 10), 10, 6), null);
  });

  it('rows moved in by inShared are read in place by create (no second copy) and keep their values', (t) => {
    const rng = new Rng(9);
    const n = 50, d = 16, K = 3;
    const X = new Matrix(n, d, random32(n * d, rng));
    const moved = SharedRows.inShared(X);
    if (moved === X) return t.skip('no wasm SIMD or shared memory in this runtime');
    assert.ok(moved.data.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(moved.data, X.data);
    assert.equal(SharedRows.inShared(moved), moved, 'already shared: not moved again');
    const rows = SharedRows.create(moved.data, n, d)!;
    assert.equal(rows.X.buffer, moved.data.buffer, 'create on shared rows is those rows');
    assert.equal(SharedRows.create(moved.data.subarray(0, n * d), n, d), rows, 'a view of the same rows too');
    // Other shapes over the same memory, or plain copies of the rows, get a copy of their own.
    assert.notEqual(SharedRows.create(moved.data, n - 1, d), rows);
    assert.notEqual(SharedRows.create(X.data, n, d), rows);
    const W = Float64Array.from({ length: K * d }, () => rng.normal());
    assert.deepEqual(run(rows.workspace(null, n, K)!, W), run(GemmWorkspace.fromRows(X.data, d, null, n, K)!, W));
  });

  it('inShared leaves a matrix the kernels cannot read in place as it is', () => {
    const X = new Matrix(10, 6);
    assert.equal(SharedRows.inShared(X), X);
  });
});
