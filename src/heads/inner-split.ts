/**
 * Seeded, stratified splits used inside a fit (early stopping, out-of-fold predictions,
 * threshold choice). Heads cannot use src/eval (eval depends on heads), so the few lines
 * they need live here.
 */
import { Rng } from '../core/index.js';

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
 * Assigns every row to one of `k` folds, dealing each class round-robin so every fold
 * gets a share of every class that has at least k examples.
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
