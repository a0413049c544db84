/**
 * Classification metrics over class indices and probability matrices, following
 * scikit-learn's conventions: a ratio whose denominator is zero counts as 0
 * (`zero_division=0`), macro averages run over the classes seen in the truth or the
 * predictions, and log-loss clips probabilities at 1e-15.
 */
import { DataError } from '../core/index.js';
import type { Matrix } from '../core/index.js';

/** Precision, recall, F1 and support (true rows) of one class. */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Smallest probability log-loss will take the log of (scikit-learn's historical `eps`). */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Index of the largest value in each row (the first one on ties).
 *
 * @example
 * argmaxRows(Matrix.fromRows([[0.2, 0.8], [0.6, 0.4]])); // Int32Array [1, 0]
 */
export function argmaxRows(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows);
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    for (let j = 1; j < P.cols; j++) if (P.get(i, j) > P.get(i, best)) best = j;
    out[i] = best;
  }
  return out;
}

/**
 * Fraction of rows predicted correctly; 0 for no rows.
 *
 * @example
 * accuracy(new Int32Array([0, 1, 1]), new Int32Array([0, 1, 0])); // 2/3
 */
export function accuracy(yTrue: Int32Array, yPred: Int32Array): number {
  sameLength(yTrue.length, yPred.length, 'predictions');
  if (yTrue.length === 0) return 0;
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

/**
 * Confusion matrix: `m[t][p]` counts rows of true class t predicted as p.
 *
 * @example
 * confusionMatrix(new Int32Array([0, 1]), new Int32Array([1, 1]), 2); // [[0, 1], [0, 1]]
 */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, nClasses: number): number[][] {
  sameLength(yTrue.length, yPred.length, 'predictions');
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!, p = yPred[i]!;
    if (t < 0 || t >= nClasses || p < 0 || p >= nClasses) {
      throw new DataError(`Row ${i}: class index ${t < 0 || t >= nClasses ? t : p} is outside 0..${nClasses - 1}.`, 'bad_class_index');
    }
    m[t]![p]!++;
  }
  return m;
}

/**
 * Per-class precision, recall, F1 and support from a confusion matrix (rows = true).
 * Undefined ratios (no predictions, no true rows) are 0, as scikit-learn's `zero_division=0`.
 */
export function perClassFromConfusion(confusion: readonly (readonly number[])[], labels: readonly string[]): ClassMetrics[] {
  return labels.map((label, c) => {
    const row = confusion[c] ?? [];
    const tp = row[c] ?? 0;
    const support = row.reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, r) => s + (r[c] ?? 0), 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
}

/** Per-class precision, recall, F1 and support, in label order. */
export function perClassMetrics(yTrue: Int32Array, yPred: Int32Array, labels: readonly string[]): ClassMetrics[] {
  return perClassFromConfusion(confusionMatrix(yTrue, yPred, labels.length), labels);
}

/**
 * Unweighted mean of per-class F1 over the classes present in the truth or the
 * predictions (scikit-learn's `f1_score(average='macro')` without `labels`); 0 for no rows.
 */
export function macroF1FromConfusion(confusion: readonly (readonly number[])[]): number {
  const labels = confusion.map((_, c) => String(c));
  const stats = perClassFromConfusion(confusion, labels);
  let sum = 0, n = 0;
  stats.forEach((s, c) => {
    const predicted = confusion.reduce((acc, r) => acc + (r[c] ?? 0), 0);
    if (s.support > 0 || predicted > 0) {
      sum += s.f1;
      n++;
    }
  });
  return n === 0 ? 0 : sum / n;
}

/**
 * Macro-averaged F1 (see `macroF1FromConfusion`).
 *
 * @example
 * macroF1(new Int32Array([0, 0, 1, 1]), new Int32Array([0, 1, 1, 1]), 2); // (2/3 + 4/5) / 2
 */
export function macroF1(yTrue: Int32Array, yPred: Int32Array, nClasses: number): number {
  return macroF1FromConfusion(confusionMatrix(yTrue, yPred, nClasses));
}

/**
 * Mean negative log-probability of the true class, with probabilities clipped to
 * [1e-15, 1 − 1e-15] so that one confident mistake gives a large but finite loss.
 * Rows are used as given (heads already return rows that sum to 1).
 *
 * @example
 * logLoss(new Int32Array([1]), Matrix.fromRows([[0.25, 0.75]])); // -ln(0.75)
 */
export function logLoss(yTrue: Int32Array, P: Matrix): number {
  sameLength(yTrue.length, P.rows, 'probability rows');
  if (yTrue.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = P.get(i, yTrue[i]!);
    sum -= Math.log(Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
  }
  return sum / yTrue.length;
}

function sameLength(n: number, m: number, what: string): void {
  if (n !== m) throw new DataError(`Got ${n} true labels but ${m} ${what}; they must match one to one.`, 'length_mismatch');
}
