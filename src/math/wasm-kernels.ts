/**
 * The logistic head's two hot products in WebAssembly SIMD (f64x2): V8's scalar code for
 * them reaches about one multiply-add per nanosecond, two-lane SIMD roughly doubles that
 * and keeps everything in Float64. The module is assembled here from bytes (no toolchain,
 * no binary blob in the repository); `GemmWorkspace.create` returns null where SIMD is
 * unavailable and callers fall back to gemm.ts.
 *
 * Both kernels take four rows × two classes per block (eight f64x2 accumulators stay in
 * registers, each load serves two or four multiply-adds); the caller handles the last
 * n mod 4 rows.
 *   fwd(X, n4, d8, W, K, Z):  Z[i][k]  = Σ_j X[i][j]·W[k][j]        (i < n4)
 *   bwd(R, n4, K, X, d8, G):  G[k][j] += Σ_i R[i][k]·X[i][j]        (i < n4)
 * (pointers are byte offsets, d8 = 8·d, d and K even.) Variants, each summing every entry
 * in the same order as these, so results never depend on which one ran: `fwdK` (classes
 * outside rows, for wide W), `fwd1`/`bwd1` (one class, for the binary model), their 8-row
 * forms `fwd1x8`/`bwd1x8`, and `fwd1x8f`/`bwd1x8f` reading X as Float32. The `…X` variants
 * (`fwdX`, `bwdX`, `fwdKX`, `fwd1x8X`, `bwd1x8X`) read Float32 rows where a list of row
 * addresses points (shared rows, see `SharedRows` in wasm-gemm.ts): their X parameter is the
 * address of that list, so a fold multiplies its rows where they are instead of a copy.
 * `fwdF`/`bwdF` are `fwdX`/`bwdX` in Float32 (f32x4: four lanes per instruction, X read as it
 * is stored): W and G Float32, Z and the residuals Float64 (a logit is its four lane sums added
 * in Float64; a residual is rounded to Float32 as it is splatted); `widenAdd` adds a Float32
 * G into the Float64 one. They sum in another order than the Float64 kernels, so their results
 * differ by rounding: GemmWorkspace.forwardBackwardF32 says where they are used.
 * This file assembles the module; wasm-gemm.ts runs it.
 */

import { I32, V128, add, get, i32c, ltU, mul, set, tee, uleb, wasmModule } from './wasm-assembler.js';

// SIMD and memory instructions these kernels use (opcodes from the WebAssembly core + SIMD specifications).
const v128load = [0xfd, 0x00, 3, 0]; // align 2^3, offset 0
const v128store = [0xfd, 0x0b, 3, 0];
const f64load = [0x2b, 3, 0], f64store = [0x39, 3, 0];
const f64x2splat = [0xfd, 0x14], f64x2add = [0xfd, 0xf0, 0x01], f64x2mul = [0xfd, 0xf2, 0x01];
const f32x4splat = [0xfd, 0x13], f32x4add = [0xfd, 0xe4, 0x01], f32x4mul = [0xfd, 0xe6, 0x01];
const f32lane = (l: number) => [0xfd, 0x1f, l]; // f32x4.extract_lane
const f64promote = [0xbb], f32demote = [0xb6];
const lane = (l: number) => [0xfd, 0x21, l];
const f64add = [0xa0];
const i32load = (offset: number) => [0x28, 2, ...uleb(offset)];
const load64zero = [0xfd, 0x5d, 3, 0]; // v128.load64_zero: two f32 into the low half
const promoteLow = [0xfd, 0x5f]; // f64x2.promote_low_f32x4: exact
const shrU = [0x76];
const zeroV = [0x44, 0, 0, 0, 0, 0, 0, 0, 0, ...f64x2splat];
/** do { body } while (local[i] += step, local[i] < local[limit]) */
const loop = (i: number, step: number[], limit: number[], body: number[]) =>
  [0x03, 0x40, ...body, ...get(i), ...step, add[0]!, ...set(i), ...get(i), ...limit, ltU[0]!, 0x0d, 0, 0x0b];

// Shared local layout: params 0..5, i32 locals 6 i, 7 k, 8 jb, 9..12 x0..x3, 13 p0, 14 p1, 15 q;
// v128 locals 16..23 (four rows × two classes), 24 a, 25 b, 26 x.
const [I, KK, JB, X0, P0, P1, Q, V0, VA, VB, VX] = [6, 7, 8, 9, 13, 14, 15, 16, 24, 25, 26];
const LOCALS = [2, 10, I32, 11, V128];

