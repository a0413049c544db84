/**
 * What fine-tuning is expected to add over a frozen-embedding head, from published side-by-side
 * results (`FINE_TUNING_EVIDENCE`). A gain is measured as the share of the frozen head's errors
 * that fine-tuning removes (relative error reduction), which keeps estimates inside [0, 1] and
 * compares an 80%-accurate head with a 97%-accurate one fairly. Results at a similar number of
 * examples per class weigh more (a Gaussian kernel in log2 of examples per class); the range is
 * the spread of the comparable results. Every row is also predicted from the others
 * (leave-one-out), which says how far to trust the range.
 */
import { CONSTANTS, FINE_TUNING_EVIDENCE, constant } from './constants.js';
import type { EncoderSize, EvidenceRow } from './constants.js';

export interface GainEstimate {
  /** Expected share of the frozen head's errors removed (negative: fine-tuning does worse). */
  reduction: number;
  /** Range of that share over the comparable published results (at least ± 1.96 weighted sd). */
  range: [number, number];
  /** Effective number of close results (Kish's n of the kernel weights, before the floor). */
  effectiveRows: number;
  /** Ids of the results that weigh in (weight ≥ a quarter of the largest). */
  rows: string[];
  /** True when fewer than 4 effective results back the estimate. */
  thin: boolean;
}

/** Share of the frozen head's errors a fine-tuned large encoder removes in this row. */
export function rowReduction(row: EvidenceRow, size: EncoderSize = 'large'): number {
  const frozenError = 1 - row.frozen.accuracy;
  const ratio = constant('baseToLargeErrorRatio');
  // Put every row on one footing: the error a model of `size` would have made.
  let ftError = 1 - row.fineTuned.accuracy;
  if (row.fineTuned.size !== size) ftError = size === 'large' ? ftError / ratio : ftError * ratio;
  return 1 - ftError / frozenError;
}

/**
 * The expected error reduction of fine-tuning a `size` encoder at `perClass` training examples
 * per class, from the rows given (default: the published table).
 *
 * @example
 * const g = estimateGain(64, 'large'); // g.reduction, g.range, g.thin
 * const expected = 1 - (1 - graftAccuracy) * (1 - g.reduction);
 */
export function estimateGain(perClass: number, size: EncoderSize, rows: readonly EvidenceRow[] = FINE_TUNING_EVIDENCE): GainEstimate {
  if (rows.length === 0) throw new RangeError('estimateGain needs at least one published result');
  const h = constant('evidenceBandwidth');
  const x = Math.log2(Math.max(perClass, 1));
  const kernel = rows.map((r) => Math.exp(-((Math.log2(r.perClass) - x) ** 2) / (2 * h * h)));
  // Every result keeps a floor weight: with nothing close, the estimate leans on all of them.
  const w = kernel.map((k) => Math.max(k, constant('evidenceFloor')));
  const r = rows.map((row) => rowReduction(row, size));
  const sw = w.reduce((a, b) => a + b, 0);
  const mean = r.reduce((s, v, i) => s + w[i]! * v, 0) / sw;
  const sd = Math.sqrt(r.reduce((s, v, i) => s + w[i]! * (v - mean) ** 2, 0) / sw);
  const top = Math.max(...w);
  const near = rows.map((_, i) => i).filter((i) => w[i]! >= top / 4);
  const lo = Math.min(...near.map((i) => r[i]!), mean - 1.96 * sd);
  const hi = Math.max(...near.map((i) => r[i]!), mean + 1.96 * sd);
  // "Thin" counts the results that are close (kernel weights, no floor).
  const ks = kernel.reduce((a, b) => a + b, 0);
  const effectiveRows = ks * ks / kernel.reduce((s, v) => s + v * v, 0);
  return { reduction: mean, range: [lo, Math.min(hi, 1)], effectiveRows, rows: near.map((i) => rows[i]!.id), thin: effectiveRows < 4 };
}

/** Accuracy after removing `reduction` of the errors of a head at `accuracy`. */
export function applyReduction(accuracy: number, reduction: number): number {
  return Math.min(Math.max(1 - (1 - accuracy) * (1 - reduction), 0), 1);
}

export interface LeaveOneOutRow {
  id: string;
  dataset: string;
  perClass: number;
  published: number;
  predicted: number;
  range: [number, number];
  absError: number;
  inside: boolean;
}

export interface LeaveOneOut {
  rows: LeaveOneOutRow[];
  /** Mean absolute error of the predicted fine-tuned accuracy (fraction). */
  meanAbsError: number;
  /** Share of published results inside the range predicted from the others. */
  coverage: number;
}

/**
 * Predicts each published fine-tuned accuracy from its frozen head's accuracy and the other
 * comparisons (rows on another dataset or number of examples per class), as the advisor would for
 * a user's data: how well the evidence predicts itself.
 *
 * @example
 * leaveOneOut().meanAbsError; // e.g. 0.05 = 5 points
 */
export function leaveOneOut(rows: readonly EvidenceRow[] = FINE_TUNING_EVIDENCE): LeaveOneOut {
  const out = rows.map((row): LeaveOneOutRow => {
    // Leave out the whole comparison: other fine-tuned models beside the same frozen result too.
    const others = rows.filter((o) => !(o.dataset === row.dataset && o.perClass === row.perClass));
    const g = estimateGain(row.perClass, row.fineTuned.size, others);
    const predicted = applyReduction(row.frozen.accuracy, g.reduction);
    const range: [number, number] = [applyReduction(row.frozen.accuracy, g.range[0]), applyReduction(row.frozen.accuracy, g.range[1])];
    const published = row.fineTuned.accuracy;
    return {
      id: row.id, dataset: row.dataset, perClass: row.perClass, published, predicted, range,
      absError: Math.abs(predicted - published), inside: published >= range[0] && published <= range[1],
    };
  });
  return {
    rows: out,
    meanAbsError: out.reduce((s, r) => s + r.absError, 0) / out.length,
    coverage: out.filter((r) => r.inside).length / out.length,
  };
}

/** Where the evidence table comes from, in one line per distinct source. */
export function evidenceSources(rows: readonly EvidenceRow[] = FINE_TUNING_EVIDENCE): string[] {
  return [...new Set(rows.map((r) => r.source))];
}

/** The bandwidth's own description, for reports. */
export const EVIDENCE_KERNEL_NOTE = `results within about ${CONSTANTS.evidenceBandwidth.value} doublings of examples per class weigh most`;
