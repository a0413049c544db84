/**
 * Request batching, as text-embeddings-inference does it: concurrent requests for the same
 * backbone wait a few milliseconds at most and are embedded in one call, up to a batch size by
 * count and by tokens. It sits behind the embedding cache (the workspace's `CachedBackbone`
 * wraps what the factory gives), so only the texts the cache misses are batched. While the
 * model is busy, new requests queue and go in the next batch at once, without waiting again.
 *
 * Whether to wait at all is decided by what a call to the backbone is measured to cost, not by
 * its name: gathering saves the fixed cost of a call (use-lite's tens of milliseconds on its
 * workers), so a backbone whose calls take less than the wait itself (hashing: microseconds)
 * gets no wait, which would only add the wait to every request's latency.
 *
 * @example
 * const batching = new EmbedBatching({ maxWaitMs: 2 });
 * const ws = openWorkspace({ home, backbones: batching.factory(), onEmbed: batching.observe });
 * const app = await createServer(ws, { batching });
 */
import { CancelledError, Matrix, UsageError } from '../core/index.js';
import { createBackbone } from '../backbones/index.js';
import type { Backbone, BackboneUsage, EmbedOptions, EmbedStats } from '../backbones/index.js';
import type { BackboneFactory } from '../pipeline/index.js';
import { countTokens } from './tokens.js';

export interface BatchingOptions {
  /** Longest a request waits for others to join its batch, in ms (default 2). 0: no wait; nor for a backbone whose calls take less. */
  maxWaitMs?: number;
  /** Most texts in one batch (default 64, use-lite's own batch size); larger requests go alone. */
  maxBatchTexts?: number;
  /** Most tokens in one batch (default 16,384, as text-embeddings-inference). */
  maxBatchTokens?: number;
  /** Batches of one backbone embedding at once (default 2: one per core of a small machine, each on its own worker). */
  concurrency?: number;
}

/** What the batching layer reports, for metrics. */
export interface BatchingMonitor {
  /** A batch was embedded: its texts, tokens and seconds. */
  batch(backbone: string, texts: number, tokens: number, seconds: number): void;
  /** Texts waiting for a batch now. */
  queue(backbone: string, texts: number): void;
  /** An embedding pass through the cache: texts asked, found in the cache, truncated. */
  cache(backbone: string, stats: EmbedStats): void;
}

interface Pending {
  texts: readonly string[];
  tokens: number;
  resolve: (m: Matrix) => void;
  reject: (e: unknown) => void;
  done: boolean;
  unhook: () => void;
}

/** How many recent calls `gathers` reads. */
const MEASURED_CALLS = 8;

/** One backbone behind a queue that gathers concurrent requests into batches. */
export class BatchingBackbone implements Backbone {
  private readonly queue: Pending[] = [];
  private queuedTexts = 0;
  private queuedTokens = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Milliseconds the last few calls took (at most MEASURED_CALLS, oldest first). */
  private readonly recentMs: number[] = [];

  constructor(readonly inner: Backbone, readonly name: string, private readonly opts: Required<BatchingOptions>, private readonly monitor: () => BatchingMonitor | undefined) {}

  get id(): string { return this.inner.id; }
  get dim(): number { return this.inner.dim; }

  /** Texts waiting for a batch. */
  get depth(): number { return this.queuedTexts; }

  /**
   * Whether a request waits (up to `maxWaitMs`) for others to join its batch: yes until a call
   * has been measured, then only while the fastest of the last few calls took at least as long
   * as the wait. The fastest, not an average: a call's wall time only grows with what else
   * happened meanwhile (a garbage collection, another process on the core), and under load one
   * such call (hashing's 20 µs made 10 ms) had turned the wait on for the requests after it.
   */
  get gathers(): boolean {
    return this.opts.maxWaitMs > 0 && (this.recentMs.length === 0 || Math.min(...this.recentMs) >= this.opts.maxWaitMs);
  }