/** x0..x3 = rows i..i+3 of the matrix at param `base` (row stride d8 at param `d8`). */
const rowPointers = (base: number, d8: number) => [
  ...get(base), ...get(I), ...get(d8), ...mul, ...add, ...set(X0),
  ...get(X0), ...get(d8), ...add, ...set(X0 + 1),
  ...get(X0 + 1), ...get(d8), ...add, ...set(X0 + 2),
  ...get(X0 + 2), ...get(d8), ...add, ...set(X0 + 3),
];

// Indexed Float32 rows (the `…X` kernels): one more i32 local, JX = X's byte offset (JB / 2).
const JX = 27;
const LOCALS_X = [3, 10, I32, 11, V128, 1, I32];

/** x0..x3 = the addresses of rows i..i+3, read from the list of row addresses at param `base`. */
const indexedPointers = (base: number) => [
  ...get(base), ...get(I), ...i32c(4), ...mul, ...add, ...set(X0),
  ...[1, 2, 3].flatMap((r) => [...get(X0), ...i32load(4 * r), ...set(X0 + r)]),
  ...get(X0), ...i32load(0), ...set(X0),
];

/** VX = columns jb/8, jb/8 + 1 of row r: two f64, or (indexed) two f32 promoted exactly. */
const loadX = (r: number, indexed: boolean) => indexed
  ? [...get(X0 + r), ...get(JX), ...add, ...load64zero, ...promoteLow, ...set(VX)]
  : [...get(X0 + r), ...get(JB), ...add, ...v128load, ...set(VX)];
const jxOf = (indexed: boolean) => (indexed ? [...get(JB), ...i32c(1), ...shrU, ...set(JX)] : []);

/**
 * Z = X Wᵀ for 4 rows × 2 classes per block. `kOuter` swaps the two outer loops (classes
 * outside, rows inside) for wide W (many "classes", e.g. the nearest-neighbour search's
 * training rows): each W pair then stays in L1 while the rows stream from L2, instead of all
 * of W streaming from memory for every 4 rows. Every Z entry is summed in the same order
 * either way, so the results are identical.
 */
function fwdBody(kOuter: boolean, indexed = false, f32 = false): number[] {
  // params 0 X (indexed: the row addresses), 1 n4, 2 d8 (f32: d4, W's row stride), 3 W, 4 K (even), 5 Z (row stride K)
  const [X, n4, d8, W, K, Z] = [0, 1, 2, 3, 4, 5];
  const acc = (row: number, c: number) => V0 + 2 * row + c;
  const rows = indexed ? indexedPointers(X) : rowPointers(X, d8);
  const locals = indexed && !f32 ? LOCALS_X : LOCALS;
  // Float32 rows and weights: four lanes per step, and X's byte offset is W's (no JX).
  const [vmul, vadd] = f32 ? [f32x4mul, f32x4add] : [f64x2mul, f64x2add];
  const jBody = [
    ...jxOf(indexed && !f32),
    ...get(P0), ...get(JB), ...add, ...v128load, ...set(VA),
    ...get(P1), ...get(JB), ...add, ...v128load, ...set(VB),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...loadX(r, indexed && !f32),
      ...get(acc(r, 0)), ...get(VX), ...get(VA), ...vmul, ...vadd, ...set(acc(r, 0)),
      ...get(acc(r, 1)), ...get(VX), ...get(VB), ...vmul, ...vadd, ...set(acc(r, 1)),
    ]),
  ];
  // The lanes' sum in Float64: (l0 + l1) + (l2 + l3), each lane widened exactly.
  const laneSum = (v: number) => f32
    ? [...get(v), ...f32lane(0), ...f64promote, ...get(v), ...f32lane(1), ...f64promote, ...f64add,
      ...get(v), ...f32lane(2), ...f64promote, ...get(v), ...f32lane(3), ...f64promote, ...f64add, ...f64add]
    : [...get(v), ...lane(0), ...get(v), ...lane(1), ...f64add];
  const store = (r: number, c: number) => [
    ...get(Q), ...get(K), ...i32c(8 * r), ...mul, ...add, ...i32c(8 * c), ...add,
    ...laneSum(acc(r, c)), ...f64store,
  ];
  const classPointers = [...get(W), ...get(KK), ...get(d8), ...mul, ...add, ...set(P0), ...get(P0), ...get(d8), ...add, ...set(P1)];
  const block = [
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((v) => [...zeroV, ...set(V0 + v)]),
    ...i32c(0), ...set(JB),
    ...loop(JB, i32c(16), get(d8), jBody),
    // q = Z + (i·K + k)·8
    ...get(Z), ...get(I), ...get(K), ...mul, ...get(KK), ...add, ...i32c(8), ...mul, ...add, ...set(Q),
    ...[0, 1, 2, 3].flatMap((r) => [...store(r, 0), ...store(r, 1)]),
  ];
  if (kOuter) {
    const iBody = [...rows, ...block];
    const kBody = [...classPointers, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody)];
    return [...locals, ...i32c(0), ...set(KK), ...loop(KK, i32c(2), get(K), kBody), 0x0b];
  }
  const kBody = [...classPointers, ...block];
  const iBody = [...rows, ...i32c(0), ...set(KK), ...loop(KK, i32c(2), get(K), kBody)];
  return [...locals, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody), 0x0b];
}

