/**
 * Kernels put in front of tfjs-backend-wasm's own for the USE-lite graph, where the backend's
 * are slow; each gives the bytes the backend's kernel gives, and hands what it does not take
 * back to it. Installed once per tfjs instance (each worker thread has its own).
 * - BatchMatMul batched over more than one matrix (attention's Q·Kᵀ and P·V): batched-products.ts.
 * - SplitV (the attention projections split into Q, K and V): rows copied straight from the
 *   wasm heap. The backend slices each part with a `readSync` that first copies the whole input
 *   out of the heap: three copies of a 23 MB tensor per split for 32 long texts, 5–24% of a
 *   batch's time in `bench/embed-throughput.ts --profile`.
 */
import type { Tf } from '../../core/index.js';
import { batchedProduct } from './batched-products.js';

export interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}

export interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  /** A view of the tensor's bytes in the wasm heap (detached when the heap grows). */
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export type KernelArgs = { inputs: Record<string, TensorInfo | undefined>; backend: unknown; attrs?: Record<string, unknown> };
type Result = TensorInfo | TensorInfo[];
type Take = (args: KernelArgs) => Result | undefined;

const MARK = Symbol.for('graft.useLiteKernel');

function override(tf: Tf, name: string, take: Take): void {
  const original = tf.getKernel(name, 'wasm') as (ReturnType<Tf['getKernel']> & { [MARK]?: true }) | undefined;
  if (original === undefined || original[MARK]) return;
  const fallback = original.kernelFunc as unknown as (args: KernelArgs) => Result;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    ...original,
    [MARK]: true,
    kernelFunc: ((args: KernelArgs) => take(args) ?? fallback(args)) as unknown as typeof original.kernelFunc,
  } as typeof original);
}

export function installKernels(tf: Tf): void {
  override(tf, 'BatchMatMul', batchedProduct);
  override(tf, 'SplitV', (args) => splitRows(tf, args));
}

/** SplitV by copying each part's rows from a view of the input, as the backend's slices would. */
function splitRows(tf: Tf, args: KernelArgs): TensorInfo[] | undefined {
  const x = args.inputs.x;
  if (x === undefined || x.dtype === 'string') return undefined;
  const attrs = args.attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits, axis);
  const outer = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const width = x.shape[axis]!;
  const backend = args.backend as WasmBackend;
  let offset = 0;
  return sizes.map((size) => {
    const shape = [...x.shape];
    shape[axis] = size;
    const out = backend.makeOutput(shape, x.dtype);
    // Views after the allocation: growing the wasm memory detaches earlier ones.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let o = 0; o < outer; o++) to.set(from.subarray((o * width + offset) * inner, (o * width + offset + size) * inner), o * size * inner);
    offset += size;
    return out;
  });
}
