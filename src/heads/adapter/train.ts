/**
 * Contrastive training of a LowRankAdapter: mini-batches of freshly drawn pairs (half
 * same-label, half different-label), cosine-similarity loss, AdamW. Memory is the adapter,
 * its Adam moments and one batch's scratch: O(rank·dim), independent of n and of classes.
 */
import { Rng, throwIfAborted } from '../../core/index.js';
import type { Matrix } from '../../core/index.js';
import { AdamOptimizer } from '../adam.js';
import { LowRankAdapter, PairScratch, pairLossAndGrad } from './low-rank.js';
import { PairSampler } from './pairs.js';

export interface ContrastiveOptions {
  rank: number;
  /** Total pairs to draw. */
  pairs: number;
  batchPairs: number;
  learningRate: number;
  weightDecay: number;
  signal?: AbortSignal;
}

export interface ContrastiveResult {
  adapter: LowRankAdapter;
  steps: number;
  /** Mean pair loss over the first and the last tenth of the steps. */
  lossStart: number;
  lossEnd: number;
}

export function trainAdapter(X: Matrix, y: Int32Array, classes: number, opts: ContrastiveOptions, rng: Rng): ContrastiveResult {
  const adapter = LowRankAdapter.init(X.cols, opts.rank, rng.fork(1));
  const sampler = new PairSampler(y, classes);
  const draw = rng.fork(2);
  const adam = new AdamOptimizer([adapter.a, adapter.b], {
    learningRate: opts.learningRate, weightDecay: [opts.weightDecay, opts.weightDecay],
  });
  const gA = new Float64Array(adapter.a.length);
  const gB = new Float64Array(adapter.b.length);
  const scratch = new PairScratch(X.cols, opts.rank);
  const steps = sampler.canPair ? Math.max(1, Math.ceil(opts.pairs / opts.batchPairs)) : 0;
  const tenth = Math.max(1, Math.floor(steps / 10));
  let lossStart = 0;
  let lossEnd = 0;
  for (let s = 0; s < steps; s++) {
    if (s % 16 === 0) throwIfAborted(opts.signal);
    gA.fill(0);
    gB.fill(0);
    let loss = 0;
    const w = 1 / opts.batchPairs;
    for (let p = 0; p < opts.batchPairs; p++) {
      const positive = (p & 1) === 0;
      const [i, j] = positive ? sampler.positive(draw) : sampler.negative(draw);
      loss += pairLossAndGrad(adapter, X.row(i), X.row(j), positive ? 1 : 0, w, gA, gB, scratch);
    }
    adam.step([gA, gB]);
    if (s < tenth) lossStart += loss / tenth;
    if (s >= steps - tenth) lossEnd += loss / tenth;
  }
  return { adapter, steps, lossStart, lossEnd };
}
