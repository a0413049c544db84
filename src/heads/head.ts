import type { Matrix } from '../core/index.js';

/** Head kinds graft knows. A registry maps each to its strategy constructor. */
export type HeadKind = 'logistic' | 'knn' | 'centroid' | 'mlp' | 'adapter' | 'ensemble' | (string & {});

export interface FitOptions {
  /** Seeds every random choice (inner CV splits, initialisation). Same seed → same head. */
  seed: number;
  /** Class names; column j of predictProba is labels[j]. y holds indices into it. */
  labels: readonly string[];
  signal?: AbortSignal;
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
  readonly kind: HeadKind;
  /** Parameters as given, after defaults and validation (round-trips through JSON). */
  readonly params: Readonly<P>;
  fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead>;
}

/** Numerical facts about a fit: warnings in the result, never exceptions or log lines. */
export interface FitDiagnostics {
  iterations?: number;
  converged?: boolean;
  /** Hyper-parameters chosen by inner cross-validation, e.g. `{ C: 0.3 }`. */
  chosen?: Record<string, number | string>;
  warnings: string[];
}

export interface Explanation {
  /** Per-label contribution/similarity for this input. */
  scores: Record<string, number>;
  /** Training rows (indices) that support the prediction, nearest first, where known. */
  neighbours?: { index: number; similarity: number; label: string }[];
}

export interface FittedHead {
  readonly kind: HeadKind;
  readonly labels: readonly string[];
  /** Input width the head was trained on. */
  readonly dim: number;
  readonly diagnostics: FitDiagnostics;
  /** Rows sum to 1; column j is labels[j]. Refuses non-finite input. */
  predictProba(X: Matrix): Matrix;
  explain?(x: Float32Array): Explanation;
  toJSON(): HeadJSON;
}

/** A saved head: small, self-describing, restores bit-for-bit. */
export interface HeadJSON {
  kind: HeadKind;
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
  head: { kind: HeadKind; labels: readonly string[]; dim: number; diagnostics: FitDiagnostics; params: object },
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
