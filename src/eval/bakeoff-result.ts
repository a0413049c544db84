/**
 * What a bake-off found, as plain JSON data (no typed arrays, no Infinity), so that runs
 * can be stored, re-opened and rendered by the report without recomputing anything.
 */
import type { ReliabilityBin } from './calibration.js';
import type { ClassMetrics } from './metrics.js';
import type { PairedComparison } from './significance.js';
import type { Summary } from './stats.js';
import type { OodMethod } from './ood.js';

export interface CurvePointResult {
  /** Examples per class, or null for the full training set. */
  perClass: number | null;
  /** Training rows used (the x axis of the learning curve). */
  n: number;
  accuracy: Summary;
  macroF1: Summary;
  trainAccuracy: Summary;
}

export interface ExtrapolationResult {
  a: number;
  b: number;
  c: number;
  available: number;
  current: { n: number; mean: number; ci95: [number, number] };
  at2x: { n: number; mean: number; ci95: [number, number] };
  at10x: { n: number; mean: number; ci95: [number, number] };
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
  overfitting: boolean;
  /** Held-out confusion matrix (rows = true) from the first seed at full size. */
  confusion: number[][];
  perClass: ClassMetrics[];
  calibration?: CalibrationResult;
  regularizationPath?: { param: string; points: RegularizationPoint[] };
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
  entries: BakeoffEntry[];
  /** Entry indices, best first (by held-out accuracy at full size). */
  ranking: number[];
  /** The winner against the runner-up. */
  comparison?: { a: number; b: number } & PairedComparison;
  ood: OodResult[];
  warnings: string[];
}
