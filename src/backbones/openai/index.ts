/**
 * Any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, text-embeddings-inference,
 * vLLM, LM Studio, graft's own server). Texts go out in batches bounded by count and estimated
 * tokens, a bounded number of requests in flight; the vector length is learnt from the first
 * answer (or fixed by `dimensions`) and checked on every one after.
 */
import { setMaxListeners } from 'node:events';
import { BackboneError, CancelledError, Matrix, sha256, throwIfAborted } from '../../core/index.js';
import type { Backbone, BackboneUsage, EmbedOptions } from '../backbone.js';
import { estimateTokens, planBatches } from './batches.js';
import { requestEmbeddings } from './client.js';
import type { RequestSettings } from './client.js';
import { DEFAULT_ENDPOINT, DEFAULT_KEY_ENV, normalizeEndpoint } from './options.js';
import type { OpenAiOptions } from './options.js';

export type { OpenAiOptions } from './options.js';

/** Sent once to learn the vector length when `dimensions` is not given; holds nothing of the user's. */
export const DIMENSION_PROBE = 'graft dimension probe';

/**
 * @example
 * const b = new OpenAiBackbone({ model: 'nomic-embed-text', endpoint: 'http://localhost:11434/v1' }, process.env);
 * await b.open();          // learns the vector length
 * const X = await b.embed(['hello']);
 * b.usage();               // { requests, retries, tokens, cost, seconds }
 */
export class OpenAiBackbone implements Backbone {
  readonly endpoint: string;
  private readonly settings: RequestSettings;
  private learnedDim: number | undefined;
  private opening: Promise<void> | undefined;
  private readonly totals = { requests: 0, retries: 0, tokens: 0, seconds: 0 };

  constructor(private readonly opts: OpenAiOptions, env: Readonly<Record<string, string | undefined>>, apiKey?: string) {
    this.endpoint = normalizeEndpoint(opts.endpoint ?? env.OPENAI_BASE_URL ?? DEFAULT_ENDPOINT);
    const keyName = opts.apiKeyEnv ?? DEFAULT_KEY_ENV;
    this.settings = {
      url: `${this.endpoint}/embeddings`,
      model: opts.model,
      apiKey: apiKey ?? (env[keyName] || undefined),
      keyName,
      dimensions: opts.dimensions,
      encodingFormat: opts.encodingFormat ?? 'float',
      maxRetries: opts.maxRetries ?? 6,
      retryDelayMs: opts.retryDelayMs ?? 500,
      timeoutMs: opts.timeoutMs ?? 60_000,
    };
    this.learnedDim = opts.dimensions;
  }

  /** Endpoint, model, requested dimensions and prefix: what decides the vectors. The key does not. */
  get id(): string {
    const recipe = { v: 1, endpoint: this.endpoint.toLowerCase(), model: this.opts.model, dimensions: this.opts.dimensions ?? null, prefix: this.opts.prefix ?? '' };
    return `openai@${sha256(JSON.stringify(recipe)).slice(0, 16)}`;
  }

  get dim(): number {
    if (this.learnedDim === undefined) {
      throw new BackboneError(`The vector length of ${this.opts.model} at ${this.endpoint} is learnt from its first answer; open() the backbone first.`);
    }
    return this.learnedDim;
  }

  open(opts: EmbedOptions = {}): Promise<void> {
    if (this.learnedDim !== undefined) return Promise.resolve();
    this.opening ??= this.send([DIMENSION_PROBE], opts.signal).then(() => undefined).catch((e: unknown) => {
      this.opening = undefined;
      throw e;
    });
    return this.opening;
  }

  usage(): BackboneUsage {
    const price = this.opts.pricePerMillionTokens;
    return { ...this.totals, cost: price === undefined ? null : (this.totals.tokens * price) / 1e6 };
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    throwIfAborted(opts.signal);
    await this.open(opts);
    const out = new Matrix(texts.length, this.dim);
    if (texts.length === 0) return out;
    const batches = planBatches(texts, this.opts.batchSize ?? 64, this.opts.maxBatchTokens ?? 50_000);
    const stop = new AbortController();
    setMaxListeners(batches.length + 8, stop.signal);
    const onAbort = (): void => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let next = 0;
    let done = 0;
    opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
    const worker = async (): Promise<void> => {
      while (next < batches.length && !stop.signal.aborted) {
        const [from, to] = batches[next++]!;
        const vectors = await this.send(texts.slice(from, to), stop.signal);
        vectors.forEach((v, k) => out.data.set(v, (from + k) * this.dim));
        done += to - from;
        opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
      }
    };
    try {
      const lanes = Math.min(this.opts.concurrency ?? 4, batches.length);
      // The first failure stops the other lanes: no request starts after it.
      await Promise.all(Array.from({ length: lanes }, () => worker().catch((e: unknown) => { stop.abort(); throw e; })));
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
    if (opts.signal?.aborted) throw new CancelledError();
    return out;
  }

  /** The model runs at the endpoint: nothing is held here. */
  weightsBytes(): number {
    return 0;
  }

  async close(): Promise<void> {}

  /** One request; checks every vector's length against the known (or just learnt) one. */
  private async send(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const prefix = this.opts.prefix ?? '';
    const inputs = prefix ? texts.map((t) => prefix + t) : texts;
    const a = await requestEmbeddings(this.settings, inputs, signal);
    this.totals.requests++;
    this.totals.retries += a.retries;
    this.totals.seconds += a.seconds;
    this.totals.tokens += a.tokens ?? inputs.reduce((s, t) => s + estimateTokens(t), 0);
    const expected = this.learnedDim ?? a.vectors[0]!.length;
    const bad = a.vectors.findIndex((v) => v.length !== expected);
    if (bad >= 0 || expected === 0) {
      const why = this.opts.dimensions !== undefined ? `--dimensions ${this.opts.dimensions}` : this.learnedDim !== undefined ? 'its earlier answers' : 'the first vector of the answer';
      throw new BackboneError(
        `${this.settings.url} sent a vector of length ${a.vectors[Math.max(bad, 0)]!.length} for model ${this.opts.model}; ${why} ` +
          `says ${expected}. The endpoint changed model or ignores dimensions: check the model name${this.opts.dimensions !== undefined ? ' and drop --dimensions if the model cannot shorten vectors' : ''}.`,
      );
    }
    this.learnedDim = expected;
    return a.vectors;
  }
}
