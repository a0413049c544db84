/**
 * How many cross-validation folds few-shot data allows. Stratified k-fold needs k examples
 * of every class; graft's home ground is a handful per class, so instead of refusing a class
 * smaller than the folds asked for, it uses as many folds as the smallest class has examples
 * (that class then goes leave-one-out), and says so. Only a class of one example cannot be
 * both trained on and held out.
 */
import { DataError } from '../core/index.js';

export interface FoldChoice {
  /** Folds to use: `wanted`, or fewer when the smallest class has fewer examples. */
  folds: number;
  wanted: number;
  /** Set when `folds < wanted`: one sentence for the screen and the result's warnings. */
  note?: string;
}

/**
 * @param counts examples per class (classes with 0 are ignored: they are not in the data)
 * @param wanted the folds asked for, at least 2
 * @param labels class names for the messages, in the order of `counts`
 * @throws DataError naming the classes that have a single example
 * @example
 * chooseFolds([40, 3, 12], 5, ['billing', 'refund', 'other']);
 * // { folds: 3, wanted: 5, note: '3-fold cross-validation instead of 5: …' }
 */
export function chooseFolds(counts: readonly number[], wanted: number, labels?: readonly string[]): FoldChoice {
  const name = (c: number): string => `"${labels?.[c] ?? `class ${c}`}"`;
  const present = counts.map((n, c) => ({ n, c })).filter((x) => x.n > 0);
  const single = present.filter((x) => x.n === 1);
  if (single.length > 0) {
    throw new DataError(
      `Cross-validation needs at least 2 examples of every class (one to train on, one to hold out), but ` +
        `${single.slice(0, 5).map((x) => name(x.c)).join(', ')}${single.length > 5 ? ` and ${single.length - 5} more` : ''} ` +
        `${single.length === 1 ? 'has' : 'have'} 1. Add an example of ${single.length === 1 ? 'it' : 'each'}, merge or drop ` +
        `${single.length === 1 ? 'that class' : 'those classes'}, or skip cross-validation (--folds 0 when fitting, --test FILE when evaluating).`,
      'too_few_examples',
    );
  }
  const smallest = present.reduce((m, x) => (x.n < m.n ? x : m), present[0] ?? { n: wanted, c: 0 });
  if (smallest.n >= wanted) return { folds: wanted, wanted };
  const folds = smallest.n;
  return {
    folds, wanted,
    note: `${folds}-fold cross-validation instead of ${wanted}: the smallest class, ${name(smallest.c)}, has ${folds} examples` +
      ` (each of its examples is held out once: leave-one-out within that class)`,
  };
}
