import { DataError, Rng, UsageError } from '../core/index.js';

/** One fold of a split: row indices, each list in increasing order. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
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

  // Shuffle within each class, then deal rows to folds round-robin. The dealing position
  // carries over from one class to the next, so that small classes do not all land in the
  // first folds and fold sizes stay within one of each other.
  const rng = new Rng(seed);
  const foldOf = new Int32Array(y.length);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(c)!);
    for (const i of rows) {
      foldOf[i] = next;
      next = (next + 1) % k;
    }
  }

  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < y.length; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
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