  /** Records how long a call to the backbone took (a batch, or the warm-up's first call). */
  measured(ms: number): void {
    if (this.recentMs.push(ms) > MEASURED_CALLS) this.recentMs.shift();
  }

  countTruncated(texts: readonly string[]): number {
    return this.inner.countTruncated?.(texts) ?? 0;
  }

  /** Passes through to the backbone's own `open`, where it has one. */
  async open(o?: EmbedOptions): Promise<void> {
    await this.inner.open?.(o);
  }

  usage(): BackboneUsage | undefined {
    return this.inner.usage?.();
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    if (opts.signal?.aborted) throw new CancelledError();
    if (texts.length === 0) return new Matrix(0, this.dim);
    const tokens = countTokens(this.inner, texts).counts.reduce((a, b) => a + b, 0);
    // A request as large as a batch is a batch: it goes alone, with its own progress and signal.
    if (texts.length >= this.opts.maxBatchTexts || tokens >= this.opts.maxBatchTokens) return this.run(texts, tokens, opts);
    // Nothing to wait for (a backbone faster than the wait), no queue and a free slot: the request is its batch, now.
    if (!this.gathers && this.queue.length === 0 && this.inFlight < this.opts.concurrency) return this.now(texts, tokens, opts);
    const M = await new Promise<Matrix>((resolve, reject) => {
      const p: Pending = { texts, tokens, resolve, reject, done: false, unhook: () => {} };
      const signal = opts.signal;
      if (signal) {
        const onAbort = (): void => {
          const i = this.queue.indexOf(p);
          if (i >= 0) this.dequeue(i, 1);
          this.settle(p, undefined, new CancelledError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        p.unhook = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(p);
      this.queuedTexts += texts.length;
      this.queuedTokens += tokens;
      this.monitor()?.queue(this.name, this.queuedTexts);
      this.schedule();
    });
    opts.onProgress?.({ phase: 'embed', done: texts.length, total: texts.length, unit: 'texts' });
    return M;
  }

  /**
   * Embeds these texts in one call to the backbone, as they are: never gathered with others nor
   * split (a fit job's texts, in the calls the backbone planned: `Backbone.batches`). It counts as
   * a batch in flight, so requests arriving meanwhile gather behind it as behind any other.
   */
  async embedCall(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    if (opts.signal?.aborted) throw new CancelledError();
    return this.now(texts, countTokens(this.inner, texts).counts.reduce((a, b) => a + b, 0), opts, false);
  }

  close(): Promise<void> {
    clearTimeout(this.timer);
    return this.inner.close();
  }

  private schedule(): void {
    if (this.inFlight >= this.opts.concurrency || this.queue.length === 0) return;
    if (this.queuedTexts >= this.opts.maxBatchTexts || this.queuedTokens >= this.opts.maxBatchTokens || !this.gathers) {
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.opts.maxWaitMs);
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight < this.opts.concurrency && this.queue.length > 0) {
      let n = 0;
      let texts = 0;
      let tokens = 0;
      for (const p of this.queue) {
        if (n > 0 && (texts + p.texts.length > this.opts.maxBatchTexts || tokens + p.tokens > this.opts.maxBatchTokens)) break;
        n++;
        texts += p.texts.length;
        tokens += p.tokens;
      }
      const batch = this.dequeue(0, n);
      this.inFlight++;
      void this.run(batch.flatMap((p) => p.texts), tokens, {}, true)
        .then((M) => {
          // One request's batch is its answer as it is (no copy).
          if (batch.length === 1) return this.settle(batch[0]!, M);
          let row = 0;
          for (const p of batch) {
            const idx = Int32Array.from({ length: p.texts.length }, (_, i) => row + i);
            row += p.texts.length;
            this.settle(p, M.selectRows(idx));
          }
        }, (e: unknown) => { for (const p of batch) this.settle(p, undefined, e); })
        .finally(() => {
          this.inFlight--;
          // Requests that queued meanwhile have waited already: they go at once.
          if (this.queue.length > 0) this.flush();
        });
    }
  }

  private async now(texts: readonly string[], tokens: number, opts: EmbedOptions, gathered = true): Promise<Matrix> {
    this.inFlight++;
    try {
      return await this.run(texts, tokens, opts, gathered);
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.flush();
    }
  }

  private dequeue(at: number, n: number): Pending[] {
    const out = this.queue.splice(at, n);
    for (const p of out) {
      this.queuedTexts -= p.texts.length;
      this.queuedTokens -= p.tokens;
    }
    this.monitor()?.queue(this.name, this.queuedTexts);
    return out;
  }

  /** One call to the backbone; `gathered`: a batch of the queue, whose time says whether waiting pays. */
  private async run(texts: readonly string[], tokens: number, opts: EmbedOptions, gathered = false): Promise<Matrix> {
    const t0 = performance.now();
    const M = await this.inner.embed(texts, opts);
    const ms = performance.now() - t0;
    if (gathered) this.measured(ms);
    this.monitor()?.batch(this.name, texts.length, tokens, ms / 1000);
    return M;
  }

  private settle(p: Pending, M: Matrix | undefined, e?: unknown): void {
    if (p.done) return;
    p.done = true;
    p.unhook();
    if (M) p.resolve(M);
    else p.reject(e);
  }
}

/** The batching layer of a server: one queue per backbone, opened through `factory()`. */
export class EmbedBatching {
  readonly options: Required<BatchingOptions>;
  private readonly open = new Map<string, BatchingBackbone>();
  private monitor: BatchingMonitor | undefined;

  constructor(opts: BatchingOptions = {}) {
    this.options = {
      maxWaitMs: opts.maxWaitMs ?? 2, maxBatchTexts: opts.maxBatchTexts ?? 64,
      maxBatchTokens: opts.maxBatchTokens ?? 16_384, concurrency: opts.concurrency ?? 2,
    };
    for (const [k, v] of Object.entries(this.options)) {
      if (!Number.isInteger(v) || v < (k === 'maxWaitMs' ? 0 : 1)) throw new UsageError(`Batching option ${k} must be a whole number${k === 'maxWaitMs' ? '' : ' of at least 1'}, got ${v}.`, 'bad_batching');
    }
  }

  /** A backbone factory for `openWorkspace`: each backbone it opens gets a batching queue. */
  factory(base: BackboneFactory = (name) => createBackbone(name)): BackboneFactory {
    return (name: string) => {
      const b = new BatchingBackbone(base(name), name, this.options, () => this.monitor);
      this.open.set(name, b);
      return b;
    };
  }

  /** For `openWorkspace({ onEmbed })`: every embedding pass through the cache, for the hit ratio. */
  readonly observe = (backbone: string, stats: EmbedStats): void => {
    this.monitor?.cache(backbone, stats);
  };

  /** Where batches, queues and cache passes are reported (the server's metrics). */
  setMonitor(m: BatchingMonitor | undefined): void {
    this.monitor = m;
  }

  /** The backbones opened so far, by name. */
  backbones(): ReadonlyMap<string, BatchingBackbone> {
    return this.open;
  }

  /**
   * Loads a backbone's model now by embedding past the cache (a cached text would never load
   * it), so the first request does not pay for it. A backbone that runs on a pool of worker
   * threads, each with its own copy of the model (use-lite's `workers`), gets one text per
   * worker at once, so every worker loads now: started one by one on demand, the first large
   * request (a fit's 1,000 texts) ran on one worker while the other spent seconds loading.
   * `open` must have been called by the workspace first.
   */
  async warm(name: string): Promise<void> {
    const b = this.open.get(name);
    if (!b) throw new UsageError(`Backbone "${name}" has not been opened by the workspace yet.`, 'not_open');
    const { workers } = b.inner as { workers?: unknown };
    const n = typeof workers === 'number' && Number.isInteger(workers) && workers > 1 ? workers : 1;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => b.inner.embed([`graft warm-up ${i}`])));
    // what one call costs, so that a fast backbone's first requests do not wait
    b.measured(performance.now() - t0);
  }
}
