/**
 * The logistic head's two hot products in WebAssembly SIMD (f64x2): V8's scalar code for
 * them reaches about one multiply-add per nanosecond, two-lane SIMD roughly doubles that
 * and keeps everything in Float64. The module is assembled here from bytes (no toolchain,
 * no binary blob in the repository); `GemmWorkspace.create` returns null where SIMD is
 * unavailable and callers fall back to gemm.ts.
 *
 * Both kernels process rows four at a time; the caller handles the last n mod 4 rows.
 *   fwd(X, n4, d8, W, K, Z):  Z[i][k]  = Σ_j X[i][j]·W[k][j]        (i < n4)
 *   bwd(R, n4, K, X, d8, G):  G[k][j] += Σ_i R[i][k]·X[i][j]        (i < n4)
 * (pointers are byte offsets, d8 = 8·d, d even.)
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

function fwdBody(): number[] {
  // params 0 X, 1 n4, 2 d8, 3 W, 4 K, 5 Z; locals 6 i, 7 k, 8 jb, 9 x0, 10 x1, 11 x2, 12 x3, 13 wk, 14 z;
  // v128 locals 15..18 acc0..3, 19 w
  const [X, n4, d8, W, K, Z, i, k, jb, x0, x1, x2, x3, wk, z, a0, a1, a2, a3, w] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const accumulate = (acc: number, x: number) =>
    [...get(acc), ...get(x), ...get(jb), ...add, ...v128load, ...get(w), ...f64x2mul, ...f64x2add, ...set(acc)];
  const storeLane = (acc: number, rowOff: number[]) =>
    [...get(z), ...rowOff, ...add, ...get(acc), ...lane(0), ...get(acc), ...lane(1), ...f64add, ...f64store];
  const kBody = [
    ...get(W), ...get(k), ...get(d8), ...mul, ...add, ...set(wk),
    ...zeroV, ...set(a0), ...zeroV, ...set(a1), ...zeroV, ...set(a2), ...zeroV, ...set(a3),
    ...i32c(0), ...set(jb),
    ...loop(jb, i32c(16), get(d8), [
      ...get(wk), ...get(jb), ...add, ...v128load, ...set(w),
      ...accumulate(a0, x0), ...accumulate(a1, x1), ...accumulate(a2, x2), ...accumulate(a3, x3),
    ]),
    // z = Z + (i·K + k)·8; rows 1..3 are K·8 bytes apart
    ...get(Z), ...get(i), ...get(K), ...mul, ...get(k), ...add, ...i32c(8), ...mul, ...add, ...set(z),
    ...storeLane(a0, i32c(0)),
    ...storeLane(a1, [...get(K), ...i32c(8), ...mul]),
    ...storeLane(a2, [...get(K), ...i32c(16), ...mul]),
    ...storeLane(a3, [...get(K), ...i32c(24), ...mul]),
  ];
  const iBody = [
    ...get(X), ...get(i), ...get(d8), ...mul, ...add, ...set(x0),
    ...get(x0), ...get(d8), ...add, ...set(x1),
    ...get(x1), ...get(d8), ...add, ...set(x2),
    ...get(x2), ...get(d8), ...add, ...set(x3),
    ...i32c(0), ...set(k),
    ...loop(k, i32c(1), get(K), kBody),
  ];
  const code = [...i32c(0), ...set(i), ...loop(i, i32c(4), get(n4), iBody), 0x0b];
  return [2, 9, I32, 5, V128, ...code]; // local decls: 9×i32, 5×v128
}

function bwdBody(): number[] {
  // params 0 R, 1 n4, 2 K, 3 X, 4 d8, 5 G; locals 6 i, 7 k, 8 jb, 9 x0, 10 x1, 11 x2, 12 x3, 13 gk, 14 r;
  // v128 locals 15..18 r0..3, 19 g
  const [R, n4, K, X, d8, G, i, k, jb, x0, x1, x2, x3, gk, r, r0, r1, r2, r3, g] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const splatR = (dst: number, row: number) =>
    [...get(r), ...get(K), ...i32c(8 * row), ...mul, ...add, ...f64load, ...f64x2splat, ...set(dst)];
  const term = (rv: number, x: number) =>
    [...get(g), ...get(rv), ...get(x), ...get(jb), ...add, ...v128load, ...f64x2mul, ...f64x2add, ...set(g)];
  const kBody = [
    ...get(G), ...get(k), ...get(d8), ...mul, ...add, ...set(gk),
    // r = R + (i·K + k)·8
    ...get(R), ...get(i), ...get(K), ...mul, ...get(k), ...add, ...i32c(8), ...mul, ...add, ...set(r),
    ...splatR(r0, 0), ...splatR(r1, 1), ...splatR(r2, 2), ...splatR(r3, 3),
    ...i32c(0), ...set(jb),
    ...loop(jb, i32c(16), get(d8), [
      ...get(gk), ...get(jb), ...add, ...v128load, ...set(g),
      ...term(r0, x0), ...term(r1, x1), ...term(r2, x2), ...term(r3, x3),
      ...get(gk), ...get(jb), ...add, ...get(g), ...v128store,
    ]),
  ];
  const iBody = [
    ...get(X), ...get(i), ...get(d8), ...mul, ...add, ...set(x0),
    ...get(x0), ...get(d8), ...add, ...set(x1),
    ...get(x1), ...get(d8), ...add, ...set(x2),
    ...get(x2), ...get(d8), ...add, ...set(x3),
    ...i32c(0), ...set(k),
    ...loop(k, i32c(1), get(K), kBody),
  ];
  const code = [...i32c(0), ...set(i), ...loop(i, i32c(4), get(n4), iBody), 0x0b];
  return [2, 9, I32, 5, V128, ...code];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const fnType = [0x60, 6, I32, I32, I32, I32, I32, I32, 0];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const bodies = [fwdBody(), bwdBody()].map((b) => [...uleb(b.length), ...b]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...fnType]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]), // import memory, min 1 page
    ...section(3, [2, 0, 0]),
    ...section(7, [2, ...name('fwd'), 0x00, 0, ...name('bwd'), 0x00, 1]),
    ...section(10, [2, ...bodies.flat()]),
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

/**
 * Wasm memory holding X (n×d), W (K×d), Z (n×K) and G (K×d) in Float64 for one problem,
 * so each loss evaluation copies only W in and G out.
 */
