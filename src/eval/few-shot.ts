import { DataError, Rng } from '../core/index.js';

/**
 * The few-shot protocol: sample `perClass` examples of every class from the training
 * rows with the seed (all of a class's rows when it has fewer). Returns row indices in
 * ascending order, so the same seed gives the same sample whatever the caller does next.
 * `perClass = Infinity` takes every row. Samples for a larger `perClass` with the same seed are supersets of smaller ones
 * (nested), so a learning curve compares like with like.
 *
 * @example
 * const rows = sampleFewShot(yTrain, 8, 3, seed); // 8 rows of each of 3 classes
 */
export function sampleFewShot(y: Int32Array, perClass: number, numClasses: number, seed: number): Int32Array {
  if (!(perClass === Number.POSITIVE_INFINITY || (Number.isInteger(perClass) && perClass >= 1))) {
    throw new DataError(`Examples per class must be a positive integer or Infinity (all), got ${perClass}.`, 'bad_size');
  }
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]!]!.push(i);
  const rng = new Rng(seed);
  const out: number[] = [];
  for (let k = 0; k < numClasses; k++) {
    // One fork per class: a class's sample does not depend on other classes' sizes.
    const rows = rng.fork(k).shuffle(byClass[k]!.slice());
    out.push(...rows.slice(0, perClass));
  }
  return Int32Array.from(out).sort();
}

/**
 * Learning-curve sizes in examples per class: 8, 16, 32, … doubling while a sample of that
 * size is still smaller than the training set, then `Infinity` (the full training set).
 *
 * @example
 * curveSizes([40, 100]); // [8, 16, 32, 64, Infinity]
 */
export function curveSizes(classCounts: readonly number[], start = 8): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const used = (n: number): number => classCounts.reduce((s, c) => s + Math.min(c, n), 0);
  const out: number[] = [];
  for (let n = start; used(n) < total; n *= 2) out.push(n);
  out.push(Number.POSITIVE_INFINITY);
  return out;
}

/** How many training rows a sample of `perClass` per class uses. */
export function sampleSize(classCounts: readonly number[], perClass: number): number {
  return classCounts.reduce((s, c) => s + Math.min(c, perClass), 0);
}
