/** A head's output for embedded rows, as labels and probabilities a person (or a program) reads. */
import type { Matrix } from '../core/index.js';
import { MultiLabelHead } from '../heads/index.js';
import type { FittedHead } from '../heads/index.js';

export interface LabelPrediction {
  /** The most likely label; for a multi-label task, the predicted set joined with `|` (`''` when none). */
  label: string;
  confidence: number;
  /**
   * Probability of every label, in the task's label order: they sum to 1, except for a
   * multi-label task, where each is that label's own probability of being present.
   */
  probabilities: Record<string, number>;
  /** Multi-label tasks: the predicted set (labels whose probability reaches their threshold), most probable first. */
  labels?: string[];
  /** Multi-label tasks: each label's threshold, chosen by cross-validation when the head was fitted. */
  thresholds?: Record<string, number>;
  /** Whether the input looks unlike the training data (null: the version has no novelty detector). */
  outOfDistribution: boolean | null;
  /** The novelty score behind that flag (higher = more unusual), or null. */
  novelty: number | null;
}

/** A prediction before the novelty detector has looked at the input. */
export type HeadPrediction = Omit<LabelPrediction, 'outOfDistribution' | 'novelty'>;

/** A head's predictions for embedded rows: multi-label heads give label sets, others the top label. */
export function predictionsOf(head: FittedHead, X: Matrix): HeadPrediction[] {
  if (head instanceof MultiLabelHead) return toMultiLabelPredictions(head, head.predictScores(X));
  return toPredictions(head, head.predictProba(X));
}

/** Per-label probabilities → the label set above the head's thresholds, most probable first. */
function toMultiLabelPredictions(head: MultiLabelHead, S: Matrix): HeadPrediction[] {
  const thresholds = Object.fromEntries(head.labels.map((l, j) => [l, head.thresholds[j]!]));
  const out: HeadPrediction[] = [];
  for (let i = 0; i < S.rows; i++) {
    const row = S.row(i);
    const order = head.labels.map((_, j) => j).sort((a, b) => row[b]! - row[a]!);
    const chosen = order.filter((j) => row[j]! >= head.thresholds[j]!);
    out.push({
      label: chosen.map((j) => head.labels[j]!).join('|'),
      confidence: row[order[0]!]!,
      probabilities: Object.fromEntries(head.labels.map((l, j) => [l, row[j]!])),
      labels: chosen.map((j) => head.labels[j]!),
      thresholds,
    });
  }
  return out;
}

/** Rows of probabilities → the top label, its probability and every label's probability. */
export function toPredictions(head: FittedHead, P: Matrix): HeadPrediction[] {
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