export class GemmWorkspace {
  readonly X: Float64Array;
  readonly W: Float64Array;
  readonly Z: Float64Array;
  readonly G: Float64Array;
  private readonly fwd: Kernel;
  private readonly bwd: Kernel;
  private readonly ptr: { X: number; W: number; Z: number; G: number };

  private constructor(mod: WebAssembly.Module, readonly n: number, readonly d: number, readonly K: number) {
    const align = (b: number) => Math.ceil(b / 16) * 16;
    const X = 0, W = align(X + n * d * 8), Z = align(W + K * d * 8), G = align(Z + n * K * 8);
    const bytes = G + K * d * 8;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    this.fwd = inst.exports.fwd as Kernel;
    this.bwd = inst.exports.bwd as Kernel;
    this.ptr = { X, W, Z, G };
    this.X = new Float64Array(memory.buffer, X, n * d);
    this.W = new Float64Array(memory.buffer, W, K * d);
    this.Z = new Float64Array(memory.buffer, Z, n * K);
    this.G = new Float64Array(memory.buffer, G, K * d);
  }

  /** A workspace with X copied in, or null when SIMD is unavailable or d is odd or too big. */
  static create(X: Float64Array, n: number, d: number, K: number): GemmWorkspace | null {
    const mod = wasmModule();
    const bytes = (n * d + 2 * K * d + n * K) * 8 + 64;
    if (mod === null || d % 2 !== 0 || bytes > 2 ** 31) return null;
    const ws = new GemmWorkspace(mod, n, d, K);
    ws.X.set(X.subarray(0, n * d));
    return ws;
  }

  /** Z = X Wᵀ (W must be written into `this.W` first). Rows past the last multiple of 4 in JS. */
  forward(): void {
    const { n, d, K } = this;
    const n4 = n - (n % 4);
    if (n4 > 0) this.fwd(this.ptr.X, n4, d * 8, this.ptr.W, K, this.ptr.Z);
    for (let i = n4; i < n; i++) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += this.X[i * d + j]! * this.W[k * d + j]!;
        this.Z[i * K + k] = s;
      }
    }
  }

  /** G = Zᵀ X (Z holding the residuals by now). */
  backward(): void {
    const { n, d, K } = this;
    this.G.fill(0);
    const n4 = n - (n % 4);
    if (n4 > 0) this.bwd(this.ptr.Z, n4, K, this.ptr.X, d * 8, this.ptr.G);
    for (let i = n4; i < n; i++) {
      for (let k = 0; k < K; k++) {
        const r = this.Z[i * K + k]!;
        for (let j = 0; j < d; j++) this.G[k * d + j] = this.G[k * d + j]! + r * this.X[i * d + j]!;
      }
    }
  }
}
