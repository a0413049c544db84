import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/core/index.js';
import { GemmWorkspace, addMatmulTransA, matmulTransB } from '../../src/math/index.js';

function random(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** Largest |a − b| relative to the largest |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / scale;
}

// Shapes: the binary one-class kernels (K = 1), class pairs with a padding class (K odd),
// row counts with a tail (n mod 4 ≠ 0) and over several 64-row tiles, and a W wide enough
// (> 1 MiB) for the classes-outer kernel.
const SHAPES = [
  { n: 7, d: 6, K: 1 }, { n: 301, d: 64, K: 1 }, { n: 130, d: 32, K: 3 }, { n: 257, d: 16, K: 4 },
  { n: 70, d: 128, K: 1100 },
];

describe('wasm SIMD gemm workspace', () => {
  for (const { n, d, K } of SHAPES) {
    it(`forward and backward match the JS products (n=${n}, d=${d}, K=${K})`, (t) => {
      const rng = new Rng(n * 31 + K);
      const X = random(n * d, rng), W = random(K * d, rng), R = random(n * K, rng);
      const ws = GemmWorkspace.create(X, n, d, K);
      if (ws === null) return t.skip('no wasm SIMD in this runtime');
      const zs = ws.stride;
      assert.equal(zs, K === 1 ? 1 : K + (K % 2));
      ws.W.set(W);
      ws.forward();
      const Z = new Float64Array(n * K);
      matmulTransB(X, n, d, W, K, null, 0, Z);
      const Zw = Float64Array.from({ length: n * K }, (_, i) => ws.Z[Math.floor(i / K) * zs + (i % K)]!);
      assert.ok(relErr(Zw, Z) < 1e-12, `forward: ${relErr(Zw, Z)}`);
      for (let i = 0; i < n; i++) for (let k = 0; k < zs; k++) ws.Z[i * zs + k] = k < K ? R[i * K + k]! : 0;
      ws.backward();
      const G = new Float64Array(K * d);
      addMatmulTransA(R, n, K, X, d, G);
      assert.ok(relErr(ws.G.subarray(0, K * d), G) < 1e-12, `backward: ${relErr(ws.G.subarray(0, K * d), G)}`);
    });
  }

  it('forwardBackward by tiles gives exactly forward, residuals, backward over all rows', (t) => {
    for (const { n, d, K } of [{ n: 301, d: 64, K: 1 }, { n: 200, d: 32, K: 3 }]) {
      const rng = new Rng(n);
      const X = random(n * d, rng), W = random(K * d, rng);
      const a = GemmWorkspace.create(X, n, d, K), b = GemmWorkspace.create(X, n, d, K);
      if (a === null || b === null) return t.skip('no wasm SIMD in this runtime');
      // A residual that depends on the logits (as the loss's does): r = tanh(z).
      const res = (ws: GemmWorkspace, from: number, to: number) => {
        for (let i = from * ws.stride; i < to * ws.stride; i++) ws.Z[i] = Math.tanh(ws.Z[i]!);
      };
      const seen: Array<[number, number]> = [];
      a.W.set(W);
      a.forwardBackward((from, to) => { seen.push([from, to]); res(a, from, to); });
      b.W.set(W);
      b.forward();
      res(b, 0, n);
      b.backward();
      assert.deepEqual(Array.from(a.G), Array.from(b.G), 'bit-identical gradient');
      assert.deepEqual(Array.from(a.Z), Array.from(b.Z));
      // Contiguous tiles, in order, covering every row once, each starting on a multiple of 4.
      assert.equal(seen[0]![0], 0);
      assert.equal(seen[seen.length - 1]![1], n);
      for (let i = 1; i < seen.length; i++) assert.equal(seen[i]![0], seen[i - 1]![1]);
      assert.ok(seen.length > 1 && seen.every(([f]) => f % 4 === 0));
    }
  });

  it('a Float32 X (x32) gives bit-for-bit the Float64 results, every row count and tile', (t) => {
    for (const n of [3, 8, 13, 64, 150, 301]) {
      const d = 36;
      const rng = new Rng(n + 100);
      const X32 = Float32Array.from({ length: n * d }, () => rng.normal());
      const X = Float64Array.from(X32);
      const W = random(d, rng);
      const a = GemmWorkspace.create(X, n, d, 1), b = GemmWorkspace.create(X, n, d, 1, X32);
      if (a === null || b === null) return t.skip('no wasm SIMD in this runtime');
      assert.ok(b.X instanceof Float32Array && a.X instanceof Float64Array);
      for (const ws of [a, b]) {
        ws.W.set(W);
        ws.forwardBackward((from, to) => { for (let i = from; i < to; i++) ws.Z[i] = Math.tanh(ws.Z[i]!); });
      }
      assert.deepEqual(Array.from(b.Z), Array.from(a.Z), `n=${n}: Z`);
      assert.deepEqual(Array.from(b.G), Array.from(a.G), `n=${n}: G`);
    }
  });
});
