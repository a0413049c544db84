/**
 * The logistic head's two hot products in WebAssembly SIMD (f64x2), run on the module
 * wasm-kernels.ts assembles: V8's scalar code for them reaches about one multiply-add per
 * nanosecond, two-lane SIMD roughly doubles that and keeps everything in Float64.
 * `GemmWorkspace.create` returns null where SIMD is unavailable and callers fall back to gemm.ts.
 *
 * A workspace either holds its own copy of the rows it multiplies, or reads them where they
 * are: `SharedRows` puts a Float32 matrix once into a shared memory that any number of
 * workspaces — on this thread and on worker threads — read through a list of row addresses,
 * so the folds of a cross-validation cost no copy of X each (issue 13: a fit's memory).
 */
import { Matrix } from '../core/index.js';
import { KERNELS, moduleBytes } from './wasm-kernels.js';

/** Largest memory of a shared-rows module: 2 GiB, as `fits` allows a workspace's own. */
const SHARED_MAX_PAGES = 32768;

let compiled: WebAssembly.Module | null | undefined;
let compiledShared: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes(false));
    } catch {
      compiled = null; // no SIMD in this runtime: the JS kernels serve
    }
  }
  return compiled;
}

/** The same kernels on an imported shared memory, or null without SIMD or threads. */
function sharedModule(): WebAssembly.Module | null {
  if (compiledShared === undefined) {
    try {
      compiledShared = new WebAssembly.Module(moduleBytes(true, SHARED_MAX_PAGES));
    } catch {
      compiledShared = null;
    }
  }
  return compiledShared;
}

type Kernel = (a: number, b: number, c: number, d: number, e: number, f: number) => void;
type Kernels = Record<(typeof KERNELS)[number], Kernel>;

/** Rows per tile in `forwardBackward`: a tile of X (256 KiB at d = 512) stays in L2 between the two products. */
const TILE = 64;
/** W wider than this (bytes) is multiplied classes-outer (`fwdK`), so each pair of its rows stays in L1. */
const WIDE_W = 1 << 20;

/** Where a workspace's memory and rows are: its own memory, or a region of a `SharedRows` memory. */
interface Layout {
  memory: WebAssembly.Memory;
  kernels: Kernels;
  /** The rows: the workspace's own (n×d), or (shared) every row of the shared matrix. */
  X: Float64Array | Float32Array;
  /** Shared: the shared matrix's row of each workspace row; null: row i is X's row i. */
  rowOf: Int32Array | null;
  /** Byte addresses; shared: `X` is that of the list of the rows' addresses; W32/G32 (shared, K' > 1): Float32 W and G, else −1. */
  ptr: { X: number; W: number; Z: number; G: number; W32: number; G32: number };
}

const align16 = (b: number): number => Math.ceil(b / 16) * 16;

/**
 * Wasm memory holding X (n×d), W (K'×d), Z (n×K') and G (K'×d) in Float64 for one problem,
 * so each loss evaluation copies only W in and G out. K' = `stride` is K rounded up to even
 * (the kernels take classes in pairs), except that K = 1 (binary logistic) has its own
 * one-class kernels and K' = 1. A padding row of W stays 0, so its Z column and G row stay 0 too.
 * A workspace on `SharedRows` holds no X of its own: its kernels read the shared Float32 rows
 * through a list of their addresses, widening each value exactly, so every sum is the one a
 * workspace holding those rows would compute.
 */
export class GemmWorkspace {
  /** Float32 when created with `x32` (binary logistic) or on shared rows, else Float64. */
  readonly X: Float64Array | Float32Array;
  /** First K·d entries are the caller's weights; the rest stay 0. */
  readonly W: Float64Array;
  /** Row stride `stride`; column k < K is class k. */
  readonly Z: Float64Array;
  /** Row k < K is class k's gradient after `backward`. */
  readonly G: Float64Array;
  readonly stride: number;
  /**
   * Float32 copies of W and G for `forwardBackwardF32` (shared rows, K' > 1), else null: write
   * the weights (rounded to Float32) into W32 before calling it.
   */
  readonly W32: Float32Array | null;
  private readonly G32: Float32Array | null;
  private readonly k: Kernels;
  private readonly ptr: Layout['ptr'];
  private readonly rowOf: Int32Array | null;

