/**
 * The curve families the forecast weighs, and their backtests. No one law fits every learning
 * curve: the inverse power law a − b·n^(−c) follows curves that flatten towards a ceiling, but
 * not one that still accelerates per doubling (emotion on hashing: 34 → 36 → 41 → 46 → 54 → 64%
 * from 63 to 2,000 rows), where it predicted 70% for 8,000 rows against a measured 77%. The error
 * rate falling as a power of n, 1 − acc = e·(n / n₀)^(−s) (the law of Hestness et al. 2017,
 * "Deep learning scaling is predictable, empirically", without an error floor), fitted locally on
 * the curve's last sizes, follows those — and overshoots a curve near its ceiling. Each family is
 * backtested on the curve's own nested sizes (fits on its smaller points predict its larger ones),
 * and the forecast weighs the families by those misses.
 */
import { fitPowerLaw } from '../eval/index.js';
import type { CurvePoint } from '../eval/index.js';

export type CurveFamily = 'power-law' | 'error-law-last-2' | 'error-law-last-3';
export const CURVE_FAMILIES: readonly CurveFamily[] = Object.freeze(['power-law', 'error-law-last-2', 'error-law-last-3']);

/** Accuracy as a function of training rows; params for the report (power law: a, b, c; error law: e at n₀, slope s). */
export interface FamilyFit {
  family: CurveFamily;
  at(n: number): number;
  params: Record<string, number>;
}

/** Error rates below this are read as this (a log of zero has no slope). */
const ERROR_FLOOR = 1e-4;
/** Backtest misses below this (per doubling) count as this when weighing: an exact fit does not take all the weight by a rounding. */
export const MISS_FLOOR = 1e-4;

const clamp01 = (x: number): number => Math.min(Math.max(x, 0), 1);

/** Means per distinct size, ascending (seeds of one size are already averaged; duplicates are merged). */
export function bySize(points: readonly CurvePoint[]): CurvePoint[] {
  const sizes = [...new Set(points.filter((p) => p.n > 0 && Number.isFinite(p.mean)).map((p) => p.n))].sort((a, b) => a - b);
  return sizes.map((n) => {
    const at = points.filter((p) => p.n === n);
    const se = at.map((p) => p.se).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return { n, mean: at.reduce((s, p) => s + p.mean, 0) / at.length, ...(se.length ? { se: Math.max(...se) } : {}) };
  });
}

function powerLaw(points: readonly CurvePoint[]): FamilyFit | undefined {
  try {
    const f = fitPowerLaw(points);
    if (![f.a, f.b, f.c].every(Number.isFinite)) return undefined;
    return { family: 'power-law', params: { a: f.a, b: f.b, c: f.c }, at: (n) => clamp01(f.a - f.b * Math.pow(n, -f.c)) };
  } catch {
    return undefined;
  }
}

/** log(1 − acc) against log n, least squares over the last `k` sizes. */
function errorLaw(points: readonly CurvePoint[], k: number, family: CurveFamily): FamilyFit | undefined {
  const last = bySize(points).slice(-k);
  if (last.length < k) return undefined;
  const xs = last.map((p) => Math.log(p.n)), ys = last.map((p) => Math.log(Math.max(1 - p.mean, ERROR_FLOOR)));
  const mx = xs.reduce((a, b) => a + b, 0) / k, my = ys.reduce((a, b) => a + b, 0) / k;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < k; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; }
  if (sxx === 0) return undefined;
  const slope = Math.min(0, sxy / sxx);
  // A rising error (a falling curve) is held at its last size's level.
  const n0 = slope < 0 ? Math.exp(mx) : last.at(-1)!.n, e0 = Math.exp(slope < 0 ? my : ys.at(-1)!);
  return { family, params: { n0, e0, slope }, at: (n) => clamp01(1 - Math.min(1, e0 * Math.pow(n / n0, slope))) };
}

/**
 * Fits one family to the curve; undefined when it cannot (too few sizes, no convergence).
 *
 * @example
 * fitFamily('error-law-last-2', points)?.at(8000);
 */
export function fitFamily(family: CurveFamily, points: readonly CurvePoint[]): FamilyFit | undefined {
  if (bySize(points).length < 3) return undefined;
  if (family === 'power-law') return powerLaw(points);
  return errorLaw(points, family === 'error-law-last-2' ? 2 : 3, family);
}

/**
 * Backtest misses per doubling, signed (prediction − measured): fits on the curve's first k sizes
 * (k from max(3, sizes − 2) to sizes − 1) predict each larger size, and each miss is divided by
 * the doublings from the fit's largest size to the predicted one. Empty with fewer than 4 sizes.
 *
 * @example
 * backtestMisses((pts) => fitFamily('power-law', pts), points); // [-0.012, -0.009, -0.02]
 */
export function backtestMisses(fit: (points: readonly CurvePoint[]) => ((n: number) => number) | undefined, points: readonly CurvePoint[]): number[] {
  const sizes = bySize(points);
  const misses: number[] = [];
  for (let k = Math.max(3, sizes.length - 2); k < sizes.length; k++) {
    const f = fit(sizes.slice(0, k));
    if (!f) continue;
    const from = sizes[k - 1]!.n;
    for (const p of sizes.slice(k)) misses.push((f(p.n) - p.mean) / Math.log2(p.n / from));
  }
  return misses;
}

/** Root mean square of some numbers (NaN for none). */
export function rms(values: readonly number[]): number {
  return values.length ? Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length) : Number.NaN;
}

export interface WeighedFamily {
  family: CurveFamily;
  /** Share of the forecast (the weights sum to 1). */
  weight: number;
  /** Root mean square backtest miss per doubling (null with fewer than 4 sizes). */
  backtestPerDoubling: number | null;
  params: Record<string, number>;
}

/**
 * The families that fit the curve, weighed by the inverse square of their backtest misses per
 * doubling (equal weights when there is nothing to backtest: fewer than 4 sizes).
 *
 * @example
 * const w = weighFamilies(points); // [{ family: 'error-law-last-2', weight: 0.61, … }, …]
 */
export function weighFamilies(points: readonly CurvePoint[]): WeighedFamily[] {
  const rows = CURVE_FAMILIES.flatMap((family) => {
    const fit = fitFamily(family, points);
    if (!fit) return [];
    const misses = backtestMisses((pts) => fitFamily(family, pts)?.at, points);
    return [{ family, params: fit.params, backtestPerDoubling: misses.length ? rms(misses) : null }];
  });
  const raw = rows.map((r) => (r.backtestPerDoubling === null ? 1 : 1 / (r.backtestPerDoubling ** 2 + MISS_FLOOR ** 2)));
  const total = raw.reduce((a, b) => a + b, 0);
  return rows.map((r, i) => ({ ...r, weight: raw[i]! / total }));
}

/**
 * The weighted forecast curve on some points: each family refitted on them, combined with the
 * weights given (a family that cannot be fitted there gives its weight to the others).
 * Undefined when none fits.
 */
export function combined(weights: readonly WeighedFamily[], points: readonly CurvePoint[]): ((n: number) => number) | undefined {
  const fits = weights.map((w) => ({ w: w.weight, f: fitFamily(w.family, points) })).filter((x): x is { w: number; f: FamilyFit } => !!x.f && x.w > 0);
  const total = fits.reduce((s, x) => s + x.w, 0);
  if (fits.length === 0 || total <= 0) return undefined;
  return (n) => fits.reduce((s, x) => s + (x.w / total) * x.f.at(n), 0);
}