function bwdBody(indexed = false, f32 = false): number[] {
  // params 0 R (row stride K, Float64), 1 n4, 2 K (even), 3 X (indexed: the row addresses), 4 d8 (f32: d4), 5 G (f32: Float32)
  const [R, n4, K, X, d8, G] = [0, 1, 2, 3, 4, 5];
  const rv = (row: number, c: number) => V0 + 2 * row + c;
  const [vmul, vadd] = f32 ? [f32x4mul, f32x4add] : [f64x2mul, f64x2add];
  const splat = (r: number, c: number) => [
    ...get(Q), ...get(K), ...i32c(8 * r), ...mul, ...add, ...i32c(8 * c), ...add, ...f64load,
    ...(f32 ? [...f32demote, ...f32x4splat] : f64x2splat), ...set(rv(r, c)),
  ];
  const jBody = [
    ...jxOf(indexed && !f32),
    ...get(P0), ...get(JB), ...add, ...v128load, ...set(VA),
    ...get(P1), ...get(JB), ...add, ...v128load, ...set(VB),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...loadX(r, indexed && !f32),
      ...get(VA), ...get(rv(r, 0)), ...get(VX), ...vmul, ...vadd, ...set(VA),
      ...get(VB), ...get(rv(r, 1)), ...get(VX), ...vmul, ...vadd, ...set(VB),
    ]),
    ...get(P0), ...get(JB), ...add, ...get(VA), ...v128store,
    ...get(P1), ...get(JB), ...add, ...get(VB), ...v128store,
  ];
  const kBody = [
    ...get(G), ...get(KK), ...get(d8), ...mul, ...add, ...set(P0),
    ...get(P0), ...get(d8), ...add, ...set(P1),
    // q = R + (i·K + k)·8
    ...get(R), ...get(I), ...get(K), ...mul, ...get(KK), ...add, ...i32c(8), ...mul, ...add, ...set(Q),
    ...[0, 1, 2, 3].flatMap((r) => [...splat(r, 0), ...splat(r, 1)]),
    ...i32c(0), ...set(JB),
    ...loop(JB, i32c(16), get(d8), jBody),
  ];
  const rows = indexed ? indexedPointers(X) : rowPointers(X, d8);
  const iBody = [...rows, ...i32c(0), ...set(KK), ...loop(KK, i32c(2), get(K), kBody)];
  return [...(indexed && !f32 ? LOCALS_X : LOCALS), ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody), 0x0b];
}

/** G64[j] += G32[j] for j < count (params 0 G32, 1 count·4 bytes, a multiple of 8, 2 G64): exact widening. */
function widenAddBody(): number[] {
  const [G32, bytes, G64] = [0, 1, 2];
  const body = [
    ...get(G64), ...get(JB), ...i32c(1), ...[0x74], ...add, ...tee(P0), // P0 = G64 + 2·jb (i32.shl)
    ...get(P0), ...v128load,
    ...get(G32), ...get(JB), ...add, ...load64zero, ...promoteLow,
    ...f64x2add, ...v128store,
  ];
  return [...LOCALS, ...i32c(0), ...set(JB), ...loop(JB, i32c(8), get(bytes), body), 0x0b];
}

/**
 * One class (the binary model's single weight vector), 4 rows per block, Z with row stride 1:
 * the same sums as `fwd`'s first class, without computing a padding class of zeros.
 */
