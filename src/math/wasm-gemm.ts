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
 * forms `fwd1x8`/`bwd1x8`, and `fwd1x8f`/`bwd1x8f` reading X as Float32.
 */

const I32 = 0x7f, V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

// Instruction helpers (opcodes from the WebAssembly core + SIMD specifications).
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const add = [0x6a], mul = [0x6c], ltU = [0x49];
const v128load = [0xfd, 0x00, 3, 0]; // align 2^3, offset 0
const v128store = [0xfd, 0x0b, 3, 0];
const f64load = [0x2b, 3, 0], f64store = [0x39, 3, 0];
const f64x2splat = [0xfd, 0x14], f64x2add = [0xfd, 0xf0, 0x01], f64x2mul = [0xfd, 0xf2, 0x01];
const lane = (l: number) => [0xfd, 0x21, l];
const f64add = [0xa0];
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

/**
 * Z = X Wᵀ for 4 rows × 2 classes per block. `kOuter` swaps the two outer loops (classes
 * outside, rows inside) for wide W (many "classes", e.g. the nearest-neighbour search's
 * training rows): each W pair then stays in L1 while the rows stream from L2, instead of all
 * of W streaming from memory for every 4 rows. Every Z entry is summed in the same order
 * either way, so the results are identical.
 */
function fwdBody(kOuter: boolean): number[] {
  // params 0 X, 1 n4, 2 d8, 3 W, 4 K (even), 5 Z (row stride K)
  const [X, n4, d8, W, K, Z] = [0, 1, 2, 3, 4, 5];
  const acc = (row: number, c: number) => V0 + 2 * row + c;
  const jBody = [
    ...get(P0), ...get(JB), ...add, ...v128load, ...set(VA),
    ...get(P1), ...get(JB), ...add, ...v128load, ...set(VB),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...get(X0 + r), ...get(JB), ...add, ...v128load, ...set(VX),
      ...get(acc(r, 0)), ...get(VX), ...get(VA), ...f64x2mul, ...f64x2add, ...set(acc(r, 0)),
      ...get(acc(r, 1)), ...get(VX), ...get(VB), ...f64x2mul, ...f64x2add, ...set(acc(r, 1)),
    ]),
  ];
  const store = (r: number, c: number) => [
    ...get(Q), ...get(K), ...i32c(8 * r), ...mul, ...add, ...i32c(8 * c), ...add,
    ...get(acc(r, c)), ...lane(0), ...get(acc(r, c)), ...lane(1), ...f64add, ...f64store,
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
    const iBody = [...rowPointers(X, d8), ...block];
    const kBody = [...classPointers, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody)];
    return [...LOCALS, ...i32c(0), ...set(KK), ...loop(KK, i32c(2), get(K), kBody), 0x0b];
  }
  const kBody = [...classPointers, ...block];
  const iBody = [...rowPointers(X, d8), ...i32c(0), ...set(KK), ...loop(KK, i32c(2), get(K), kBody)];
  return [...LOCALS, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody), 0x0b];
}

