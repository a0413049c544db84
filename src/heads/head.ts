import type { Matrix, ProgressFn } from '../core/index.js';
import type { HeadTags } from './tags.js';
import type { HeadPrediction, HeadSummary } from './describe.js';

export interface FitOptions {
  /** Seeds every random choice (inner CV splits, initialisation). Same seed → same head. */
  seed: number;
  /** Class names; column j of predictProba is labels[j]. y holds indices into it. */
  labels: readonly string[];
  signal?: AbortSignal;
  /**
   * Threads a fit may use (default 1): heads with independent inner work (logistic's C-search
   * folds) run it on worker threads. Results are the same for any number.
   */
  threads?: number;
  /** Progress of the fit's long phases (a C search's fits), when the head reports any. */
  onProgress?: ProgressFn;
  /**
   * The head is fitted only to be scored and then dropped (a bake-off's learning-curve point),
   * never saved or served: a head may stop its final fit at the precision a score needs
   * instead of its full tolerance (logistic: at `innerFtol`, as its C search does). The same
   * hyper-parameter choice; the scores move far less than their seed-to-seed spread.
   */
  scoreOnly?: boolean;
}

/** `Strategy.crossFit`'s options: the folds wanted for the cross-validated score. */
export interface CrossFitOptions extends FitOptions {
  folds: number;
}

/**
 * One fold of a `crossFit`: the rows it held out and the head fitted without them. The
 * head predicts each row independently of the others it is given with (the evaluation
 * scores it a block of rows at a time, not on a copy of all its rows).
 */
export interface CrossFitFold {
  train: Int32Array;
  test: Int32Array;
  head: FittedHead;
  /** Seconds its fit took (on whichever thread ran it). */
  seconds: number;
}

/** A head fitted on all rows together with its cross-validation, from one set of folds. */
export interface CrossFit {
  /** The head on all rows: bit-for-bit `strategy.fit(X, y, opts)` of `strategy` below. */
  head: FittedHead;
  /** The strategy that fits `head` (its parameters are the ones to save with it, for refits). */
  strategy: Strategy;
  /** What the cross-validation measures, fold by fold (for wrappers that keep the arg-max, the base's heads). */
  folds: CrossFitFold[];
}

/**
 * A recipe for a head: kind + hyper-parameters (+ how unset ones are chosen).
 * Fitting never mutates X or y.
 *
 * @example
 * const head = await createStrategy('logistic', { C: 1 }).fit(X, y, { seed: 1, labels });
 * head.predictProba(Xtest);
 */
export interface Strategy<P extends object = object> {
  readonly kind: string;
  /** Parameters as given, after defaults and validation (round-trips through JSON). */
  readonly params: Readonly<P>;
  /** What the head is and allows (scikit-learn's `_more_tags`); absent ones take `DEFAULT_TAGS` (read them with `tagsOf`). */
  readonly tags?: Partial<HeadTags>;
  fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead>;
  /** How results name the strategy, e.g. `logistic in 8 shards` (default: its kind). */
  describe?(): string;
  /**
   * Wrappers that distribute over one base strategy (sharded): the same wrapper around
   * `f(base)`, e.g. to calibrate every shard's sub-head instead of the average.
   */
  mapBase?(f: (base: Strategy) => Strategy): Strategy;
  /**
   * Strategies that can refit from a saved head of themselves, reusing what the changed rows
   * did not touch (sharded: the shards that held none of them); bit-for-bit `fit(X, y, opts)`.
   * `digests`: SHA-256 of each row's bytes when the caller has them.
   */
  refit?(X: Matrix, y: Int32Array, opts: FitOptions, previous: HeadJSON, digests?: Uint8Array): Promise<Refitted>;
  /** Heads tagged `needsLabelNames`: the head before any example, from the label names alone. */
  priorOnly?(labels: readonly string[]): FittedHead;
  /**
   * Strategies whose fit already cross-validates (logistic choosing C): fit on all rows and
   * report the folds the fit chose its hyper-parameters on, instead of a separate
   * cross-validation that fits everything again per fold. Undefined when it cannot (too few
   * rows per class); the caller then cross-validates as usual.
   */
  crossFit?(X: Matrix, y: Int32Array, opts: CrossFitOptions): Promise<CrossFit | undefined>;
}