function fwd1Body(): number[] {
  // params 0 X, 1 n4, 2 d8, 3 W, 4 (unused), 5 Z (row stride 1)
  const [X, n4, d8, W, , Z] = [0, 1, 2, 3, 4, 5];
  const jBody = [
    ...get(W), ...get(JB), ...add, ...v128load, ...set(VA),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...get(X0 + r), ...get(JB), ...add, ...v128load, ...set(VX),
      ...get(V0 + r), ...get(VX), ...get(VA), ...f64x2mul, ...f64x2add, ...set(V0 + r),
    ]),
  ];
  const store = (r: number) => [
    ...get(Q), ...i32c(8 * r), ...add,
    ...get(V0 + r), ...lane(0), ...get(V0 + r), ...lane(1), ...f64add, ...f64store,
  ];
  const iBody = [
    ...rowPointers(X, d8),
    ...[0, 1, 2, 3].flatMap((v) => [...zeroV, ...set(V0 + v)]),
    ...i32c(0), ...set(JB),
    ...loop(JB, i32c(16), get(d8), jBody),
    ...get(Z), ...get(I), ...i32c(8), ...mul, ...add, ...set(Q),
    ...[0, 1, 2, 3].flatMap(store),
  ];
  return [...LOCALS, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody), 0x0b];
}

/** G (one row) += Σ_i R[i]·X[i], rows in order: `bwd`'s first class, R with row stride 1. */
function bwd1Body(): number[] {
  // params 0 R (row stride 1), 1 n4, 2 (unused), 3 X, 4 d8, 5 G
  const [R, n4, , X, d8, G] = [0, 1, 2, 3, 4, 5];
  const jBody = [
    ...get(G), ...get(JB), ...add, ...v128load, ...set(VA),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...get(X0 + r), ...get(JB), ...add, ...v128load, ...set(VX),
      ...get(VA), ...get(V0 + r), ...get(VX), ...f64x2mul, ...f64x2add, ...set(VA),
    ]),
    ...get(G), ...get(JB), ...add, ...get(VA), ...v128store,
  ];
  const iBody = [
    ...rowPointers(X, d8),
    ...get(R), ...get(I), ...i32c(8), ...mul, ...add, ...set(Q),
    ...[0, 1, 2, 3].flatMap((r) => [...get(Q), ...i32c(8 * r), ...add, ...f64load, ...f64x2splat, ...set(V0 + r)]),
    ...i32c(0), ...set(JB),
    ...loop(JB, i32c(16), get(d8), jBody),
  ];
  return [...LOCALS, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody), 0x0b];
}

// The 8-row one-class kernels' locals: params 0..5; i32 6 i, 7 jb, 8..15 x0..x7, 16 q, 17 a;
// v128 18..25 (one per row), 26 a, 27 b, 28 x.
const [I8, JB8, X8, Q8, A8, R8, VA8, VB8, VX8] = [6, 7, 8, 16, 17, 18, 26, 27, 28];
const LOCALS8 = [2, 12, I32, 11, V128];
const v128loadAt = (offset: number) => [0xfd, 0x00, 3, ...uleb(offset)];
const v128storeAt = (offset: number) => [0xfd, 0x0b, 3, ...uleb(offset)];

const rowPointers8 = (base: number, d8: number) => [
  ...get(base), ...get(I8), ...get(d8), ...mul, ...add, ...set(X8),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((r) => [...get(X8 + r - 1), ...get(d8), ...add, ...set(X8 + r)]),
];

/**
 * `fwd1` on 8 rows per block and two column pairs per step (d a multiple of 4): each W load
 * serves 8 rows, and 8 independent sums hide the add latency. Every row's sum runs over j in
 * the same order as in `fwd1`, so the results are identical.
 */
