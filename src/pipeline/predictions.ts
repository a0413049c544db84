/** A head's output for embedded rows, as labels and probabilities a person (or a program) reads. */
import type { Matrix } from '../core/index.js';
import { predictLabels, topLabels } from '../heads/index.js';
import type { FittedHead, HeadPrediction } from '../heads/index.js';

export type { HeadPrediction } from '../heads/index.js';

/** A head's prediction for one text, with the novelty (out-of-distribution) flag. */
export interface LabelPrediction extends HeadPrediction {
  /** Whether the input looks unlike the training data (null: the version has no novelty detector). */
  outOfDistribution: boolean | null;
  /** The novelty score behind that flag (higher = more unusual), or null. */
  novelty: number | null;
}

/** A head's predictions for embedded rows, as the head reads them: multi-label heads give label sets, others the top label. */
export function predictionsOf(head: FittedHead, X: Matrix): HeadPrediction[] {
  return predictLabels(head, X);
}

/** Rows of probabilities → the top label, its probability and every label's probability. */
export function toPredictions(head: FittedHead, P: Matrix): HeadPrediction[] {
  return topLabels(head, P);
}
