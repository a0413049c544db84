/**
 * What a bake-off found, as plain JSON data (no typed arrays, no Infinity), so that runs
 * can be stored, re-opened and rendered by the report without recomputing anything.
 */
import type { ReliabilityBin } from './calibration.js';
import type { ClassMetrics } from './metrics.js';
import type { PairedComparison } from './significance.js';
import type { BackboneRow } from './backbone-comparison.js';
import type { Summary } from './stats.js';
import type { OodMethod } from './ood.js';
import type { OverfittingVerdict } from './overfitting.js';

export interface CurvePointResult {
  /** Examples per class, or null for the full training set. */
  perClass: number | null;
  /** Training rows used (the x axis of the learning curve). */
  n: number;
  accuracy: Summary;
  macroF1: Summary;
  trainAccuracy: Summary;
  /**
   * `seeds`: mean and t interval over the seeds' samples. `bootstrap` (the full training set,
   * which every seed would sample identically): one fit, percentile-bootstrap interval over the
   * held-out rows. Absent in runs saved before it was recorded (all points over seeds).
   */
  interval?: 'seeds' | 'bootstrap';
}

export interface ExtrapolationResult {
  a: number;
  b: number;
  c: number;
  available: number;
  /** Each interval is null when the fit gives none there (older runs stored a clamped one instead). */
  current: { n: number; mean: number; ci95: [number, number] | null };
  at2x: { n: number; mean: number; ci95: [number, number] | null };
  at10x: { n: number; mean: number; ci95: [number, number] | null };
  /** Whether the fit supports a prediction (see `Extrapolation.reliable`); absent in older runs. */
  reliable?: boolean;
  moreDataHelps: boolean;
  sentence: string;
  warnings: string[];
}

export interface CalibrationResult {
  /** The temperature of the head fitted on the full training set; null under CV (one per fold). */
  temperature: number | null;
  eceBefore: number;
  eceAfter: number;
  binsBefore: ReliabilityBin[];
  binsAfter: ReliabilityBin[];
}

export interface RegularizationPoint {
  value: number;
  trainAccuracy: number;
  heldOutAccuracy: number;
}

export interface BakeoffEntry {
  backbone: string;
  strategy: string;
  points: CurvePointResult[];
  extrapolation?: ExtrapolationResult;
  /** The full-training-set point's numbers. */
  accuracy: Summary;
  macroF1: Summary;
  trainAccuracy: Summary;
  /** Train minus held-out accuracy at the full training set. */
  gap: number;
  /** Train accuracy scored leave-one-out (heads like knn); absent: the head on its own training rows. */
  trainScoring?: 'leave-one-out';
  /** True when the verdict is `overfitting`; runs saved before the verdict: train − held-out gap above 10 points. */
  overfitting: boolean;
  /** What the evidence says (absent in older runs). */
  overfittingVerdict?: OverfittingVerdict;
  /** Held-out confusion matrix (rows = true) at full size. */
  confusion: number[][];
  perClass: ClassMetrics[];
  calibration?: CalibrationResult;
  /** Train and held-out accuracy per value, on one split: `heldOut` says which (absent in older runs: the test set or the first fold). */
  regularizationPath?: { param: string; points: RegularizationPoint[]; heldOut?: 'test' | 'fold 1' };
  warnings: string[];
}

export interface Histogram {
  edges: number[];
  inDistribution: number[];
  outOfDistribution: number[];
}

export interface OodResult {
  backbone: string;
  method: OodMethod;
  threshold: number;
  falseAlarmRate: number;
  /** Fraction of held-out in-distribution rows flagged at the threshold. */
  heldOutFalseAlarms: number;
  /** Per method, when the data has out-of-scope examples. */
  detection?: Record<OodMethod, { auroc: number; fprAt95Tpr: number }>;
  /** Of the two methods, the one with the higher AUROC on this data. */
  best?: OodMethod;
  histogram: Histogram;
}

/**
 * The best entry's held-out prediction for each row it was scored on (the test set, or every
 * training row out of fold under CV), so a reader can see which examples it gets wrong or is
 * least sure of. Rows index the dataset as given (out-of-scope rows are not scored); labels are
 * indices into `labels`. Absent in runs saved before it was recorded.
 */
export interface HeldOutPredictions {
  entry: number;
  split: 'test' | 'train';
  rows: number[];
  truth: number[];
  predicted: number[];
  /** The probability of the predicted label (rounded to 6 digits). */
  confidence: number[];
  /** Each row's text as stored (after the privacy policy), when the caller has the texts (a saved run does). */
  texts?: string[];
}

export interface BakeoffResult {
  format: 1;
  /** `holdout`: scored on the test set; `cv`: k-fold cross-validation of the training set. */
  method: 'holdout' | 'cv';
  labels: string[];
  oodLabel?: string;
  seed: number;
  seeds: number;
  folds?: number;
  trainRows: number;
  testRows: number;
  /** Train accuracy is scored on at most this many training rows (absent in older runs: all). */
  trainAccuracyRows?: number;
  entries: BakeoffEntry[];
  /** Entry indices, best first (by held-out accuracy at full size). */
  ranking: number[];
  /** The winner against the runner-up. */
  comparison?: { a: number; b: number } & PairedComparison;
  /** With several backbones: each one's best entry against the best backbone's (absent in older runs). */
  backbones?: BackboneRow[];
  ood: OodResult[];
  warnings: string[];
  predictions?: HeldOutPredictions;
}
