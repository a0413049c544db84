/**
 * Summary statistics for repeated measurements (one value per seed): mean, sample
 * standard deviation and a 95% confidence interval for the mean from Student's t.
 */

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 when n < 2. */
  std: number;
  /** Standard error of the mean. */
  se: number;
  /** 95% confidence interval for the mean (t-based); [mean, mean] when n < 2. */
  ci95: [number, number];
}

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
  2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 97.5% quantile of Student's t with `df` degrees of freedom (1.96 as df → ∞). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.POSITIVE_INFINITY;
  const k = Math.floor(df);
  if (k <= 30) return T975[k - 1]!;
  // Cornish–Fisher expansion around the normal quantile; < 0.001 off for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * k) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * k * k);
}

/**
 * Mean, std and 95% CI of repeated measurements.
 *
 * @example
 * summarize([0.8, 0.82, 0.79]).ci95; // [0.77…, 0.83…]
 */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, std: Number.NaN, se: Number.NaN, ci95: [Number.NaN, Number.NaN] };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n < 2) return { n, mean, std: 0, se: 0, ci95: [mean, mean] };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const std = Math.sqrt(ss / (n - 1));
  const se = std / Math.sqrt(n);
  const h = tQuantile975(n - 1) * se;
  return { n, mean, std, se, ci95: [mean - h, mean + h] };
}

/** The q-quantile (0..1) of values by linear interpolation (type 7, as numpy's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return Number.NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