function fwd1x8Body(): number[] {
  // params 0 X, 1 n8, 2 d8 (multiple of 32), 3 W, 4 (unused), 5 Z (row stride 1)
  const [X, n8, d8, W, , Z] = [0, 1, 2, 3, 4, 5];
  const jBody = [
    ...get(W), ...get(JB8), ...add, ...tee(A8), ...v128loadAt(0), ...set(VA8),
    ...get(A8), ...v128loadAt(16), ...set(VB8),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => [
      ...get(X8 + r), ...get(JB8), ...add, ...tee(A8), ...v128loadAt(0), ...set(VX8),
      ...get(R8 + r), ...get(VX8), ...get(VA8), ...f64x2mul, ...f64x2add, ...set(R8 + r),
      ...get(A8), ...v128loadAt(16), ...set(VX8),
      ...get(R8 + r), ...get(VX8), ...get(VB8), ...f64x2mul, ...f64x2add, ...set(R8 + r),
    ]),
  ];
  const store = (r: number) => [
    ...get(Q8), ...i32c(8 * r), ...add,
    ...get(R8 + r), ...lane(0), ...get(R8 + r), ...lane(1), ...f64add, ...f64store,
  ];
  const iBody = [
    ...rowPointers8(X, d8),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((v) => [...zeroV, ...set(R8 + v)]),
    ...i32c(0), ...set(JB8),
    ...loop(JB8, i32c(32), get(d8), jBody),
    ...get(Z), ...get(I8), ...i32c(8), ...mul, ...add, ...set(Q8),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap(store),
  ];
  return [...LOCALS8, ...i32c(0), ...set(I8), ...loop(I8, i32c(8), get(n8), iBody), 0x0b];
}

/** `bwd1` on 8 rows per block, two column pairs per step: G gets the rows' terms in the same order. */
function bwd1x8Body(): number[] {
  // params 0 R (row stride 1), 1 n8, 2 (unused), 3 X, 4 d8 (multiple of 32), 5 G
  const [R, n8, , X, d8, G] = [0, 1, 2, 3, 4, 5];
  const jBody = [
    ...get(G), ...get(JB8), ...add, ...tee(A8), ...v128loadAt(0), ...set(VA8),
    ...get(A8), ...v128loadAt(16), ...set(VB8),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => [
      ...get(X8 + r), ...get(JB8), ...add, ...tee(A8), ...v128loadAt(0), ...set(VX8),
      ...get(VA8), ...get(R8 + r), ...get(VX8), ...f64x2mul, ...f64x2add, ...set(VA8),
      ...get(A8), ...v128loadAt(16), ...set(VX8),
      ...get(VB8), ...get(R8 + r), ...get(VX8), ...f64x2mul, ...f64x2add, ...set(VB8),
    ]),
    ...get(G), ...get(JB8), ...add, ...tee(A8), ...get(VA8), ...v128storeAt(0),
    ...get(A8), ...get(VB8), ...v128storeAt(16),
  ];
  const iBody = [
    ...rowPointers8(X, d8),
    ...get(R), ...get(I8), ...i32c(8), ...mul, ...add, ...set(Q8),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => [...get(Q8), ...i32c(8 * r), ...add, ...f64load, ...f64x2splat, ...set(R8 + r)]),
    ...i32c(0), ...set(JB8),
    ...loop(JB8, i32c(32), get(d8), jBody),
  ];
  return [...LOCALS8, ...i32c(0), ...set(I8), ...loop(I8, i32c(8), get(n8), iBody), 0x0b];
}

/**
 * `fwd1x8` / `bwd1x8` with X stored as Float32 (`x32` workspaces): each pair of X values is
 * loaded as two f32 and promoted to f64 exactly, so every product and sum is the one the
 * Float64 kernels compute, while X takes half the memory traffic (the binary fit's bottleneck
 * once X outgrows the L2 cache). Params as there; d4 (X's row stride) = d8 / 2.
 */
