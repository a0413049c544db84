/**
 * Cross-validation of a multi-label strategy: k folds, each fitting the one-vs-rest head
 * (whose per-label thresholds are chosen by its own inner cross-validation) on the other
 * folds and scoring the held-out fold's label sets by micro/macro F1 and subset accuracy.
 */
import { Matrix, UsageError, throwIfAborted } from '../core/index.js';
import { multiLabelFolds } from '../math/index.js';
import type { JobOptions } from '../core/index.js';
import { multiLabelMetrics } from '../heads/index.js';
import type { MultiLabelStrategy } from '../heads/index.js';
import { meanStd } from '../eval/index.js';
import type { MetricSummary } from '../eval/index.js';

export interface MultiLabelCv {
  folds: number;
  rows: number;
  microF1: MetricSummary;
  macroF1: MetricSummary;
  /** Share of held-out texts whose predicted label set is exactly right. */
  subsetAccuracy: MetricSummary;
  /** Per label, F1 over the pooled held-out predictions of all folds. */
  perLabelF1: Record<string, number>;
}

/**
 * @example
 * const cv = await crossValidateMultiLabel(new MultiLabelStrategy(), X, Y, { labels, folds: 5, seed: 1 });
 * cv.microF1.mean; cv.subsetAccuracy.mean;
 */
export async function crossValidateMultiLabel(
  strategy: MultiLabelStrategy, X: Matrix, Y: Matrix,
  opts: JobOptions & { labels: readonly string[]; folds: number; seed: number },
): Promise<MultiLabelCv> {
  const k = opts.folds;
  if (!Number.isInteger(k) || k < 2 || k > X.rows) {
    throw new UsageError(`Multi-label cross-validation needs 2 to ${X.rows} folds, got ${k}.`, 'bad_folds');
  }
  const fold = multiLabelFolds(Y, k, opts.seed);
  const pooled = new Matrix(Y.rows, Y.cols);
  const micro: number[] = [], macro: number[] = [], subset: number[] = [];
  for (let f = 0; f < k; f++) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase: 'cross-validate', done: f, total: k, unit: 'folds' });
    const train: number[] = [], test: number[] = [];
    for (let i = 0; i < Y.rows; i++) (fold[i] === f ? test : train).push(i);
    const head = await strategy.fitMulti(X.selectRows(train), Y.selectRows(train), { seed: opts.seed + f + 1, labels: opts.labels, signal: opts.signal });
    const D = head.predictMulti(X.selectRows(test));
    test.forEach((row, r) => pooled.data.set(D.row(r), row * Y.cols));
    const m = multiLabelMetrics(Y.selectRows(test), D);
    micro.push(m.microF1); macro.push(m.macroF1); subset.push(m.subsetAccuracy);
  }
  opts.onProgress?.({ phase: 'cross-validate', done: k, total: k, unit: 'folds' });
  const all = multiLabelMetrics(Y, pooled);
  return {
    folds: k, rows: Y.rows,
    microF1: meanStd(micro), macroF1: meanStd(macro), subsetAccuracy: meanStd(subset),
    perLabelF1: Object.fromEntries(opts.labels.map((l, j) => [l, all.perLabelF1[j]!])),
  };
}

