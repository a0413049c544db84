/**
 * Contrastive training of a LowRankAdapter: each step draws a batch of a few classes × a few
 * rows, takes the cosine-similarity loss over every pair inside it, and makes one AdamW step.
 * Memory is the adapter, its Adam moments and one batch's scratch: O(rank·dim + m·dim + m²),
 * independent of n and of the number of classes.
 */
import { Rng, throwIfAborted } from '../../core/index.js';
import type { Matrix } from '../../core/index.js';
import { AdamOptimizer } from '../adam.js';
import { LowRankAdapter, BatchScratch, batchLossAndGrad } from './low-rank.js';
import { BatchSampler } from './pairs.js';

export interface ContrastiveOptions {
  rank: number;
  steps: number;
  classesPerBatch: number;
  perClass: number;
  learningRate: number;
  weightDecay: number;
  signal?: AbortSignal;
}

export interface ContrastiveResult {
  adapter: LowRankAdapter;
  steps: number;
  /** Mean batch loss over the first and the last tenth of the steps. */
  lossStart: number;
  lossEnd: number;
}

export function trainAdapter(X: Matrix, y: Int32Array, classes: number, opts: ContrastiveOptions, rng: Rng): ContrastiveResult {
  const adapter = LowRankAdapter.init(X.cols, opts.rank, rng.fork(1));
  const sampler = new BatchSampler(y, classes, opts.classesPerBatch, opts.perClass);
  const draw = rng.fork(2);
  const adam = new AdamOptimizer([adapter.a, adapter.b], {
    learningRate: opts.learningRate, weightDecay: [opts.weightDecay, opts.weightDecay],
  });
  const gA = new Float64Array(adapter.a.length);
  const gB = new Float64Array(adapter.b.length);
  const scratch = new BatchScratch(sampler.batchRows, X.cols, opts.rank);
  const steps = sampler.canPair ? opts.steps : 0;
  const tenth = Math.max(1, Math.floor(steps / 10));
  let lossStart = 0;
  let lossEnd = 0;
  for (let s = 0; s < steps; s++) {
    if (s % 16 === 0) throwIfAborted(opts.signal);
    const batch = sampler.next(draw);
    gA.fill(0);
    gB.fill(0);
    const rows = Array.from(batch, (i) => X.row(i));
    const loss = batchLossAndGrad(adapter, rows, Int32Array.from(batch, (i) => y[i]!), gA, gB, scratch);
    adam.step([gA, gB]);
    if (s < tenth) lossStart += loss / tenth;
    if (s >= steps - tenth) lossEnd += loss / tenth;
  }
  return { adapter, steps, lossStart, lossEnd };
}
