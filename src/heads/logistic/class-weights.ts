/** Per-row weights from a class-weight setting, as scikit-learn's `class_weight` defines them. */

import { UsageError } from '../../core/index.js';

export type ClassWeight = 'balanced' | Record<string, number>;

/**
 * 'balanced' gives class k the weight n / (K · n_k) over the K classes present, so every
 * class carries the same total weight; a record gives named labels a weight (others 1).
 * Returns null when every row weighs 1, so the solver can skip the multiply.
 */
export function rowWeights(
  classWeight: ClassWeight | undefined, y: Int32Array, labels: readonly string[],
): Float64Array | null {
  if (classWeight === undefined) return null;
  const counts = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const perClass = new Float64Array(labels.length).fill(1);
  if (classWeight === 'balanced') {
    const present = counts.filter((c) => c > 0).length;
    for (let k = 0; k < labels.length; k++) if (counts[k]! > 0) perClass[k] = y.length / (present * counts[k]!);
  } else {
    for (const [label, w] of Object.entries(classWeight)) {
      const k = labels.indexOf(label);
      if (k < 0) {
        throw new UsageError(`logistic: classWeight names label "${label}", which is not one of the labels: ${labels.join(', ')}.`);
      }
      perClass[k] = w;
    }
  }
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = perClass[y[i]!]!;
  return out;
}
