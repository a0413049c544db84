import type { EvalResult } from './result.js';

/**
 * The few numbers worth keeping beside a head version or printing in a list: held-out
 * means and spreads, train accuracy and the overfitting flag (1 or 0), as a flat record.
 *
 * @example
 * tasks.saveHeadVersion({ ..., metrics: headlineMetrics(result) });
 */
export function headlineMetrics(r: EvalResult): Record<string, number> {
  return {
    accuracy: r.metrics.accuracy.mean,
    accuracyStd: r.metrics.accuracy.std,
    macroF1: r.metrics.macroF1.mean,
    macroF1Std: r.metrics.macroF1.std,
    logLoss: r.metrics.logLoss.mean,
    ece: r.metrics.ece.mean,
    trainAccuracy: r.train.accuracy.mean,
    overfitting: r.overfitting ? 1 : 0,
    folds: r.folds,
    rows: r.rows,
  };
}
