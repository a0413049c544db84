/**
 * A faster BatchMatMul for the products tfjs-backend-wasm 4.22 sends down its slow path:
 * those batched over more than one matrix, which in USE-lite are attention's Q·Kᵀ and P·V.
 * The backend runs them in a scalar C++ loop (batch_mat_mul_impl.cc) that took 27–35% of a
 * long batch's time for 4–5% of its FLOPs (`bench/embed-throughput.ts --profile`); on
 * attention's shapes for 32 long texts it made 1.6–2.1 GFLOP per CPU-second, this kernel 6.2.
 *
 * Same numbers, bit for bit: every output element is summed in the backend's order, in blocks
 * of 48 along the shared dimension, each block summed from zero in increasing order in float32
 * and then added to the element. Only the order in which elements are computed differs: four
 * neighbours at once in WebAssembly SIMD lanes, which round each product and each sum to
 * float32 as the scalar code does (no fused multiply-add in either).
 * test/backbones/batched-products.test.ts compares it with the backend's own kernel bit for bit.
 */
import { wasm } from '../../math/index.js';
import type { KernelArgs, TensorInfo, WasmBackend } from './kernels.js';

/** The backend's block along the shared dimension (kBlockSize in batch_mat_mul_impl.cc). */
const BLOCK = 48;

/** The product, when it is one the backend would run on its slow path; else undefined. */
export function batchedProduct(args: KernelArgs): TensorInfo | undefined {
  const { a, b } = args.inputs;
  const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean };
  const transposeA = attrs.transposeA === true;
  const transposeB = attrs.transposeB === true;
  if (a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32' || transposeA) return undefined;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 3 || rb !== ra) return undefined;
  const batch = a.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  if (batch <= 1 || b.shape.slice(0, -2).some((d, i) => d !== a.shape[i])) return undefined;
  const m = a.shape[ra - 2]!;
  const k = a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if ((transposeB ? b.shape[rb - 1] : b.shape[rb - 2]) !== k) return undefined;

  const backend = args.backend as WasmBackend;
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
  // Views after the allocation: growing the wasm memory detaches earlier ones.
  const av = backend.typedArrayFromHeap(a) as Float32Array;
  const bv = backend.typedArrayFromHeap(b) as Float32Array;
  const ov = backend.typedArrayFromHeap(out) as Float32Array;
  multiply(av, bv, ov, batch, m, k, n, transposeB);
  return out;
}

// The kernel, assembled here from bytes (WebAssembly core and SIMD opcodes; no toolchain):
//   block(a, rows, count, n16, sums, out):  sums = 0; for s < count: sums += a[s] · rows[s]; out += sums
// over n16 bytes of f32x4 lanes (pointers are byte offsets). f32x4.mul and f32x4.add round each
// lane to float32 as the backend's scalar code rounds each product and sum, so the lanes give
// the scalar loop's bits.
const { I32, V128, get, set, tee, i32c, add, mul, ltU } = wasm;
const [A, ROWS, COUNT, N16, SUMS, OUT, S, J, R, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const f32load = [0x2a, 2, 0];
const load = [0xfd, 0x00, 4, 0];
const store = [0xfd, 0x0b, 4, 0];
const [splat, fadd, fmul] = [[0xfd, 0x13], [0xfd, 0xe4, 0x01], [0xfd, 0xe6, 0x01]];
/** j = 0; do { body } while ((j += 16) < n16) */
const lanes = (body: number[]): number[] => [...i32c(0), ...set(J), 0x03, 0x40, ...body, ...get(J), ...i32c(16), ...add, ...tee(J), ...get(N16), ...ltU, 0x0d, 0, 0x0b];
const at = (base: number): number[] => [...get(base), ...get(J), ...add];

const BODY = [
  2, 3, I32, 1, V128, // locals s, j, r; x
  ...lanes([...at(SUMS), 0x43, 0, 0, 0, 0, ...splat, ...store]),
  ...i32c(0), ...set(S), 0x03, 0x40,
  ...get(A), ...get(S), ...i32c(4), ...mul, ...add, ...f32load, ...splat, ...set(X),
  ...get(ROWS), ...get(S), ...get(N16), ...mul, ...add, ...set(R),
  ...lanes([...at(SUMS), ...at(SUMS), ...load, ...get(X), ...at(R), ...load, ...fmul, ...fadd, ...store]),
  ...get(S), ...i32c(1), ...add, ...tee(S), ...get(COUNT), ...ltU, 0x0d, 0, 0x0b,
  ...lanes([...at(OUT), ...at(OUT), ...load, ...at(SUMS), ...load, ...fadd, ...store]),
  0x0b,
];

const MODULE = wasm.wasmModule([{ name: 'block', body: BODY }], { shared: false });

type Block = (a: number, rows: number, count: number, n16: number, sums: number, out: number) => void;

/** One kernel instance and its memory per thread, grown as products need. */
let kernel: { memory: WebAssembly.Memory; block: Block } | undefined;

function kernelWith(bytes: number): { memory: WebAssembly.Memory; block: Block } {
  if (kernel === undefined) {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const block = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { env: { memory } }).exports.block as Block;
    kernel = { memory, block };
  }
  const have = kernel.memory.buffer.byteLength;
  if (have < bytes) kernel.memory.grow(Math.ceil((bytes - have) / 65536));
  return kernel;
}

/** out[t] = a[t] · b[t] (b[t] transposed when asked) for every t < batch, in the backend's summation order. */
export function multiply(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number, transposeB: boolean): void {
  const n4 = Math.ceil(n / 4) * 4; // rows padded with zeros to whole f32x4 lanes
  const [aAt, rowsAt] = [0, m * k];
  const sumsAt = rowsAt + k * n4;
  const outAt = sumsAt + n4;
  const { memory, block } = kernelWith(4 * (outAt + m * n4));
  const f = new Float32Array(memory.buffer);
  for (let t = 0; t < batch; t++) {
    f.set(a.subarray(t * m * k, (t + 1) * m * k), aAt);
    f.fill(0, rowsAt, outAt + m * n4);
    const base = t * k * n;
    for (let s = 0; s < k; s++) {
      const r = rowsAt + s * n4;
      if (transposeB) for (let j = 0; j < n; j++) f[r + j] = b[base + j * k + s]!;
      else f.set(b.subarray(base + s * n, base + (s + 1) * n), r);
    }
    for (let i = 0; i < m; i++) {
      for (let s0 = 0; s0 < k; s0 += BLOCK) {
        block(4 * (aAt + i * k + s0), 4 * (rowsAt + s0 * n4), Math.min(BLOCK, k - s0), 4 * n4, 4 * sumsAt, 4 * (outAt + i * n4));
      }
      out.set(f.subarray(outAt + i * n4, outAt + i * n4 + n), t * m * n + i * n);
    }
  }
}
