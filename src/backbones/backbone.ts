import type { Matrix } from '../core/index.js';
import type { JobOptions } from '../core/index.js';

/**
 * A frozen pretrained encoder: text in, fixed-length vector out. Never trained by graft.
 * The same text gives the same vector alone, inside any batch, and in another process.
 */
export interface Backbone {
  /**
   * Stable id that changes whenever the vectors would change (model file, tokenizer, pooling,
   * prefix, endpoint, dimensions), e.g. `use-lite@1`. Keys the embedding cache.
   */
  readonly id: string;
  /**
   * Length of every vector. Known at construction for local kinds; a remote endpoint that was
   * not told its dimensions learns it from its first answer, so read it after `open()`.
   */
  readonly dim: number;
  /**
   * Resolves what `id` and `dim` need (reads model configs, learns a remote's vector length)
   * without embedding anything yet. Idempotent; `embed` calls it when needed.
   */
  open?(opts?: EmbedOptions): Promise<void>;
  /** Embeds texts in order, one row per text. Loads the model lazily on first call. */
  embed(texts: readonly string[], opts?: EmbedOptions): Promise<Matrix>;
  /** How many of these texts exceed the backbone's input limit and are truncated. */
  countTruncated?(texts: readonly string[]): number;
  /**
   * The calls to its model `embed(texts)` makes, as indices into `texts`, in the order it makes
   * them, for a backbone whose vectors differ in their last bits with the batch they are in
   * (use-lite's, with the padded length): embedding each call's texts by itself then gives the
   * vectors of one `embed` of all, bit for bit. Absent: any split gives the same vectors.
   */
  batches?(texts: readonly string[]): number[][];
  /** What calls to a remote endpoint have cost so far (absent for local backbones). */
  usage?(): BackboneUsage | undefined;
  /**
   * Bytes of model weights this backbone holds in memory once loaded: the weight files' size
   * times the copies it loads (use-lite loads one per worker thread); 0 when nothing is held
   * here (hashing has no weights, a remote model runs elsewhere). Read after `open()`. A floor
   * on the memory the model adds: the runtime's own buffers come on top. Undefined: unknown.
   */
  weightsBytes?(): number | undefined;
  /** Releases workers and model memory. Safe to call twice, or when nothing was loaded. */
  close(): Promise<void>;
}

export type EmbedOptions = JobOptions;

/** Statistics an embedding pass reports, shown beside results. */
export interface EmbedStats {
  texts: number;
  cacheHits: number;
  embedded: number;
  truncated: number;
  seconds: number;
  /** Remote backbones: what this pass cost (requests, tokens, money). */
  usage?: BackboneUsage;
}

/** What a remote backbone's calls cost: counted from the endpoint's own `usage` fields when it sends them. */
export interface BackboneUsage {
  /** HTTP requests that got an answer used, retries excluded. */
  requests: number;
  /** Requests sent again after a 429, a 5xx, a timeout or a dropped connection. */
  retries: number;
  /** Input tokens as the endpoint counted them (estimated where it does not say). */
  tokens: number;
  /** Money at the configured price per million tokens; null when no price was given. */
  cost: number | null;
  /** Wall-clock seconds spent waiting for answers (requests in flight overlap). */
  seconds: number;
}

/** Two usage readings added up (passes of several remote parts, or consecutive passes). */
export function addUsage(a: BackboneUsage | undefined, b: BackboneUsage): BackboneUsage {
  if (a === undefined) return { ...b };
  return {
    requests: a.requests + b.requests, retries: a.retries + b.retries, tokens: a.tokens + b.tokens,
    cost: a.cost === null || b.cost === null ? null : a.cost + b.cost, seconds: a.seconds + b.seconds,
  };
}

/** The difference between two usage readings (after − before), for one pass. */
export function usageSince(after: BackboneUsage, before: BackboneUsage | undefined): BackboneUsage {
  if (before === undefined) return { ...after };
  return {
    requests: after.requests - before.requests,
    retries: after.retries - before.retries,
    tokens: after.tokens - before.tokens,
    cost: after.cost === null || before.cost === null ? after.cost : after.cost - before.cost,
    seconds: after.seconds - before.seconds,
  };
}
