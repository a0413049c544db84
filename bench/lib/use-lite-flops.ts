/**
 * FLOPs of USE-lite's graph on a batch of texts, counted from the shapes of every matrix
 * product it runs (tf.profile on one call): MatMul/BatchMatMul (attention's Q·Kᵀ and P·V, the
 * feed-forward layers) and the 1×1 Conv2Ds (the attention projections). Element-wise work
 * (layer norms, softmax, activations) is not counted: it is a small share of the arithmetic.
 * The same profile, with each kernel's time, says where a batch's time goes.
 */
import { loadTf } from '../../src/core/index.js';
import type { UseLiteGraph } from '../../src/backbones/use-lite/graph.js';
import type { UseTokenizer } from '../../src/backbones/use-lite/tokenizer.js';

/** Token ids of `texts`, packed as the graph takes them (text i is tokens[offsets[i]..offsets[i+1])). */
export function packTokens(tok: UseTokenizer, texts: readonly string[]): { tokens: Int32Array; offsets: Int32Array } {
  const lists = texts.map((t) => tok.encodeTruncated(t).ids);
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l.length));
  const tokens = new Int32Array(offsets[lists.length]!);
  lists.forEach((l, i) => tokens.set(l, offsets[i]!));
  return { tokens, offsets };
}

/** What a kernel is, for the profile: attention's products, the dense ones, or the rest (by name). */
export type KernelClass = 'attention products' | 'dense products' | string;

interface Kernel {
  name: string;
  inputShapes: number[][];
  kernelTimeMs: number;
}

/** FLOPs of one kernel (0 for all but matrix products) and its class. */
export function kernelFlops(k: Kernel): { flops: number; kind: KernelClass } {
  const [a, b] = k.inputShapes;
  if (a === undefined || b === undefined) return { flops: 0, kind: k.name };
  if (k.name === 'BatchMatMul') {
    // a is [..., M, K]; b is [..., K, N], or [..., N, K] when transposed (attention's Q·Kᵀ).
    const m = a.at(-2)!;
    const kk = a.at(-1)!;
    const n = b.at(-2) === kk ? b.at(-1)! : b.at(-2)!;
    const batchDims = a.slice(0, -2).reduce((p, d) => p * d, 1);
    // Products of two activations over (text, head) are attention's; a weight matrix is 2-d.
    return { flops: 2 * batchDims * m * kk * n, kind: b.length > 2 ? 'attention products' : 'dense products' };
  }
  if (k.name === 'Conv2D') {
    // Stride-1 convolutions (USE-lite uses 1×1): one kernel application per input position.
    const positions = a.slice(0, -1).reduce((p, d) => p * d, 1);
    return { flops: 2 * positions * b.reduce((p, d) => p * d, 1), kind: 'dense products' };
  }
  return { flops: 0, kind: k.name };
}

async function profiled(graph: UseLiteGraph, tok: UseTokenizer, batch: readonly string[]): Promise<Kernel[]> {
  const tf = await loadTf();
  const { tokens, offsets } = packTokens(tok, batch);
  const info = await tf.profile(async () => {
    await graph.embed(tokens, offsets);
  });
  return info.kernels.map((k) => ({ name: k.name, inputShapes: k.inputShapes as number[][], kernelTimeMs: k.kernelTimeMs as number }));
}

/** FLOPs of one graph call on `batch` (as one batch, padded to its longest text). */
export async function useLiteFlops(graph: UseLiteGraph, tok: UseTokenizer, batch: readonly string[]): Promise<number> {
  return (await profiled(graph, tok, batch)).reduce((sum, k) => sum + kernelFlops(k).flops, 0);
}

export interface KernelShare {
  kind: KernelClass;
  /** Share of the kernels' summed time. */
  timeShare: number;
  flopShare: number;
  /** GFLOP/s while these kernels ran (0 for kernels without products). */
  gflopPerSecond: number;
}

/**
 * Where one graph call's time goes, by kernel class (the largest first): its time and FLOP
 * shares and the rate of each class. Kernel times are wall times of each call on one thread.
 */
export async function kernelShares(graph: UseLiteGraph, tok: UseTokenizer, batch: readonly string[]): Promise<KernelShare[]> {
  await profiled(graph, tok, batch); // first call sizes the wasm heap
  const kernels = await profiled(graph, tok, batch);
  const by = new Map<KernelClass, { ms: number; flops: number }>();
  for (const k of kernels) {
    const { flops, kind } = kernelFlops(k);
    const e = by.get(kind) ?? { ms: 0, flops: 0 };
    e.ms += k.kernelTimeMs;
    e.flops += flops;
    by.set(kind, e);
  }
  const ms = [...by.values()].reduce((s, e) => s + e.ms, 0);
  const flops = [...by.values()].reduce((s, e) => s + e.flops, 0);
  return [...by].map(([kind, e]) => ({ kind, timeShare: e.ms / ms, flopShare: e.flops / flops, gflopPerSecond: e.ms > 0 ? e.flops / e.ms / 1e6 : 0 }))
    .sort((x, y) => y.timeShare - x.timeShare);
}