  private constructor(readonly n: number, readonly d: number, readonly K: number, private readonly f32: boolean, layout: Layout) {
    const Kp = GemmWorkspace.strideFor(K);
    const { memory, ptr, rowOf } = layout;
    const e = layout.kernels;
    // On shared rows the indexed kernels stand in for the ones reading rows in place.
    this.k = rowOf === null ? e : { ...e, fwd: e.fwdX, bwd: e.bwdX, fwdK: e.fwdKX, fwd1x8f: e.fwd1x8X, bwd1x8f: e.bwd1x8X };
    this.ptr = ptr;
    this.rowOf = rowOf;
    this.stride = Kp;
    this.X = layout.X;
    this.W = new Float64Array(memory.buffer, ptr.W, Kp * d);
    this.Z = new Float64Array(memory.buffer, ptr.Z, n * Kp);
    this.G = new Float64Array(memory.buffer, ptr.G, Kp * d);
    this.W32 = ptr.W32 < 0 ? null : new Float32Array(memory.buffer, ptr.W32, Kp * d);
    this.G32 = ptr.G32 < 0 ? null : new Float32Array(memory.buffer, ptr.G32, Kp * d);
  }

  /** A workspace with its own memory holding n rows of X. */
  private static own(mod: WebAssembly.Module, n: number, d: number, K: number, f32: boolean): GemmWorkspace {
    const Kp = GemmWorkspace.strideFor(K);
    const X = 0, W = align16(X + n * d * (f32 ? 4 : 8)), Z = align16(W + Kp * d * 8), G = align16(Z + n * Kp * 8);
    const bytes = G + Kp * d * 8;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
    const kernels = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Kernels;
    const x = f32 ? new Float32Array(memory.buffer, X, n * d) : new Float64Array(memory.buffer, X, n * d);
    return new GemmWorkspace(n, d, K, f32, { memory, kernels, X: x, rowOf: null, ptr: { X, W, Z, G, W32: -1, G32: -1 } });
  }

  /** A workspace over `rows` of shared rows (see `SharedRows.workspace`). */
  static onShared(
    memory: WebAssembly.Memory, kernels: Kernels, X: Float32Array, rows: Int32Array, d: number, K: number, ptr: Layout['ptr'],
  ): GemmWorkspace {
    return new GemmWorkspace(rows.length, d, K, K === 1, { memory, kernels, X, rowOf: rows, ptr });
  }

