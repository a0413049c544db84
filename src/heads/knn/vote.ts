/** knn's vote over a query's neighbour list. */
import type { Neighbours } from '../../math/index.js';

/**
 * Class probabilities from the first k neighbours: each neighbour votes with weight
 * exp((sim − sim_nearest) / temperature) (a softmax over the neighbours' similarities), then
 * p = (1 − smoothing)·votes + smoothing / K so that no probability is exactly 0 or 1.
 */
export function vote(
  nb: Neighbours, q: number, k: number, y: Int32Array, K: number, temperature: number, smoothing: number,
  out: Float64Array, outOff: number,
): void {
  for (let c = 0; c < K; c++) out[outOff + c] = 0;
  const base = q * nb.k;
  const top = nb.sim[base]!;
  let total = 0;
  for (let j = 0; j < k; j++) {
    const w = Math.exp((nb.sim[base + j]! - top) / temperature);
    const c = outOff + y[nb.index[base + j]!]!;
    out[c] = out[c]! + w;
    total += w;
  }
  for (let c = 0; c < K; c++) out[outOff + c] = (1 - smoothing) * (out[outOff + c]! / total) + smoothing / K;
}
