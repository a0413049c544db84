/**
 * What an evaluation found, as plain data: numbers, strings and arrays only (no Matrix,
 * no typed arrays), so that `JSON.parse(JSON.stringify(r))` deep-equals `r`. Runs are
 * stored and printed with `--json` in exactly this shape.
 */
import type { FitDiagnostics } from '../heads/index.js';
import type { ClassMetrics } from './metrics.js';
import type { OverfittingVerdict } from './overfitting.js';

/** The four headline metrics of one set of predictions. */
export interface Scores {
  accuracy: number;
  macroF1: number;
  logLoss: number;
  /** Expected calibration error, 15 equal-width bins on top-label confidence. */
  ece: number;
}

export type MetricName = keyof Scores;

/**
 * A metric over folds: mean, population standard deviation (numpy's default), values. For a
 * held-out test set (one fit, so no spread over folds) accuracy and macro-F1 carry a
 * percentile-bootstrap interval over the test rows instead, as the bake-off's full-set point
 * does, and `std` is that bootstrap's standard error.
 */
export interface MetricSummary {
  mean: number;
  std: number;
  /** One value per fold, in fold order. */
  values: number[];
  /** Holdout accuracy and macro-F1: the bootstrap 95% interval over the test rows. */
  ci95?: [number, number];
}

export type ScoreSummary = Record<MetricName, MetricSummary>;

/** One fold's fit: sizes, timing and the head's own diagnostics. */
export interface FoldReport {
  fold: number;
  trainRows: number;
  testRows: number;
  fitSeconds: number;
  predictSeconds: number;
  diagnostics: FitDiagnostics;
  test: Scores;
  train: Scores;
  /** How `train` was scored (see `EvalResult.trainScoring`). */
  trainScoring: 'leave-one-out' | 'resubstitution';
}

export interface EvalResult {
  format: 1;
  /** `cv`: k-fold cross-validation; `holdout`: one fit, scored on a separate test set. */
  method: 'cv' | 'holdout';
  strategy: { kind: string; params: object };
  labels: string[];
  seed: number;
  /** Number of fits: k for cv (fewer than asked when the smallest class is smaller; a warning says so), 1 for holdout. */
  folds: number;
  /** The folds asked for, when the smallest class made `folds` fewer (absent otherwise). */
  foldsRequested?: number;
  /** Rows scored: every input row for cv, the test rows for holdout. */
  rows: number;
  /** Scores on rows the head did not see. */
  metrics: ScoreSummary;
  /** Scores of each fold's head on its own training rows (see `trainScoring`). */
  train: ScoreSummary;
  /**
   * How training rows were scored: `leave-one-out` for heads that would otherwise predict their
   * own rows trivially (knn), else `resubstitution` (the head on the rows it was fitted on).
   */
  trainScoring: 'leave-one-out' | 'resubstitution';
  /** Train mean minus held-out mean; for log-loss and ECE, held-out minus train (so larger is worse for all). */
  gap: Scores;
  /** True when the verdict is `overfitting`: capacity shown to hurt held-out accuracy, not a gap alone. */
  overfitting: boolean;
  overfittingVerdict: OverfittingVerdict;
  /** Per-class metrics of the pooled held-out predictions, in label order. */
  perClass: ClassMetrics[];
  /** Summed over folds: `confusion[t][p]` counts rows of true class t predicted as p. */
  confusion: number[][];
  /**
   * Held-out probabilities: row i is input row i (cv: out-of-fold, from the one head that
   * did not see it; holdout: test row i). Column j is `labels[j]`.
   */
  proba: number[][];
  /** Every fit's report, in fold order. */
  fits: FoldReport[];
  /** Warnings from the folds' fits (prefixed with the fold), and from the evaluation itself. */
  warnings: string[];
  timing: {
    /** Mean seconds to fit one head. */
    fitSecondsMean: number;
    fitSecondsTotal: number;
    totalSeconds: number;
  };
}
