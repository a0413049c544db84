/** Exact cosine nearest neighbours over L2-normalised rows, in blocks of queries. */

import { matmulTransB } from './gemm.js';
import { GemmWorkspace } from './wasm-gemm.js';

export interface Neighbours {
  /** Row-major q×k: training row indices, nearest first (ties: lower index first). */
  index: Int32Array;
  /** Row-major q×k: cosine similarities matching `index`. */
  sim: Float64Array;
  k: number;
}

const BLOCK = 64; // queries per block: the q×n similarity block stays small

/**
 * The k most similar training rows for each query. Both sides must already be
 * L2-normalised (so the dot product is the cosine similarity).
 */
export function nearest(train: Float64Array, nTrain: number, d: number, queries: Float64Array, nQ: number, k: number): Neighbours {
  const kk = Math.min(k, nTrain);
  const index = new Int32Array(nQ * kk);
  const sim = new Float64Array(nQ * kk);
  // In wasm SIMD when available: queries are the workspace's rows, training rows its "classes".
  const ws = GemmWorkspace.create(new Float64Array(BLOCK * d), BLOCK, d, nTrain);
  if (ws !== null) ws.W.set(train.subarray(0, nTrain * d));
  const stride = ws === null ? nTrain : ws.stride;
  const S = ws === null ? new Float64Array(BLOCK * nTrain) : ws.Z;
  for (let q0 = 0; q0 < nQ; q0 += BLOCK) {
    const rows = Math.min(BLOCK, nQ - q0);
    const block = queries.subarray(q0 * d, (q0 + rows) * d);
    if (ws === null) {
      matmulTransB(block, rows, d, train, nTrain, null, 0, S);
    } else {
      ws.X.set(block);
      ws.forward(); // rows past `rows` hold stale queries and are ignored
    }
    for (let r = 0; r < rows; r++) topK(S, r * stride, nTrain, kk, index, sim, (q0 + r) * kk);
  }
  return { index, sim, k: kk };
}

/** Insertion into a sorted window of size k: cheap because most candidates fail the first test. */
function topK(S: Float64Array, off: number, n: number, k: number, index: Int32Array, sim: Float64Array, out: number): void {
  let filled = 0;
  for (let t = 0; t < n; t++) {
    const s = S[off + t]!;
    if (filled === k && !(s > sim[out + k - 1]!)) continue;
    let p = filled < k ? filled++ : k - 1;
    while (p > 0 && s > sim[out + p - 1]!) {
      sim[out + p] = sim[out + p - 1]!;
      index[out + p] = index[out + p - 1]!;
      p--;
    }
    sim[out + p] = s;
    index[out + p] = t;
  }
}

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
