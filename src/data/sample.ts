import { Rng, UsageError } from '../core/index.js';
import type { Dataset, Example } from './types.js';

/**
 * How many of each class to take so that `n` keeps the class proportions: at least one
 * per class, then largest remainders (ties to the earlier class), never more than a class has.
 */
export function stratifiedQuotas(counts: readonly number[], n: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (n >= total) return [...counts];
  const exact = counts.map((c) => (c * n) / total);
  const quota = exact.map((e, k) => Math.min(counts[k]!, Math.max(1, Math.floor(e))));
  let left = n - quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, k) => ({ k, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (let i = 0; left > 0; i = (i + 1) % byRemainder.length) {
    const k = byRemainder[i]!.k;
    if (quota[k]! < counts[k]!) { quota[k]!++; left--; }
  }
  // the one-per-class floor can overshoot n: take back from the largest quotas
  while (left < 0) {
    let big = 0;
    for (let k = 1; k < quota.length; k++) if (quota[k]! > quota[big]!) big = k;
    quota[big]!--;
    left++;
  }
  return quota;
}

/**
 * A stratified subsample of `n` examples: class proportions kept, at least one example
 * per class, the same `seed` always giving the same sample. Examples keep their original
 * order. `n` at or above the dataset size returns a copy of the whole dataset.
 *
 * @example
 * const small = stratifiedSample(ds, 1500, 42);
 */
export function stratifiedSample(ds: Dataset, n: number, seed: number): Dataset {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`Sample size must be a positive integer, got ${n}.`);
  const byLabel = new Map<string, number[]>();
  ds.examples.forEach((e, i) => {
    const list = byLabel.get(e.label);
    if (list) list.push(i); else byLabel.set(e.label, [i]);
  });
  const labels = [...byLabel.keys()].sort();
  if (n < labels.length) {
    throw new UsageError(`Sample size ${n} is smaller than the ${labels.length} classes; ask for at least ${labels.length} so every class is kept.`);
  }
  const quotas = stratifiedQuotas(labels.map((l) => byLabel.get(l)!.length), n);
  const rng = new Rng(seed);
  const chosen: number[] = [];
  labels.forEach((l, k) => {
    const idx = rng.fork(k).shuffle([...byLabel.get(l)!]);
    chosen.push(...idx.slice(0, quotas[k]!));
  });
  chosen.sort((a, b) => a - b);
  const examples: Example[] = chosen.map((i) => ({ ...ds.examples[i]! }));
  return { ...ds, examples, labels: [...ds.labels], duplicates: countDuplicates(examples) };
}

function countDuplicates(examples: readonly Example[]): number {
  const seen = new Set<string>();
  let d = 0;
  for (const e of examples) {
    const key = `${e.label}\u0000${e.text.trim()}`;
    if (seen.has(key)) d++; else seen.add(key);
  }
  return d;
}