function bwdBody(): number[] {
  // params 0 R (row stride K), 1 n4, 2 K (even), 3 X, 4 d8, 5 G
  const [R, n4, K, X, d8, G] = [0, 1, 2, 3, 4, 5];
  const rv = (row: number, c: number) => V0 + 2 * row + c;
  const splat = (r: number, c: number) => [
    ...get(Q), ...get(K), ...i32c(8 * r), ...mul, ...add, ...i32c(8 * c), ...add, ...f64load, ...f64x2splat, ...set(rv(r, c)),
  ];
  const jBody = [
    ...get(P0), ...get(JB), ...add, ...v128load, ...set(VA),
    ...get(P1), ...get(JB), ...add, ...v128load, ...set(VB),
    ...[0, 1, 2, 3].flatMap((r) => [
      ...get(X0 + r), ...get(JB), ...add, ...v128load, ...set(VX),
      ...get(VA), ...get(rv(r, 0)), ...get(VX), ...f64x2mul, ...f64x2add, ...set(VA),
      ...get(VB), ...get(rv(r, 1)), ...get(VX), ...f64x2mul, ...f64x2add, ...set(VB),
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
  const iBody = [...rowPointers(X, d8), ...i32c(0), ...set(KK), ...loop(KK, i32c(2), get(K), kBody)];
  return [...LOCALS, ...i32c(0), ...set(I), ...loop(I, i32c(4), get(n4), iBody), 0x0b];
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
const tee = (i: number) => [0x22, ...uleb(i)];
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

const load64zero = [0xfd, 0x5d, 3, 0]; // v128.load64_zero: two f32 into the low half
const promoteLow = [0xfd, 0x5f]; // f64x2.promote_low_f32x4: exact
const shrU = [0x76];

/**
 * `fwd1x8` / `bwd1x8` with X stored as Float32 (`x32` workspaces): each pair of X values is
 * loaded as two f32 and promoted to f64 exactly, so every product and sum is the one the
 * Float64 kernels compute, while X takes half the memory traffic (the binary fit's bottleneck
 * once X outgrows the L2 cache). Params as there; d4 (X's row stride) = d8 / 2.
 */
function oneClassF32Body(backward: boolean): number[] {
  const [R, n8, , Xp, d8, G] = [0, 1, 2, 3, 4, 5]; // backward: R, n8, _, X, d8, G; forward: X, n8, d8, W, _, Z
  const [FX, , Fd8, FW, , FZ] = [0, 1, 2, 3, 4, 5];
  const JX = VX8 + 1; // extra i32 local after the v128 ones: X's byte offset for this step (JB / 2)
  const base = backward ? Xp : FX;
  const stride8 = backward ? d8 : Fd8;
  const rowPointers = [
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

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const fnType = [0x60, 6, I32, I32, I32, I32, I32, I32, 0];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const bodies = [
    fwdBody(false), bwdBody(), fwdBody(true), fwd1Body(), bwd1Body(), fwd1x8Body(), bwd1x8Body(), oneClassF32Body(false), oneClassF32Body(true),
  ].map((b) => [...uleb(b.length), ...b]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...fnType]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]), // import memory, min 1 page
    ...section(3, [9, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ...section(7, [9, ...name('fwd'), 0x00, 0, ...name('bwd'), 0x00, 1, ...name('fwdK'), 0x00, 2, ...name('fwd1'), 0x00, 3, ...name('bwd1'), 0x00, 4,
      ...name('fwd1x8'), 0x00, 5, ...name('bwd1x8'), 0x00, 6, ...name('fwd1x8f'), 0x00, 7, ...name('bwd1x8f'), 0x00, 8]),
    ...section(10, [9, ...bodies.flat()]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null; // no SIMD in this runtime: the JS kernels serve
    }
  }
  return compiled;
}

type Kernel = (a: number, b: number, c: number, d: number, e: number, f: number) => void;

/** Rows per tile in `forwardBackward`: a tile of X (256 KiB at d = 512) stays in L2 between the two products. */
const TILE = 64;
/** W wider than this (bytes) is multiplied classes-outer (`fwdK`), so each pair of its rows stays in L1. */
const WIDE_W = 1 << 20;

/**
 * Wasm memory holding X (n×d), W (K'×d), Z (n×K') and G (K'×d) in Float64 for one problem,
 * so each loss evaluation copies only W in and G out. K' = `stride` is K rounded up to even
 * (the kernels take classes in pairs), except that K = 1 (binary logistic) has its own
 * one-class kernels and K' = 1. A padding row of W stays 0, so its Z column and G row stay 0 too.
 */
export class GemmWorkspace {
  /** Float32 when created with `x32` (binary logistic), else Float64. */
  readonly X: Float64Array | Float32Array;
  /** First K·d entries are the caller's weights; the rest stay 0. */
  readonly W: Float64Array;
  /** Row stride `stride`; column k < K is class k. */
  readonly Z: Float64Array;
  /** Row k < K is class k's gradient after `backward`. */
  readonly G: Float64Array;
  readonly stride: number;
  private readonly k: { fwd: Kernel; bwd: Kernel; fwdK: Kernel; fwd1: Kernel; bwd1: Kernel; fwd1x8: Kernel; bwd1x8: Kernel; fwd1x8f: Kernel; bwd1x8f: Kernel };
  private readonly ptr: { X: number; W: number; Z: number; G: number };

  private constructor(mod: WebAssembly.Module, readonly n: number, readonly d: number, readonly K: number, private readonly f32: boolean) {
    const Kp = GemmWorkspace.strideFor(K);
    const align = (b: number) => Math.ceil(b / 16) * 16;
    const X = 0, W = align(X + n * d * (f32 ? 4 : 8)), Z = align(W + Kp * d * 8), G = align(Z + n * Kp * 8);
    const bytes = G + Kp * d * 8;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
    const e = new WebAssembly.Instance(mod, { env: { memory } }).exports;
    this.k = {
      fwd: e.fwd as Kernel, bwd: e.bwd as Kernel, fwdK: e.fwdK as Kernel, fwd1: e.fwd1 as Kernel, bwd1: e.bwd1 as Kernel,
      fwd1x8: e.fwd1x8 as Kernel, bwd1x8: e.bwd1x8 as Kernel, fwd1x8f: e.fwd1x8f as Kernel, bwd1x8f: e.bwd1x8f as Kernel,
    };
    this.ptr = { X, W, Z, G };
    this.stride = Kp;
    this.X = f32 ? new Float32Array(memory.buffer, X, n * d) : new Float64Array(memory.buffer, X, n * d);
    this.W = new Float64Array(memory.buffer, W, Kp * d);
    this.Z = new Float64Array(memory.buffer, Z, n * Kp);
    this.G = new Float64Array(memory.buffer, G, Kp * d);
  }

  private static strideFor(K: number): number {
    return K === 1 ? 1 : K + (K % 2);
  }

  /**
   * A workspace with X copied in, or null when SIMD is unavailable or d is odd or too big.
   * `x32`: the same X as Float32 (every value of X a float32, as embeddings are), kept in
   * that form when K = 1 and d is a multiple of 4 — half the memory traffic, same results.
   */
  static create(X: Float64Array, n: number, d: number, K: number, x32?: Float32Array): GemmWorkspace | null {
    return GemmWorkspace.fromRows(x32 !== undefined && K === 1 ? x32 : X, d, null, n, K);
  }

  /**
   * A workspace holding `rows` of X (row-major, d columns; null: its first n rows), gathered
   * straight into wasm memory, or null as `create`. Float32 X is widened exactly to Float64
   * (or kept as Float32 when K = 1 and d is a multiple of 4), so no Float64 copy of X is made
   * outside the workspace and every sum is the one a Float64 X would give.
   */
  static fromRows(X: Float32Array | Float64Array, d: number, rows: Int32Array | null, n: number, K: number): GemmWorkspace | null {
    const mod = wasmModule();
    if (mod === null || !GemmWorkspace.fits(n, d, K)) return null;
    const f32 = X instanceof Float32Array && K === 1 && d % 4 === 0;
    const ws = new GemmWorkspace(mod, n, d, K, f32);
    if (rows === null) ws.X.set(X.subarray(0, n * d));
    else for (let i = 0; i < n; i++) ws.X.set(X.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
    return ws;
  }

  /**
   * Whether `create`/`fromRows` would give a workspace for this shape (SIMD available, d even,
   * under 2 GiB). Callers that must sum exactly as the workspace would (lane by lane: even and
   * odd columns apart, then added) without building one ask this first.
   */
  static fits(n: number, d: number, K: number): boolean {
    const Kp = GemmWorkspace.strideFor(K);
    return wasmModule() !== null && d % 2 === 0 && (n * d + 2 * Kp * d + n * Kp) * 8 + 64 <= 2 ** 31;
  }

  /** Z = X Wᵀ (W must be written into `this.W` first). Rows past the last multiple of 4 in JS. */
  forward(): void {
    this.forwardRows(0, this.n);
  }

  /** G = Zᵀ X (Z holding the residuals by now). */
  backward(): void {
    this.G.fill(0);
    this.backwardRows(0, this.n);
  }

  /**
   * The forward product, `residual(from, to)` (which turns Z's rows from..to−1 into
   * residuals), and the backward product, a tile of rows at a time so that each tile of X is
   * read from memory once per call instead of twice. G is zeroed first and accumulates the
   * rows in order, so the sums are exactly those of `forward`, residual over all rows, `backward`.
   */
  forwardBackward(residual: (from: number, to: number) => void): void {
    this.G.fill(0);
    for (let from = 0; from < this.n; from += TILE) {
      const to = this.n - from < 2 * TILE ? this.n : from + TILE; // the tail joins the last tile
      this.forwardRows(from, to);
      residual(from, to);
      this.backwardRows(from, to);
      if (to === this.n) break;
    }
  }

  /**
   * Runs a one-class kernel over n4 rows: the 8-row version on whole blocks of 8 when d is a
   * multiple of 4, then the 4-row version on what is left (same sums either way).
   */
  private oneClass(k8: Kernel, k4: Kernel, x: number, n4: number, z: number, call: (k: Kernel, x: number, n: number, z: number) => void): void {
    const n8 = this.d % 4 === 0 ? n4 - (n4 % 8) : 0;
    if (n8 > 0) call(k8, x, n8, z);
    if (n4 > n8) call(k4, x + n8 * this.d * 8, n4 - n8, z + n8 * 8);
  }

  /** Z rows from..to−1 (`from` a multiple of 4). */
  private forwardRows(from: number, to: number): void {
    if (this.f32) return this.forwardRowsF32(from, to);
    const { d, stride, ptr, k } = this;
    const n4 = (to - from) - ((to - from) % 4);
    const end = from + n4;
    if (n4 > 0) {
      const x = ptr.X + from * d * 8, z = ptr.Z + from * stride * 8;
      if (stride === 1) this.oneClass(k.fwd1x8, k.fwd1, x, n4, z, (kk, xx, m, zz) => kk(xx, m, d * 8, ptr.W, 1, zz));
      else if (stride * d * 8 <= WIDE_W) k.fwd(x, n4, d * 8, ptr.W, stride, z);
      else {
        for (let t = 0; t < n4; t += TILE) {
          k.fwdK(x + t * d * 8, Math.min(TILE, n4 - t), d * 8, ptr.W, stride, z + t * stride * 8);
        }
      }
    }
    for (let i = end; i < to; i++) {
      for (let c = 0; c < stride; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += this.X[i * d + j]! * this.W[c * d + j]!;
        this.Z[i * stride + c] = s;
      }
    }
  }

  /**
   * Float32 X, one class: whole blocks of 8 rows in wasm; the rows the Float64 path would give
   * the 4-row kernel are summed here in its order (even and odd columns apart, then added),
   * the last n mod 4 as the Float64 path's JS does: the same bits as that path for every row.
   */
  private forwardRowsF32(from: number, to: number): void {
    const { d, ptr, k, X, W, Z } = this;
    const n4 = (to - from) - ((to - from) % 4);
    const n8 = n4 - (n4 % 8);
    if (n8 > 0) k.fwd1x8f(ptr.X + from * d * 4, n8, d * 8, ptr.W, 1, ptr.Z + from * 8);
    for (let i = from + n8; i < from + n4; i++) {
      let s0 = 0, s1 = 0;
      for (let j = 0; j < d; j += 2) {
        s0 += X[i * d + j]! * W[j]!;
        s1 += X[i * d + j + 1]! * W[j + 1]!;
      }
      Z[i] = s0 + s1;
    }
    for (let i = from + n4; i < to; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]! * W[j]!;
      Z[i] = s;
    }
  }

  private backwardRowsF32(from: number, to: number): void {
    const { d, ptr, k, X, G, Z } = this;
    const n8 = (to - from) - ((to - from) % 8);
    if (n8 > 0) k.bwd1x8f(ptr.Z + from * 8, n8, 1, ptr.X + from * d * 4, d * 8, ptr.G);
    for (let i = from + n8; i < to; i++) {
      const r = Z[i]!;
      for (let j = 0; j < d; j++) G[j] = G[j]! + r * X[i * d + j]!;
    }
  }

  /** G += Z[from..to)ᵀ X[from..to) (`from` a multiple of 4), rows in order. */
  private backwardRows(from: number, to: number): void {
    if (this.f32) return this.backwardRowsF32(from, to);
    const { d, stride, ptr, k } = this;
    const n4 = (to - from) - ((to - from) % 4);
    if (n4 > 0) {
      const x = ptr.X + from * d * 8, z = ptr.Z + from * stride * 8;
      if (stride === 1) this.oneClass(k.bwd1x8, k.bwd1, x, n4, z, (kk, xx, m, zz) => kk(zz, m, 1, xx, d * 8, ptr.G));
      else k.bwd(z, n4, stride, x, d * 8, ptr.G);
    }
    for (let i = from + n4; i < to; i++) {
      for (let c = 0; c < stride; c++) {
        const r = this.Z[i * stride + c]!;
        for (let j = 0; j < d; j++) this.G[c * d + j] = this.G[c * d + j]! + r * this.X[i * d + j]!;
      }
    }
  }
}
