import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/core/index.js';
import { SharedRows } from '../../src/math/index.js';

const f = Math.fround;
const TILE = 64;

/** Rows [from, to) of each tile forwardBackwardF32 walks (64 rows; a short tail joins the last tile). */
function tiles(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < n; from += TILE) {
    const to = n - from < 2 * TILE ? n : from + TILE;
    out.push([from, to]);
    if (to === n) break;
  }
  return out;
}

/**
 * forwardBackwardF32's sums, written out: in the wasm blocks (whole groups of 4 rows of a tile)
 * each logit is four Float32 lane sums over j ≡ 0..3 (mod 4), added in Float64 as
 * (l0 + l1) + (l2 + l3); each tile's gradient is a Float32 sum over its rows (residuals rounded
 * to Float32) added into the Float64 G; a tile's last n mod 4 rows are summed in Float64.
 */
function reference(X: Float32Array, rows: Int32Array, d: number, K: number, W32: Float32Array, residual: (z: number) => number) {
  const n = rows.length;
  const Z = new Float64Array(n * K);
  const G = new Float64Array(K * d);
  for (const [from, to] of tiles(n)) {
    const n4 = (to - from) - ((to - from) % 4);
    for (let i = from; i < to; i++) {
      const xo = rows[i]! * d;
      for (let c = 0; c < K; c++) {
        if (i < from + n4) {
          const l = [0, 0, 0, 0];
          for (let j = 0; j < d; j++) l[j % 4] = f(l[j % 4]! + f(X[xo + j]! * W32[c * d + j]!));
          Z[i * K + c] = (l[0]! + l[1]!) + (l[2]! + l[3]!);
        } else {
          let s = 0;
          for (let j = 0; j < d; j++) s += X[xo + j]! * W32[c * d + j]!;
          Z[i * K + c] = s;
        }
      }
    }
    for (let i = from; i < to; i++) for (let c = 0; c < K; c++) Z[i * K + c] = residual(Z[i * K + c]!);
    const g32 = new Float32Array(K * d);
    for (let i = from; i < from + n4; i++) {
      for (let c = 0; c < K; c++) {
        const r = f(Z[i * K + c]!);
        for (let j = 0; j < d; j++) g32[c * d + j] = f(g32[c * d + j]! + f(r * X[rows[i]! * d + j]!));
      }
    }
    for (let j = 0; j < K * d; j++) G[j] = G[j]! + g32[j]!;
    for (let i = from + n4; i < to; i++) {
      for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) G[c * d + j] = G[c * d + j]! + Z[i * K + c]! * X[rows[i]! * d + j]!;
    }
  }
  return { Z, G };
}

// Tails of 1–3 rows, several tiles with a tail that joins the last, and K' = K (even).
const SHAPES = [{ n: 7, d: 8, K: 2 }, { n: 130, d: 32, K: 4 }, { n: 203, d: 16, K: 6 }];

describe('Float32 products (forwardBackwardF32)', () => {
  for (const { n, d, K } of SHAPES) {
    it(`sums as specified, within Float32 rounding of the Float64 products (n=${n}, d=${d}, K=${K})`, (t) => {
      const rng = new Rng(n + d + K);
      const all = n + 9;
      const X = Float32Array.from({ length: all * d }, () => rng.normal());
      const rows = rng.shuffle(Int32Array.from({ length: all }, (_, i) => i)).slice(0, n);
      const shared = SharedRows.create(X, all, d);
      if (shared === null) return t.skip('no wasm SIMD or shared memory in this runtime');
      const ws = shared.workspace(rows, n, K)!;
      assert.equal(ws.stride, K);
      const W = Float64Array.from({ length: K * d }, () => rng.normal() / Math.sqrt(d));
      ws.W32!.set(W);
      const squash = (z: number): number => Math.tanh(z) / n;
      ws.forwardBackwardF32((from, to) => {
        for (let i = from * K; i < to * K; i++) ws.Z[i] = squash(ws.Z[i]!);
      });
      const want = reference(X, rows, d, K, ws.W32!, squash);
      assert.deepEqual(ws.Z.slice(0, n * K), want.Z);
      assert.deepEqual(ws.G.slice(0, K * d), want.G);
      // And close to the Float64 products of the same (Float32-rounded) weights.
      ws.W.set(ws.W32!);
      ws.forwardBackward((from, to) => {
        for (let i = from * K; i < to * K; i++) ws.Z[i] = squash(ws.Z[i]!);
      });
      const scale = Math.max(...ws.G.map(Math.abs));
      for (let j = 0; j < K * d; j++) assert.ok(Math.abs(ws.G[j]! - want.G[j]!) <= 1e-5 * scale, `G[${j}]`);
    });
  }

  it('is refused where there are no Float32 weights (one class: the binary model)', (t) => {
    const X = Float32Array.from({ length: 16 * 8 }, (_, i) => i % 7);
    const shared = SharedRows.create(X, 16, 8);
    if (shared === null) return t.skip('no wasm SIMD or shared memory in this runtime');
    const ws = shared.workspace(null, 16, 1)!;
    assert.equal(ws.W32, null);
    assert.throws(() => ws.forwardBackwardF32(() => {}), /no Float32 weights/);
  });
});
