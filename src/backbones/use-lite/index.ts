/**
 * Universal Sentence Encoder lite (512-d), the default backbone. Tokenizes in the calling
 * thread, sorts texts by token count so each batch pads little, and runs batches on a pool of
 * worker threads, each with its own copy of the frozen graph.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { CancelledError, Matrix, UsageError, throwIfAborted } from '../../core/index.js';
import type { Backbone, EmbedOptions } from '../backbone.js';
import { readVocabulary, weightFilesBytes } from './assets.js';
import { USE_LITE_DIM } from './graph.js';
import { WorkerPool } from './pool.js';
import { MAX_TOKENS, UseTokenizer } from './tokenizer.js';

export { MAX_TOKENS, UseTokenizer } from './tokenizer.js';

export interface UseLiteOptions {
  /** Worker threads; default `os.availableParallelism()`. Each holds its own ~110 MB model. */
  workers?: number;
  /**
   * Texts per graph call; default 64. Larger batches amortise per-call overhead but pad more
   * and hold more memory; 64 was measured near the best (see bench/RESULTS.md).
   */
  batchSize?: number;
  /**
   * Most tokens in one graph call, counted padded (texts × the longest): default 4,096 (32 texts
   * of the 128-token limit). Each worker's wasm heap grows to the largest call it has run and
   * never shrinks: 64 texts of 128 tokens grew it to 226 MB, 32 to 138 MB, for the same CPU
   * seconds per text (measured one thread, 256 texts).
   */
  maxBatchTokens?: number;
}

/**
 * @example
 * const backbone = new UseLiteBackbone();
 * const X = await backbone.embed(['hello world', 'good morning'], { onProgress: console.log });
 * await backbone.close(); // stops the worker threads
 */
export class UseLiteBackbone implements Backbone {
  readonly id = 'use-lite@1';
  readonly dim = USE_LITE_DIM;
  readonly workers: number;
  readonly batchSize: number;
  readonly maxBatchTokens: number;
  private tokenizer: UseTokenizer | undefined;
  private pool: WorkerPool | undefined;

  constructor(opts: UseLiteOptions = {}) {
    this.workers = positiveInt(opts.workers ?? availableParallelism(), 'workers');
    this.batchSize = positiveInt(opts.batchSize ?? 64, 'batchSize');
    this.maxBatchTokens = positiveInt(opts.maxBatchTokens ?? 4096, 'maxBatchTokens');
  }

  /** Number of worker threads running now (0 until the first `embed`). */
  get startedWorkers(): number {
    return this.pool?.started ?? 0;
  }

  /** Every worker thread holds its own copy of the weights. */
  weightsBytes(): number {
    return weightFilesBytes() * this.workers;
  }

  countTruncated(texts: readonly string[]): number {
    const tok = this.getTokenizer();
    let n = 0;
    for (const t of texts) if (tok.encodeTruncated(t).truncated) n++;
    return n;
  }

  /**
   * The graph calls `embed(texts)` makes, as indices into `texts`, in the order it starts them.
   * A call's vectors depend in their last bits on the call's padded length (up to ~2e-7 apart
   * for 30-word e-mails), so a caller that spreads a large pass over time (a fit job's texts
   * between the server's requests) and embeds each call's texts by itself gets the vectors of
   * one `embed` of all, bit for bit, and pads as little.
   */
  batches(texts: readonly string[]): number[][] {
    const tok = this.getTokenizer();
    return this.plan(texts.map((t) => tok.encodeTruncated(t).ids.length));
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    throwIfAborted(opts.signal);
    const out = new Matrix(texts.length, this.dim);
    if (texts.length === 0) return out;
    const tok = this.getTokenizer();
    const ids = texts.map((t) => tok.encodeTruncated(t).ids);
    throwIfAborted(opts.signal);
    const batches = this.plan(ids.map((l) => l.length));

    // One controller stops queued batches on the caller's abort or on the first failure.
    const stop = new AbortController();
    setMaxListeners(batches.length + 1, stop.signal); // one listener per queued batch
    const onAbort = (): void => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    this.pool ??= new WorkerPool(this.workers);
    const pool = this.pool;
    let done = 0;
    opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
    try {
      await Promise.all(
        batches.map(async (batch) => {
          const { tokens, offsets } = pack(batch.map((i) => ids[i]!));
          const vectors = await pool.run(tokens, offsets, stop.signal);
          if (stop.signal.aborted) return;
          batch.forEach((i, r) => out.data.set(vectors.subarray(r * this.dim, (r + 1) * this.dim), i * this.dim));
          done += batch.length;
          opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
        }).map((p) => p.catch((e: unknown) => { stop.abort(); throw e; })),
      );
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    if (opts.signal?.aborted) throw new CancelledError();
    return out;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /**
   * Texts by token count, shortest first (ties in input order), so every batch pads to nearly its
   * own length; a batch ends at batchSize texts, or before its padded size (texts × the longest,
   * the last) passes maxBatchTokens.
   */
  private plan(lengths: readonly number[]): number[][] {
    const order = Array.from(lengths.keys()).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    const batches: number[][] = [];
    let batch: number[] = [];
    for (const i of order) {
      if (batch.length > 0 && (batch.length === this.batchSize || (batch.length + 1) * lengths[i]! > this.maxBatchTokens)) {
        batches.push(batch);
        batch = [];
      }
      batch.push(i);
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
  }

  private getTokenizer(): UseTokenizer {
    this.tokenizer ??= new UseTokenizer(readVocabulary());
    return this.tokenizer;
  }
}

function pack(lists: number[][]): { tokens: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l.length));
  const tokens = new Int32Array(offsets[lists.length]!);
  lists.forEach((l, i) => tokens.set(l, offsets[i]!));
  return { tokens, offsets };
}

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`use-lite option ${name} must be a positive integer, got ${v}.`);
  return v;
}
