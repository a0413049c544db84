/**
 * Tags: what a head is and allows, declared once in its own folder (scikit-learn's
 * `_more_tags`). Layers above heads read tags, never kind names: whether to calibrate, whether
 * `--shards` may split it, whether a task can start from label names, which kinds may be an
 * ensemble member.
 */
import type { Strategy } from './head.js';

export interface HeadTags {
  /**
   * How the head's labels relate: `softmax` — one label per input, `predictProba` rows are one
   * distribution; `independent` — each label present or not on its own (multi-label).
   */
  output: 'softmax' | 'independent';
  /** Temperature scaling on out-of-fold probabilities may wrap it (false: already calibrated, its own temperature, or not one softmax row). */
  calibratable: boolean;
  /** `--shards` may split it into sub-heads fitted on disjoint shards and averaged (SISA unlearning). */
  shardable: boolean;
  /**
   * A fit splits it by default when its whole refit would be slow (pipeline/fit-shards): its refit
   * cost grows with rows × labels and sharding costs it little accuracy (logistic). False for heads
   * that are fast whole (centroid) or lose points when split (knn).
   */
  shardedByDefault: boolean;
  /** It holds other heads, named by its params (a base, members, an inner head). */
  wraps: boolean;
  /** It starts from the label names (a prior), so labels may have no examples yet. */
  needsLabelNames: boolean;
  /** Fitted by kind alone from examples, it can be one part of another head: an ensemble member, the per-label head of a multi-label head. */
  member: boolean;
  /** It combines one member per backbone, each reading its backbone's columns of the concatenated embeddings (`members: [{ kind, columns, name }]`). */
  acrossBackbones: boolean;
  /** Cost to run and to explain, for ties: simpler heads win (an ensemble picking its member). */
  complexity: number;
}

/** Tags of a strategy that declares none (a user's own, a test double): a plain single-label head. */
export const DEFAULT_TAGS: Readonly<HeadTags> = Object.freeze({
  output: 'softmax',
  calibratable: true,
  shardable: true,
  shardedByDefault: false,
  wraps: false,
  needsLabelNames: false,
  member: true,
  acrossBackbones: false,
  complexity: Number.POSITIVE_INFINITY,
});

/** A strategy's tags, its own over the defaults. */
export function tagsOf(s: Pick<Strategy, 'tags'>): HeadTags {
  return { ...DEFAULT_TAGS, ...s.tags };
}

/** Full, frozen tags from the ones that differ from the defaults (a head's declaration). */
export function headTags(more: Partial<HeadTags>): Readonly<HeadTags> {
  return Object.freeze({ ...DEFAULT_TAGS, ...more });
}
