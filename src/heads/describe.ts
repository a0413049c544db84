/**
 * What a head says about itself to the layers above: its predictions read as labels, its
 * summary, its name in results. Heads that read their probabilities differently (multi-label)
 * or have something to report (ensemble, zero-shot) define `predict` / `summary`; the others
 * get the defaults here.
 */
import type { Matrix } from '../core/index.js';
import type { FittedHead, Strategy } from './head.js';
import type { EnsembleSummary } from './ensemble/summary.js';

export interface HeadPrediction {
  /** The most likely label; for a multi-label head, the predicted set joined with `|` (`''` when none). */
  label: string;
  confidence: number;
  /**
   * Probability of every label, in the head's label order: they sum to 1, except for a
   * multi-label head, where each is that label's own probability of being present.
   */
  probabilities: Record<string, number>;
  /** Multi-label heads: the predicted set (labels whose probability reaches their threshold), most probable first. */
  labels?: string[];
  /** Multi-label heads: each label's threshold, chosen by cross-validation when the head was fitted. */
  thresholds?: Record<string, number>;
}

/** A head's report beyond its diagnostics; every field is optional and plain JSON. */
export interface HeadSummary {
  /** Ensembles: which of ensemble and members predicts, and why. */
  ensemble?: EnsembleSummary;
  /** Heads started from label names: how much the prior still weighs (1 = names alone). */
  zeroShot?: { meanPriorShare: number; examples: number };
  /** Numbers to keep with a saved version's metrics. */
  metrics?: Record<string, number>;
}

/**
 * The head's predictions as labels: its own `predict`, else the top label of each row.
 *
 * @example
 * predictLabels(head, X)[0]; // { label: 'spam', confidence: 0.93, probabilities: { ham: 0.07, spam: 0.93 } }
 */
export function predictLabels(head: FittedHead, X: Matrix): HeadPrediction[] {
  return head.predict ? head.predict(X) : topLabels(head, head.predictProba(X));
}

/** Rows of probabilities → the top label (the first of equals), its probability and every label's probability. */
export function topLabels(head: Pick<FittedHead, 'labels'>, P: Matrix): HeadPrediction[] {
  const out: HeadPrediction[] = [];
  for (let i = 0; i < P.rows; i++) {
    const row = P.row(i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
    out.push({
      label: head.labels[best]!,
      confidence: row[best]!,
      probabilities: Object.fromEntries(head.labels.map((l, j) => [l, row[j]!])),
    });
  }
  return out;
}

/** The head's summary, `{}` when it has none. */
export function summaryOf(head: FittedHead): HeadSummary {
  return head.summary?.() ?? {};
}

/** How results name a strategy: its own description, else its kind. */
export function describeStrategy(s: Strategy): string {
  return s.describe?.() ?? s.kind;
}
