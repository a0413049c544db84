/**
 * FLOPs of USE-lite's graph on a batch of texts, counted from the shapes of every matrix
 * product it runs (tf.profile on one call): MatMul/BatchMatMul (attention's Q·Kᵀ and P·V, the
 * feed-forward layers) and the 1×1 Conv2Ds (the attention projections). Element-wise work
 * (layer norms, softmax, activations) is not counted: it is a small share of the arithmetic.
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

/** FLOPs of one graph call on `batch` (as one batch, padded to its longest text). */
export async function useLiteFlops(graph: UseLiteGraph, tok: UseTokenizer, batch: readonly string[]): Promise<number> {
  const tf = await loadTf();
  const { tokens, offsets } = packTokens(tok, batch);
  const info = await tf.profile(async () => {
    await graph.embed(tokens, offsets);
  });
  let flops = 0;
  for (const k of info.kernels) {
    const [a, b] = k.inputShapes as number[][];
    if (a === undefined || b === undefined) continue;
    if (k.name === 'BatchMatMul') {
      // a is [..., M, K]; b is [..., K, N], or [..., N, K] when transposed (attention's Q·Kᵀ).
      const m = a.at(-2)!;
      const kk = a.at(-1)!;
      const n = b.at(-2) === kk ? b.at(-1)! : b.at(-2)!;
      const batchDims = a.slice(0, -2).reduce((p, d) => p * d, 1);
      flops += 2 * batchDims * m * kk * n;
    } else if (k.name === 'Conv2D') {
      // Stride-1 convolutions (USE-lite uses 1×1): one kernel application per input position.
      const positions = a.slice(0, -1).reduce((p, d) => p * d, 1);
      flops += 2 * positions * b.reduce((p, d) => p * d, 1);
    }
  }
  return flops;
}
