/**
 * Seeded, stratified splits: one fold assignment (`stratifiedFolds`) under the inner CV of a
 * fit, the held-out estimates of eval (`stratifiedKFold`) and early stopping
 * (`stratifiedHoldout`), and the multi-label one (`multiLabelFolds`).
 */
import { DataError, Rng, UsageError } from '../core/index.js';
import type { Matrix } from '../core/index.js';

/** One fold of a split: row indices, each list in increasing order. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Row indices grouped by class, each group shuffled by `rng`. */
export function shuffledByClass(y: Int32Array, classes: number, rng: Rng): Int32Array[] {
  const groups: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < y.length; i++) groups[y[i]!]!.push(i);
  return groups.map((g) => rng.shuffle(Int32Array.from(g)));
}

/**
 * Holds out about `fraction` of each class (never a class's only example) for validation.
 * Returns sorted index arrays; `valid` is empty when no class can spare an example.
 */
export function stratifiedHoldout(
  y: Int32Array, classes: number, fraction: number, rng: Rng,
): { train: Int32Array; valid: Int32Array } {
  const train: number[] = [];
  const valid: number[] = [];
  for (const g of shuffledByClass(y, classes, rng)) {
    const k = g.length < 2 ? 0 : Math.max(1, Math.round(g.length * fraction));
    for (let i = 0; i < g.length; i++) (i < k ? valid : train).push(g[i]!);
  }
  const sort = (a: number[]): Int32Array => Int32Array.from(a).sort();
  return { train: sort(train), valid: sort(valid) };
}

/**
 * Assigns every row to one of `k` folds: each class (in class order) is shuffled by `rng` and
 * dealt round-robin, the dealing position carrying over from one class to the next, so that
 * every class is spread as evenly as possible (per-fold counts differ by at most one), small
 * classes do not all land in the first folds, and fold sizes differ by at most one.
 */
export function stratifiedFolds(y: Int32Array, classes: number, k: number, rng: Rng): Int32Array {
  const fold = new Int32Array(y.length);
  let offset = 0;
  for (const g of shuffledByClass(y, classes, rng)) {
    for (let i = 0; i < g.length; i++) fold[g[i]!] = (offset + i) % k;
    offset = (offset + g.length) % k;
  }
  return fold;
}

/** Indices where `fold[i] === f` (test) and the rest (train). */
export function foldIndices(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === f ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * Seeded stratified k-fold split. Every class is spread as evenly as possible over the
 * folds (its per-fold counts differ by at most one), and fold sizes differ by at most one.
 * Each row is in exactly one test fold.
 *
 * @param y class index of every row
 * @param k number of folds, at least 2
 * @param seed same seed → same folds
 * @param labels optional class names, used only to name a class in error messages
 * @throws DataError when a class present in `y` has fewer than `k` examples
 *
 * @example
 * const folds = stratifiedKFold(new Int32Array([0, 0, 1, 1]), 2, 7);
 * folds[0].test; // one row of each class
 */
export function stratifiedKFold(y: Int32Array, k: number, seed: number, labels?: readonly string[]): Fold[] {
  if (!Number.isInteger(k) || k < 2) {
    throw new UsageError(`Cross-validation needs an integer number of folds of at least 2, got ${k}.`, 'bad_folds');
  }
  const byClass = groupByClass(y);
  const small = [...byClass].filter(([, rows]) => rows.length < k);
  if (small.length > 0) {
    const list = small
      .map(([c, rows]) => `"${labels?.[c] ?? `class ${c}`}" has ${rows.length}`)
      .join(', ');
    throw new DataError(
      `Cannot split into ${k} folds: every class needs at least ${k} examples, but ${list}. ` +
        `Add examples for ${small.length === 1 ? 'that class' : 'those classes'}, or use fewer folds.`,
      'too_few_examples',
    );
  }

  const classes = Math.max(-1, ...byClass.keys()) + 1;
  const fold = stratifiedFolds(y, classes, k, new Rng(seed));
  return Array.from({ length: k }, (_, f) => foldIndices(fold, f));
}

function groupByClass(y: Int32Array): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    let rows = m.get(c);
    if (!rows) m.set(c, (rows = []));
    rows.push(i);
  }
  return m;
}

/**
 * How many inner folds the data supports: at most `wanted`, and no more than the smallest
 * class among those present has rows (each fold should see every class). Below 2, inner
 * CV is impossible and callers fall back to a default with a warning.
 */
export function innerFoldCount(y: Int32Array, nClasses: number, wanted: number): number {
  const counts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const present = counts.filter((c) => c > 0);
  return Math.min(wanted, ...present);
}

/**
 * Folds for multi-label rows: rows are dealt round-robin in order of their rarest label
 * (shuffled within), so each label's positives spread over the folds as evenly as a simple
 * pass allows (a greedy cousin of iterative stratification).
 */
export function multiLabelFolds(Y: Matrix, k: number, seed: number): Int32Array {
  const positives = new Array<number>(Y.cols).fill(0);
  for (let i = 0; i < Y.rows; i++) for (let j = 0; j < Y.cols; j++) if (Y.get(i, j) > 0.5) positives[j]!++;
  const rarest = Int32Array.from({ length: Y.rows }, (_, i) => {
    let best = -1;
    for (let j = 0; j < Y.cols; j++) if (Y.get(i, j) > 0.5 && (best < 0 || positives[j]! < positives[best]!)) best = j;
    return best;
  });
  const order = new Rng(seed).shuffle(Int32Array.from({ length: Y.rows }, (_, i) => i));
  const sorted = [...order].sort((a, b) => (positives[rarest[a]!] ?? 0) - (positives[rarest[b]!] ?? 0) || rarest[a]! - rarest[b]!);
  const fold = new Int32Array(Y.rows);
  sorted.forEach((row, i) => (fold[row] = i % k));
  return fold;
}
