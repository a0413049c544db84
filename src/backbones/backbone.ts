import type { Matrix } from '../core/index.js';
import type { JobOptions } from '../core/index.js';

/**
 * A frozen pretrained encoder: text in, fixed-length vector out. Never trained by graft.
 * The same text gives the same vector alone, inside any batch, and in another process.
 */
export interface Backbone {
  /** Stable id including model and version, e.g. `use-lite@1`. Keys the embedding cache. */
  readonly id: string;
  /** Length of every vector. */
  readonly dim: number;
  /** Embeds texts in order, one row per text. Loads the model lazily on first call. */
  embed(texts: readonly string[], opts?: EmbedOptions): Promise<Matrix>;
  /** How many of these texts exceed the backbone's input limit and are truncated. */
  countTruncated?(texts: readonly string[]): number;
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
}
