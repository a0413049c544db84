/**
 * Is the winner really better? Paired tests on the same test examples:
 * a paired bootstrap over examples (works with per-example scores averaged over seeds)
 * and McNemar's exact test (one prediction per example).
 */
import { Rng } from '../core/index.js';

export interface PairedComparison {
  /** mean(a) − mean(b). */
  diff: number;
  /** 95% percentile bootstrap interval of the difference. */
  ci95: [number, number];
  /** Two-sided p-value for "no difference". */
  p: number;
  /** p < alpha. */
  significant: boolean;
  test: 'paired-bootstrap' | 'mcnemar';
}

/**
 * Paired bootstrap: resamples test examples with replacement and recomputes the mean
 * difference of per-example scores (e.g. correctness averaged over seeds).
 *
 * @example
 * pairedBootstrap(correctA, correctB, { seed: 1 }).significant;
 */
export function pairedBootstrap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  opts: { seed: number; resamples?: number; alpha?: number },
): PairedComparison {
  const m = a.length;
  if (b.length !== m) throw new RangeError(`paired scores need equal lengths, got ${m} and ${b.length}`);
  const resamples = opts.resamples ?? 2000;
  const alpha = opts.alpha ?? 0.05;
  const d = new Float64Array(m);
  let diff = 0;
  for (let i = 0; i < m; i++) {
    d[i] = a[i]! - b[i]!;
    diff += d[i]!;
  }
  diff = m > 0 ? diff / m : 0;
  const rng = new Rng(opts.seed);
  const boots = new Float64Array(resamples);
  let le = 0;
  let ge = 0;
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += d[rng.int(m)]!;
    const v = m > 0 ? s / m : 0;
    boots[r] = v;
    if (v <= 0) le++;
    if (v >= 0) ge++;
  }
  boots.sort();
  const at = (q: number): number => boots[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  const p = Math.min(1, (2 * Math.min(le, ge) + 1) / (resamples + 1));
  return { diff, ci95: [at(0.025), at(0.975)], p, significant: p < alpha, test: 'paired-bootstrap' };
}

function logChoose(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

// Lanczos approximation (g = 7), accurate to ~1e-13 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * McNemar's exact test on paired correctness (1 = right, 0 = wrong) of two classifiers.
 * Only the discordant pairs matter: `onlyA` right where b is wrong, `onlyB` the reverse.
 */
export function mcnemar(
  correctA: ArrayLike<number>,
  correctB: ArrayLike<number>,
  alpha = 0.05,
): PairedComparison & { onlyA: number; onlyB: number } {
  const m = correctA.length;
  if (correctB.length !== m) throw new RangeError(`paired predictions need equal lengths, got ${m} and ${correctB.length}`);
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < m; i++) {
    if (correctA[i] && !correctB[i]) onlyA++;
    else if (!correctA[i] && correctB[i]) onlyB++;
  }
  const n = onlyA + onlyB;
  const k = Math.min(onlyA, onlyB);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  const p = n === 0 ? 1 : Math.min(1, 2 * tail);
  const diff = m > 0 ? (onlyA - onlyB) / m : 0;
  // Normal-approximation interval for a difference of paired proportions.
  const se = m > 0 ? Math.sqrt(Math.max(onlyA + onlyB - (onlyA - onlyB) ** 2 / m, 0)) / m : 0;
  return { diff, ci95: [diff - 1.96 * se, diff + 1.96 * se], p, significant: p < alpha, test: 'mcnemar', onlyA, onlyB };
}