/** What `Strategy.refit` did: the parts (shards) it fitted again; the others were reused as saved. */
export interface Refitted {
  head: FittedHead;
  refitted: number[];
  reused: number[];
}

/** Numerical facts about a fit: warnings in the result, never exceptions or log lines. */
export interface FitDiagnostics {
  iterations?: number;
  converged?: boolean;
  /** Hyper-parameters chosen by inner cross-validation, e.g. `{ C: 0.3 }`. */
  chosen?: Record<string, number | string>;
  /**
   * When a parameter was chosen by inner CV: held-out accuracy at every value tried (each of the
   * `rows` rows predicted by an inner fit that did not see it), the evidence an overfitting
   * verdict reads. Absent in heads saved before it was recorded.
   */
  path?: InnerPath;
  warnings: string[];
}

/** Inner-CV held-out accuracy per value of one parameter (see `FitDiagnostics.path`). */
export interface InnerPath {
  param: string;
  points: { value: number; heldOutAccuracy: number }[];
  rows: number;
}

export interface Explanation {
  /** Per-label contribution/similarity for this input. */
  scores: Record<string, number>;
  /** Training rows (indices) that support the prediction, nearest first, where known. */
  neighbours?: { index: number; similarity: number; label: string }[];
}

export interface FittedHead {
  readonly kind: string;
  readonly labels: readonly string[];
  /** Input width the head was trained on. */
  readonly dim: number;
  readonly diagnostics: FitDiagnostics;
  /** Rows sum to 1; column j is labels[j]. Refuses non-finite input. */
  predictProba(X: Matrix): Matrix;
  /**
   * Heads whose score on their own training rows says nothing (knn: every row is its own nearest
   * neighbour): training rows (`rows`, default all, by index) each predicted as if it had been
   * left out. Evaluation scores train accuracy with it, so the train − held-out gap means what it says.
   */
  leaveOneOutProba?(rows?: Int32Array): Matrix;
  explain?(x: Float32Array): Explanation;
  /**
   * The head's own reading of its probabilities, row by row (default: the top label of each
   * `predictProba` row; a multi-label head gives the label set above its thresholds). Read it
   * with `predictLabels(head, X)`.
   */
  predict?(X: Matrix): HeadPrediction[];
  /** What results show about this fit beyond diagnostics (an ensemble's selection, a prior's weight). */
  summary?(): HeadSummary;
  toJSON(): HeadJSON;
}

/** A saved head: small, self-describing, restores bit-for-bit. */
export interface HeadJSON {
  kind: string;
  format: 1;
  params: object;
  labels: string[];
  dim: number;
  diagnostics: FitDiagnostics;
  /** Learned state. Float arrays are stored as base64 of their Float32/Float64 bytes. */
  state: Record<string, unknown>;
}

/** The saved form of a fitted head: its identity, parameters and labels around `state`. */
export function headJSON(
  head: { kind: string; labels: readonly string[]; dim: number; diagnostics: FitDiagnostics; params: object },
  state: Record<string, unknown>,
): HeadJSON {
  return {
    kind: head.kind,
    format: 1,
    params: { ...head.params },
    labels: [...head.labels],
    dim: head.dim,
    diagnostics: structuredClone(head.diagnostics),
    state,
  };
}

/** Per-label scores keyed by label name, from values in label order. */
export function labelScores(labels: readonly string[], values: ArrayLike<number>): Record<string, number> {
  const scores: Record<string, number> = {};
  labels.forEach((l, k) => { scores[l] = values[k]!; });
  return scores;
}

/**
 * For heads that choose a hyper-parameter on held-out rows (logistic's C and knn's k by inner
 * CV, centroid's temperature by leave-one-out): they keep those held-out probabilities at the
 * chosen value, each row predicted by a fit that did not see it, for a calibrating wrapper to
 * fit its temperature on instead of refitting the head on folds of its own. Not saved.
 */
export abstract class KeepsOutOfFold {
  private outOfFold: Matrix | undefined;

  /** Called by the fit. */
  keepOutOfFold(P: Matrix | undefined): void {
    this.outOfFold = P;
  }

  /** The kept probabilities (n×K), once; undefined after that, when nothing was chosen, or on a restored head. */
  takeOutOfFold(): Matrix | undefined {
    const P = this.outOfFold;
    this.outOfFold = undefined;
    return P;
  }
}