  static strideFor(K: number): number {
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
    const ws = GemmWorkspace.own(mod, n, d, K, f32);
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
   * `forwardBackward` with Float32 products: Z = X·W32ᵀ with Float32 multiplies and four
   * Float32 partial sums per entry (each over d/4 terms), added in Float64; then, a tile of rows
   * at a time, G32 = Σ_tile R·X in Float32 (R rounded to Float32) widened and added into the
   * Float64 G, so no Float32 sum runs over more than a tile's rows. About twice the
   * multiply-adds per instruction of the Float64 kernels and half their reads of X; each sum
   * is rounded at about 1e-7 relative instead of 1e-16, which a fit that stops at a relative
   * decrease of 1e-6 cannot see (see the logistic solver's `products`). Deterministic: the
   * same order on every thread. Only for workspaces with `W32` (shared rows, K' > 1).
   */
  forwardBackwardF32(residual: (from: number, to: number) => void): void {
    const { d, stride, ptr, k, W32, G32 } = this;
    if (W32 === null || G32 === null) throw new Error('GemmWorkspace.forwardBackwardF32: this workspace has no Float32 weights (only shared rows with K > 1 do)');
    this.G.fill(0);
    for (let from = 0; from < this.n; from += TILE) {
      const to = this.n - from < 2 * TILE ? this.n : from + TILE;
      const n4 = (to - from) - ((to - from) % 4);
      const x = this.xAt(from), z = ptr.Z + from * stride * 8;
      if (n4 > 0) k.fwdF(x, n4, d * 4, ptr.W32, stride, z);
      this.forwardTail(from + n4, to, W32);
      residual(from, to);
      if (n4 > 0) {
        G32.fill(0);
        k.bwdF(z, n4, stride, x, d * 4, ptr.G32);
        k.widenAdd(ptr.G32, stride * d * 4, ptr.G, 0, 0, 0);
      }
      this.backwardTail(from + n4, to);
      if (to === this.n) break;
    }
  }

  /** The kernels' X argument for rows from `from` on: the rows themselves, or (shared) their addresses. */
  private xAt(from: number): number {
    return this.rowOf === null ? this.ptr.X + from * this.d * (this.f32 ? 4 : 8) : this.ptr.X + from * 4;
  }

  /** Offset in `X` of row i's first value. */
  private at(i: number): number {
    return (this.rowOf === null ? i : this.rowOf[i]!) * this.d;
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
      const x = this.xAt(from), z = ptr.Z + from * stride * 8;
      if (stride === 1) this.oneClass(k.fwd1x8, k.fwd1, x, n4, z, (kk, xx, m, zz) => kk(xx, m, d * 8, ptr.W, 1, zz));
      else if (stride * d * 8 <= WIDE_W) k.fwd(x, n4, d * 8, ptr.W, stride, z);
      else {
        for (let t = 0; t < n4; t += TILE) {
          k.fwdK(this.xAt(from + t), Math.min(TILE, n4 - t), d * 8, ptr.W, stride, z + t * stride * 8);
        }
      }
    }
    this.forwardTail(end, to, this.W);
  }

  /**
   * Z rows from..to−1 (the last n mod 4 of a tile, or of a one-class Float32 block) summed here
   * in JS, column by column in order, with the weights `W` (Float64, or the Float32 copy).
   */
  private forwardTail(from: number, to: number, W: Float32Array | Float64Array): void {
    const { d, stride, X, Z } = this;
    for (let i = from; i < to; i++) {
      const xo = this.at(i);
      for (let c = 0; c < stride; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += X[xo + j]! * W[c * d + j]!;
        Z[i * stride + c] = s;
      }
    }
  }

  /** G += Z[from..to)ᵀ X[from..to) in JS, rows in order (what the kernels leave: the last n mod 4 or 8). */
  private backwardTail(from: number, to: number): void {
    const { d, stride, X, G, Z } = this;
    for (let i = from; i < to; i++) {
      const xo = this.at(i);
      for (let c = 0; c < stride; c++) {
        const r = Z[i * stride + c]!;
        for (let j = 0; j < d; j++) G[c * d + j] = G[c * d + j]! + r * X[xo + j]!;
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
    if (n8 > 0) k.fwd1x8f(this.xAt(from), n8, d * 8, ptr.W, 1, ptr.Z + from * 8);
    for (let i = from + n8; i < from + n4; i++) {
      const xo = this.at(i);
      let s0 = 0, s1 = 0;
      for (let j = 0; j < d; j += 2) {
        s0 += X[xo + j]! * W[j]!;
        s1 += X[xo + j + 1]! * W[j + 1]!;
      }
      Z[i] = s0 + s1;
    }
    this.forwardTail(from + n4, to, W);
  }

  private backwardRowsF32(from: number, to: number): void {
    const { d, ptr, k } = this;
    const n8 = (to - from) - ((to - from) % 8);
    if (n8 > 0) k.bwd1x8f(ptr.Z + from * 8, n8, 1, this.xAt(from), d * 8, ptr.G);
    this.backwardTail(from + n8, to);
  }

  /** G += Z[from..to)ᵀ X[from..to) (`from` a multiple of 4), rows in order. */
  private backwardRows(from: number, to: number): void {
    if (this.f32) return this.backwardRowsF32(from, to);
    const { d, stride, ptr, k } = this;
    const n4 = (to - from) - ((to - from) % 4);
    if (n4 > 0) {
      const x = this.xAt(from), z = ptr.Z + from * stride * 8;
      if (stride === 1) this.oneClass(k.bwd1x8, k.bwd1, x, n4, z, (kk, xx, m, zz) => kk(zz, m, 1, xx, d * 8, ptr.G));
      else k.bwd(z, n4, stride, x, d * 8, ptr.G);
    }
    this.backwardTail(from + n4, to);
  }
}


/** What another thread needs to use the same shared rows: post it, then `SharedRows.attach` it. */
export interface SharedRowsHandle {
  memory: WebAssembly.Memory;
  n: number;
  d: number;
}

/** Bytes before the rows: the allocation pointer (an i32), padded. */
const HEADER = 64;

/** Each SharedRows made on this thread, by the buffer its rows are a view of (the memory's first). */
const OWNERS = new WeakMap<ArrayBufferLike, SharedRows>();

/**
 * A Float32 matrix (n×d) copied once into a shared WebAssembly memory, and workspaces over
 * any list of its rows — on this thread, or on worker threads through `handle()` and
 * `attach` — whose kernels read the rows in place. The k folds of a cross-validation then
 * cost their row lists and their n×K' logits, not k copies of their rows in Float64 (twice
 * X's Float32 size each). Each workspace takes its row list, W, Z and G from the end of the
 * memory, which grows as needed; it is all freed with the memory, once no thread holds it.
 */
export class SharedRows {
  /** The rows, as given (row-major, d columns). */
  readonly X: Float32Array;
  private readonly kernels: Kernels;

  private constructor(readonly memory: WebAssembly.Memory, readonly n: number, readonly d: number, mod: WebAssembly.Module) {
    this.X = new Float32Array(memory.buffer, HEADER, n * d);
    this.kernels = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Kernels;
  }

  /**
   * X's first n rows in shared memory, or null where the workspaces cannot read them: no SIMD
   * or no shared memory in this runtime, d not a multiple of 4, or X over half the 2 GiB the
   * kernels address (callers then give each fit a workspace of its own). Rows that already are
   * a SharedRows' (`inShared`) are that one, not copied again.
   */
  static create(X: Float32Array, n: number, d: number): SharedRows | null {
    const own = OWNERS.get(X.buffer);
    if (own !== undefined && X.byteOffset === HEADER && own.n === n && own.d === d) return own;
    const rows = SharedRows.allocate(n, d);
    rows?.X.set(X.subarray(0, n * d));
    return rows;
  }

  /**
   * X with its rows moved into a SharedRows' memory (X itself where `create` would give null),
   * for a caller that keeps X while fits run on it: their `create` then reads these rows in
   * place, instead of holding a second copy beside X. Drop the X given: the two are copies.
   */
  static inShared(X: Matrix): Matrix {
    if (OWNERS.has(X.data.buffer)) return X;
    const out = SharedRows.matrix(X.rows, X.cols);
    if (out === null) return X;
    out.data.set(X.data.subarray(0, X.rows * X.cols));
    return out;
  }

  /** A zeroed n×d matrix in a SharedRows' memory (see `inShared`), to fill; null where `create` would give null. */
  static matrix(n: number, d: number): Matrix | null {
    const rows = SharedRows.allocate(n, d);
    return rows && new Matrix(n, d, rows.X);
  }

  /** Zeroed shared memory for n×d rows and the workspaces after them, or null (see `create`). */
  private static allocate(n: number, d: number): SharedRows | null {
    const mod = sharedModule();
    const bytes = HEADER + n * d * 4;
    if (mod === null || d % 4 !== 0 || n === 0 || bytes > (SHARED_MAX_PAGES * 65536) / 2) return null;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536), maximum: SHARED_MAX_PAGES, shared: true });
    const rows = new SharedRows(memory, n, d, mod);
    Atomics.store(new Int32Array(memory.buffer, 0, 1), 0, align16(bytes));
    OWNERS.set(rows.X.buffer, rows);
    return rows;
  }

  /** The same rows on this thread, from another thread's `handle()`. */
  static attach(h: SharedRowsHandle): SharedRows {
    const mod = sharedModule();
    if (mod === null) throw new Error('SharedRows.attach: this thread has no WebAssembly SIMD, though the thread that shared the rows had');
    return new SharedRows(h.memory, h.n, h.d, mod);
  }

  handle(): SharedRowsHandle {
    return { memory: this.memory, n: this.n, d: this.d };
  }

  /**
   * A workspace over `rows` of X in this order (null: rows 0..n−1) for K classes, or null
   * when the memory cannot grow to hold its W, Z, G and row list (a workspace of its own then).
   */
  workspace(rows: Int32Array | null, n: number, K: number): GemmWorkspace | null {
    const { d } = this;
    const Kp = GemmWorkspace.strideFor(K);
    const list = rows === null ? Int32Array.from({ length: n }, (_, i) => i) : rows.slice(0, n);
    const P = 0, W = align16(P + n * 4), Z = align16(W + Kp * d * 8), G = align16(Z + n * Kp * 8);
    // Float32 W and G for forwardBackwardF32 when there are class pairs (K' > 1).
    const W32 = align16(G + Kp * d * 8), G32 = align16(W32 + Kp * d * 4), end = Kp > 1 ? G32 + Kp * d * 4 : W32;
    const base = this.alloc(end);
    if (base < 0) return null;
    const addresses = new Int32Array(this.memory.buffer, base + P, n);
    for (let i = 0; i < n; i++) addresses[i] = HEADER + list[i]! * d * 4;
    const f32 = Kp > 1 ? { W32: base + W32, G32: base + G32 } : { W32: -1, G32: -1 };
    return GemmWorkspace.onShared(this.memory, this.kernels, this.X, list, d, K, { X: base + P, W: base + W, Z: base + Z, G: base + G, ...f32 });
  }

  /** `bytes` of fresh (zeroed) memory, shared by every thread's allocations; −1 past the maximum. */
  private alloc(bytes: number): number {
    const size = align16(bytes);
    const at = Atomics.add(new Int32Array(this.memory.buffer, 0, 1), 0, size);
    const end = at + size;
    if (at < 0 || end > SHARED_MAX_PAGES * 65536) return -1;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
    return at;
  }
}
