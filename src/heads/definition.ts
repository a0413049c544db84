/**
 * What a head kind gives the registry: its tags, how to build its strategy from parameters
 * and how to restore a saved head. A kind is one folder exporting one `HeadDefinition` and one
 * line in registry.ts. Heads that hold other heads (calibrated, ensemble, ...) build and
 * restore them through the `HeadFactory` they are handed, never by importing the registry.
 */
import type { Backbone, EmbedOptions } from '../backbones/index.js';
import type { FittedHead, HeadJSON, Strategy } from './head.js';
import type { HeadTags } from './tags.js';

/** Builds and restores heads by kind: the registry, or one a caller passes (tests use small ones). */
export interface HeadFactory {
  createStrategy(kind: string, params?: object): Strategy;
  restoreHead(json: HeadJSON): FittedHead;
  /** The kind's tags; NotFoundError for a kind it does not know. */
  tags(kind: string): Readonly<HeadTags>;
}

export interface LabelNamesOptions extends EmbedOptions {
  /** A sentence per label to embed instead of its name, e.g. { spam: 'unsolicited advertising' }. */
  descriptions?: Record<string, string>;
  templates?: readonly string[];
  /** Parameters saved with an earlier version of the task: reused when they cover the labels and no description is given. */
  saved?: object;
}

/** The values of one parameter a bake-off fits the head at, to show over- and under-fitting. */
export interface RegularizationPath {
  param: string;
  values: readonly number[];
  /** How the head's capacity moves as the value grows: `grows` (logistic's C), `shrinks` (knn's k). */
  capacity: 'grows' | 'shrinks';
  /** What to try when it overfits, in words for the verdict: "a lower C (stronger L2 regularisation)". */
  advice: string;
  /** The strategy's parameters at one value. */
  params(value: number): object;
  /**
   * The default fit with its chosen value of `param` is a fit of `params(value)`'s model at
   * least as tight, so that point reuses it instead of fitting again.
   */
  reuseChosen: boolean;
}

export interface HeadDefinition<P extends object = object, S extends Strategy = Strategy, H extends FittedHead = FittedHead> {
  readonly tags: Readonly<HeadTags>;
  /** Validates `params` (UsageError quoting the value and the allowed set) and returns the strategy. */
  create(params: P | undefined, heads: HeadFactory): S;
  /** Rebuilds a saved head (shape already checked by the registry), predicting bit-for-bit as before. */
  restore(json: HeadJSON, heads: HeadFactory): H;
  /** Heads tagged `needsLabelNames`: their parameters, built from the label names through a backbone. */
  fromLabelNames?(backbone: Backbone, labels: readonly string[], opts: LabelNamesOptions): Promise<P>;
  /** A parameter a bake-off should sweep for this kind (logistic's C, knn's k): the overfitting verdict's evidence. */
  regularizationPath?: RegularizationPath;
}

/** Freezes a definition (and its path's values). */
export function defineHead<P extends object, S extends Strategy, H extends FittedHead>(d: HeadDefinition<P, S, H>): Readonly<HeadDefinition<P, S, H>> {
  return Object.freeze({ ...d });
}

/**
 * The one shape of a strategy: its kind, tags and validated parameters (frozen), its fit, and
 * the capability methods its tags promise (`more`: `fitMulti`, `priorOnly`, ...).
 *
 * @example
 * create: (params) => { const p = readMyParams(params); return strategyOf('mine', TAGS, p, (X, y, o) => fitMine(p, X, y, o)); }
 */
export function strategyOf<P extends object, M extends object = object>(
  kind: string, tags: Readonly<HeadTags>, params: P, fit: Strategy<P>['fit'], more?: M,
): Strategy<P> & M {
  return Object.freeze({ kind, tags, params: Object.freeze(params), fit, ...more }) as Strategy<P> & M;
}
