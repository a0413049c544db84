/**
 * What more labels would buy: the inverse power law acc(n) = a − b·n^(−c) fitted to the
 * proportional curve, read at 2×, 5× and 10× the labels, and solved for the labels a target
 * accuracy needs. Intervals come from two sources, added:
 *
 * 1. the fit's own uncertainty: a parametric bootstrap that redraws every curve point from its
 *    mean and standard error and refits (it gives an answer where the delta method has none,
 *    e.g. a ceiling near 100%);
 * 2. the curve's own extrapolation error: fits on its smaller points predict its larger ones
 *    (backtests); the largest miss per doubling of data, times the doublings from the largest
 *    point to the prediction, widens both sides. A power law that bends the wrong way on this
 *    data widens its own interval. (The bootstrap alone held the measured full-data accuracy
 *    too rarely in bench/advise: it knows the noise of the points, not the law's misfit.)
 */
import { Rng } from '../core/index.js';
import { fitPowerLaw, predictAt } from '../eval/index.js';
import type { CurvePoint, PowerLawFit } from '../eval/index.js';
import { constant } from './constants.js';

/** One prediction. */
export interface ForecastPoint {
  /** Times the labels available now. */
  multiple: number;
  /** Training rows. */
  n: number;
  mean: number;
  ci95: [number, number] | null;
}

export interface TargetForecast {
  accuracy: number;
  /** `now`: the current data reaches it; `labels`: more labels are predicted to; `out-of-reach`: not within `maxExtrapolation`× the labels. */
  reach: 'now' | 'labels' | 'out-of-reach';
  /** More labelled rows needed (0 when reached now; null when out of reach). */
  moreLabels: number | null;
  /** 95% range of the labels needed in total; the upper end is null when it may be out of reach. */
  totalRange: [number, number | null] | null;
}

export interface Forecast {
  /** Rows the final model trains on (all the labelled data). */
  available: number;
  fit: { a: number; b: number; c: number } | null;
  /** False when the curve does not pin down what more data gives (no interval at 10×, or no fit). */
  reliable: boolean;
  /** At the labels available now (without a fit: the largest measured point, with no interval). */
  current: ForecastPoint;
  /** At `multiples` of the labels; empty without a fit. */
  at: ForecastPoint[];
  /** The ceiling a (accuracy with unlimited labels for this backbone and head) with its bootstrap range. */
  ceiling: { mean: number; ci95: [number, number] | null } | null;
  /** Accuracy the backtest missed by, per doubling of data (0 with fewer than 4 points). */
  slackPerDoubling: number;
  target: TargetForecast | null;
  warnings: string[];
}

export interface ForecastOptions {
  /** Rows the final model trains on. */
  available: number;
  seed: number;
  /** Multiples of the labels to predict at (default 2, 5, 10). */
  multiples?: readonly number[];
  target?: number;
  /** Bootstrap refits (default 200). */
  resamples?: number;
}

/** Standard errors below this do not let one point pin the curve (as the fit's own floor). */
const SE_FLOOR = 0.002;

function fitOrUndefined(points: readonly CurvePoint[]): PowerLawFit | undefined {
  try {
    const f = fitPowerLaw(points);
    return Number.isFinite(f.a) && Number.isFinite(f.b) && Number.isFinite(f.c) ? f : undefined;
  } catch {
    return undefined;
  }
}

function value(f: { a: number; b: number; c: number }, n: number): number {
  return Math.min(Math.max(f.a - f.b * Math.pow(n, -f.c), 0), 1);
}

/** Rows the curve a − b·n^(−c) needs to reach `target`; Infinity when its ceiling is at or below it. */
export function rowsForAccuracy(f: { a: number; b: number; c: number }, target: number): number {
  if (f.a <= target) return Number.POSITIVE_INFINITY;
  return Math.pow(f.b / (f.a - target), 1 / f.c);
}

function percentile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)));
  return sorted[i]!;
}

/**
 * The curve's largest backtest miss per doubling of data: the fit on its first k points (k from
 * max(3, points − 2) to points − 1) predicts each larger point; the miss is divided by the
 * doublings from the fit's largest point to the predicted one. 0 with fewer than 4 sizes.
 *
 * @example
 * backtestSlack(points); // 0.004: the worst backtest missed by 0.4 points per doubling
 */
export function backtestSlack(points: readonly CurvePoint[]): number {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  if (new Set(sorted.map((p) => p.n)).size < 4) return 0;
  let worst = 0;
  for (let k = Math.max(3, sorted.length - 2); k < sorted.length; k++) {
    const f = fitOrUndefined(sorted.slice(0, k));
    if (!f) continue;
    const from = sorted[k - 1]!.n;
    for (const p of sorted.slice(k)) {
      const doublings = Math.log2(p.n / from);
      if (doublings > 0) worst = Math.max(worst, Math.abs(value(f, p.n) - p.mean) / doublings);
    }
  }
  return worst;
}