function oneClassF32Body(backward: boolean, indexed = false): number[] {
  const [R, n8, , Xp, d8, G] = [0, 1, 2, 3, 4, 5]; // backward: R, n8, _, X, d8, G; forward: X, n8, d8, W, _, Z
  const [FX, , Fd8, FW, , FZ] = [0, 1, 2, 3, 4, 5];
  const JX = VX8 + 1; // extra i32 local after the v128 ones: X's byte offset for this step (JB / 2)
  const base = backward ? Xp : FX;
  const stride8 = backward ? d8 : Fd8;
  // Rows i..i+7 at X + (i + r)·d4, or (indexed) at the addresses listed from X + 4i on.
  const rowPointers = indexed
    ? [
      ...get(base), ...get(I8), ...i32c(4), ...mul, ...add, ...set(X8),
      ...[1, 2, 3, 4, 5, 6, 7].flatMap((r) => [...get(X8), ...i32load(4 * r), ...set(X8 + r)]),
      ...get(X8), ...i32load(0), ...set(X8),
    ]
    : [
      ...get(base), ...get(I8), ...get(stride8), ...mul, ...i32c(1), ...shrU, ...add, ...set(X8),
      ...[1, 2, 3, 4, 5, 6, 7].flatMap((r) => [...get(X8 + r - 1), ...get(stride8), ...i32c(1), ...shrU, ...add, ...set(X8 + r)]),
    ];
  const xAt = (r: number, off: number) => [...get(X8 + r), ...get(JX), ...add, ...(off ? [...i32c(off), ...add] : []), ...load64zero, ...promoteLow, ...set(VX8)];
  const vec = backward ? G : FW;
  const head = [
    ...get(JB8), ...i32c(1), ...shrU, ...set(JX),
    ...get(vec), ...get(JB8), ...add, ...tee(A8), ...v128loadAt(0), ...set(VA8),
    ...get(A8), ...v128loadAt(16), ...set(VB8),
  ];
  const jBody = backward
    ? [
      ...head,
      ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => [
        ...xAt(r, 0), ...get(VA8), ...get(R8 + r), ...get(VX8), ...f64x2mul, ...f64x2add, ...set(VA8),
        ...xAt(r, 8), ...get(VB8), ...get(R8 + r), ...get(VX8), ...f64x2mul, ...f64x2add, ...set(VB8),
      ]),
      ...get(G), ...get(JB8), ...add, ...tee(A8), ...get(VA8), ...v128storeAt(0),
      ...get(A8), ...get(VB8), ...v128storeAt(16),
    ]
    : [
      ...head,
      ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => [
        ...xAt(r, 0), ...get(R8 + r), ...get(VX8), ...get(VA8), ...f64x2mul, ...f64x2add, ...set(R8 + r),
        ...xAt(r, 8), ...get(R8 + r), ...get(VX8), ...get(VB8), ...f64x2mul, ...f64x2add, ...set(R8 + r),
      ]),
    ];
  const store = (r: number) => [
    ...get(Q8), ...i32c(8 * r), ...add,
    ...get(R8 + r), ...lane(0), ...get(R8 + r), ...lane(1), ...f64add, ...f64store,
  ];
  const iBody = backward
    ? [
      ...rowPointers,
      ...get(R), ...get(I8), ...i32c(8), ...mul, ...add, ...set(Q8),
      ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => [...get(Q8), ...i32c(8 * r), ...add, ...f64load, ...f64x2splat, ...set(R8 + r)]),
      ...i32c(0), ...set(JB8),
      ...loop(JB8, i32c(32), get(d8), jBody),
    ]
    : [
      ...rowPointers,
      ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((v) => [...zeroV, ...set(R8 + v)]),
      ...i32c(0), ...set(JB8),
      ...loop(JB8, i32c(32), get(Fd8), jBody),
      ...get(FZ), ...get(I8), ...i32c(8), ...mul, ...add, ...set(Q8),
      ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap(store),
    ];
  return [3, 12, I32, 11, V128, 1, I32, ...i32c(0), ...set(I8), ...loop(I8, i32c(8), get(n8), iBody), 0x0b];
}

/** Exported kernels, in the module's function order. */
export const KERNELS = [
  'fwd', 'bwd', 'fwdK', 'fwd1', 'bwd1', 'fwd1x8', 'bwd1x8', 'fwd1x8f', 'bwd1x8f', 'fwdX', 'bwdX', 'fwdKX', 'fwd1x8X', 'bwd1x8X',
  'fwdF', 'bwdF', 'widenAdd',
] as const;

/**
 * The module's bytes. `shared`: it imports a shared memory (up to `maxPages` pages), which
 * worker threads can import too; otherwise a memory of its own instance (at least 1 page).
 */
export function moduleBytes(shared: boolean, maxPages = 0): Uint8Array<ArrayBuffer> {
  const bodies = [
    fwdBody(false), bwdBody(), fwdBody(true), fwd1Body(), bwd1Body(), fwd1x8Body(), bwd1x8Body(), oneClassF32Body(false), oneClassF32Body(true),
    fwdBody(false, true), bwdBody(true), fwdBody(true, true), oneClassF32Body(false, true), oneClassF32Body(true, true),
    fwdBody(false, true, true), bwdBody(true, true), widenAddBody(),
  ];
  return wasmModule(KERNELS.map((name, i) => ({ name, body: bodies[i]! })), { shared, maxPages });
}