/**
 * Fits the curve and predicts at the current labels, at `multiples` of them and for the target.
 *
 * @example
 * const f = forecast(points, { available: 2000, seed: 42, target: 0.9 });
 * f.at[0].mean; f.target?.moreLabels;
 */
export function forecast(points: readonly CurvePoint[], o: ForecastOptions): Forecast {
  const warnings: string[] = [];
  const multiples = o.multiples ?? [2, 5, 10];
  const ns = [o.available, ...multiples.map((m) => Math.round(m * o.available))];
  const main = fitOrUndefined(points);
  if (!main) {
    warnings.push(new Set(points.map((p) => p.n)).size < 3 ? 'fewer than 3 curve sizes: no extrapolation' : 'the learning curve could not be fitted');
    const largest = [...points].sort((a, b) => a.n - b.n).at(-1);
    return {
      available: o.available, fit: null, reliable: false, current: { multiple: 1, n: o.available, mean: largest?.mean ?? 0, ci95: null }, at: [],
      ceiling: null, slackPerDoubling: 0, target: o.target === undefined ? null : { accuracy: o.target, reach: 'out-of-reach', moreLabels: null, totalRange: null }, warnings,
    };
  }
  warnings.push(...main.warnings);
  const resamples = o.resamples ?? 200;
  const rng = new Rng(o.seed ^ 0x5eed);
  const boots: { a: number; b: number; c: number }[] = [];
  for (let r = 0; r < resamples; r++) {
    const redrawn = points.map((p) => {
      const se = Math.max(p.se ?? 0, SE_FLOOR);
      return { n: p.n, mean: Math.min(Math.max(p.mean + se * rng.normal(), 0), 1), se };
    });
    const f = fitOrUndefined(redrawn);
    if (f) boots.push(f);
  }
  if (boots.length < resamples * 0.8) warnings.push(`only ${boots.length} of ${resamples} bootstrap refits converged`);
  const slack = backtestSlack(points);
  const largest = Math.max(...points.map((p) => p.n));
  const predict = (multiple: number, n: number): ForecastPoint => {
    const mean = predictAt(main, n).mean;
    if (boots.length < 10) return { multiple, n, mean, ci95: null };
    const vals = boots.map((f) => value(f, n)).sort((a, b) => a - b);
    const widen = slack * Math.max(0, Math.log2(n / largest));
    const lo = Math.max(0, Math.min(percentile(vals, 0.025), mean) - widen);
    const hi = Math.min(1, Math.max(percentile(vals, 0.975), mean) + widen);
    return { multiple, n, mean, ci95: [lo, hi] };
  };
  const current = predict(1, o.available);
  const at = multiples.map((m, i) => predict(m, ns[i + 1]!));
  const aSorted = boots.map((f) => f.a).sort((a, b) => a - b);
  const ceiling = { mean: main.a, ci95: boots.length >= 10 ? [Math.min(percentile(aSorted, 0.025), main.a), Math.max(percentile(aSorted, 0.975), main.a)] as [number, number] : null };
  const tenX = at.at(-1);
  const reliable = main.converged && boots.length >= resamples * 0.8 && !!tenX?.ci95;
  if (!reliable) warnings.push('no reliable extrapolation: the curve does not pin down what more data gives');
  return {
    available: o.available, fit: { a: main.a, b: main.b, c: main.c }, reliable, current, at, ceiling, slackPerDoubling: slack,
    target: o.target === undefined ? null : targetForecast(o.target, main, boots, o.available, current.mean), warnings,
  };
}

function targetForecast(target: number, main: PowerLawFit, boots: readonly { a: number; b: number; c: number }[], available: number, now: number): TargetForecast {
  if (now >= target) return { accuracy: target, reach: 'now', moreLabels: 0, totalRange: [available, available] };
  const limit = constant('maxExtrapolation') * available;
  const needed = rowsForAccuracy(main, target);
  const totals = boots.map((f) => Math.max(rowsForAccuracy(f, target), available)).sort((a, b) => a - b);
  const lo = totals.length ? percentile(totals, 0.025) : needed;
  const hi = totals.length ? percentile(totals, 0.975) : needed;
  const totalRange: [number, number | null] = [Math.round(Math.min(lo, needed)), Number.isFinite(hi) && hi <= limit ? Math.round(Math.max(hi, needed)) : null];
  if (!Number.isFinite(needed) || needed > limit) return { accuracy: target, reach: 'out-of-reach', moreLabels: null, totalRange };
  return { accuracy: target, reach: 'labels', moreLabels: Math.max(0, Math.ceil(needed - available)), totalRange };
}
