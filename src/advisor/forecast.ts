/**
 * What more labels would buy: the proportional curve's families (families.ts: the inverse power
 * law, and the error rate's power law on the last sizes) weighed by their backtests on the curve's
 * own nested sizes, read at 2×, 5× and 10× the labels, and solved for the labels a target
 * accuracy needs. Intervals come from two sources, added:
 *
 * 1. the fit's own uncertainty: a parametric bootstrap that redraws every curve point from its
 *    mean and standard error and refits every family (same weights);
 * 2. the weighed curve's own extrapolation error: fits on its smaller sizes predict its larger
 *    ones (backtests); the largest miss per doubling of data, times the doublings from the
 *    largest size to the prediction, widens both sides. A curve that no family follows widens
 *    its own interval. (The bootstrap alone held the measured full-data accuracy too rarely in
 *    bench/advise: it knows the noise of the points, not the laws' misfit.)
 *
 * A forecast is reliable when the curve has at least 4 sizes (so the backtests exist), the
 * bootstrap converged and the 2× interval is at most ± `maxForecastHalfWidth`; otherwise the
 * advice says it cannot tell yet.
 */
import { Rng } from '../core/index.js';
import type { CurvePoint } from '../eval/index.js';
import { constant } from './constants.js';
import { backtestMisses, bySize, combined, fitFamily, weighFamilies } from './families.js';
import type { FamilyFit, WeighedFamily } from './families.js';

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
  /** The power-law family's fit acc(n) = a − b·n^(−c) (null when it did not fit). */
  fit: { a: number; b: number; c: number } | null;
  /** The families weighed into the forecast, with their weights and backtest misses. */
  families: WeighedFamily[];
  /** Distinct sizes of the curve (the full-data point included). */
  sizes: number;
  /** False when the curve does not pin down what more data gives (fewer than 4 sizes, no fit, or too wide at 2×). */
  reliable: boolean;
  /** At the labels available now (without a fit: the largest measured point, with no interval). */
  current: ForecastPoint;
  /** At `multiples` of the labels; empty without a fit. */
  at: ForecastPoint[];
  /** The power law's ceiling a (accuracy with unlimited labels for this backbone and head) with its bootstrap range. */
  ceiling: { mean: number; ci95: [number, number] | null } | null;
  /** Accuracy the weighed curve's backtests missed by, at most, per doubling of data (0 with fewer than 4 sizes). */
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
/** Sizes a curve needs for backtests, hence for a reliable forecast. */
export const MIN_RELIABLE_SIZES = 4;

/** Rows the inverse power law a − b·n^(−c) needs to reach `target`; Infinity when its ceiling is at or below it. */
export function rowsForAccuracy(f: { a: number; b: number; c: number }, target: number): number {
  if (f.a <= target) return Number.POSITIVE_INFINITY;
  return Math.pow(f.b / (f.a - target), 1 / f.c);
}

/** Rows a non-decreasing curve needs to reach `target`, searched from `from` to `limit` rows; Infinity when it does not by then. */
export function rowsToReach(curve: (n: number) => number, target: number, from: number, limit: number): number {
  if (curve(from) >= target) return from;
  if (curve(limit) < target) return Number.POSITIVE_INFINITY;
  let lo = Math.log(from), hi = Math.log(limit);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (curve(Math.exp(mid)) >= target) hi = mid; else lo = mid;
  }
  return Math.exp(hi);
}

function percentile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)));
  return sorted[i]!;
}

/**
 * The weighed curve's largest backtest miss per doubling of data (see families.ts
 * backtestMisses); 0 with fewer than 4 sizes.
 *
 * @example
 * backtestSlack(points); // 0.004: the worst backtest missed by 0.4 points per doubling
 */
export function backtestSlack(points: readonly CurvePoint[], weights: readonly WeighedFamily[] = weighFamilies(points)): number {
  return Math.max(0, ...backtestMisses((pts) => combined(weights, pts), points).map(Math.abs));
}

/** One bootstrap replicate: every family refitted on redrawn points, combined with the given weights. */
interface Replicate {
  at(n: number): number;
  power?: FamilyFit;
}

function replicate(weights: readonly WeighedFamily[], points: readonly CurvePoint[]): Replicate | undefined {
  const fits = weights.map((w) => ({ w: w.weight, f: fitFamily(w.family, points) }));
  const ok = fits.filter((x): x is { w: number; f: FamilyFit } => !!x.f && x.w > 0);
  const total = ok.reduce((s, x) => s + x.w, 0);
  if (ok.length === 0 || total <= 0) return undefined;
  return { at: (n) => ok.reduce((s, x) => s + (x.w / total) * x.f.at(n), 0), power: fits.find((x) => x.f?.family === 'power-law')?.f };
}

/**
 * Weighs the curve's families and predicts at the current labels, at `multiples` of them and for the target.
 *
 * @example
 * const f = forecast(points, { available: 2000, seed: 42, target: 0.9 });
 * f.at[0].mean; f.target?.moreLabels;
 */
export function forecast(points: readonly CurvePoint[], o: ForecastOptions): Forecast {
  const warnings: string[] = [];
  const multiples = o.multiples ?? [2, 5, 10];
  const ns = [o.available, ...multiples.map((m) => Math.round(m * o.available))];
  const sizes = bySize(points);
  const families = weighFamilies(points);
  const main = replicate(families, points);
  if (!main) {
    warnings.push(sizes.length < 3 ? 'fewer than 3 curve sizes: no extrapolation' : 'the learning curve could not be fitted');
    return {
      available: o.available, fit: null, families, sizes: sizes.length, reliable: false, current: { multiple: 1, n: o.available, mean: sizes.at(-1)?.mean ?? 0, ci95: null }, at: [],
      ceiling: null, slackPerDoubling: 0, target: o.target === undefined ? null : { accuracy: o.target, reach: 'out-of-reach', moreLabels: null, totalRange: null }, warnings,
    };
  }
  if (!main.power) warnings.push('the power law could not be fitted: the forecast rests on the error-rate laws alone');
  const resamples = o.resamples ?? 200;
  const rng = new Rng(o.seed ^ 0x5eed);
  const boots: Replicate[] = [];
  for (let r = 0; r < resamples; r++) {
    const redrawn = points.map((p) => {
      const se = Math.max(p.se ?? 0, SE_FLOOR);
      return { n: p.n, mean: Math.min(Math.max(p.mean + se * rng.normal(), 0), 1), se };
    });
    const b = replicate(families, redrawn);
    if (b) boots.push(b);
  }
  if (boots.length < resamples * 0.8) warnings.push(`only ${boots.length} of ${resamples} bootstrap refits converged`);
  const slack = backtestSlack(points, families);
  const largest = sizes.at(-1)!.n;
  const predict = (multiple: number, n: number): ForecastPoint => {
    const mean = main.at(n);
    if (boots.length < 10) return { multiple, n, mean, ci95: null };
    const vals = boots.map((b) => b.at(n)).sort((a, b) => a - b);
    const widen = slack * Math.max(0, Math.log2(n / largest));
    const lo = Math.max(0, Math.min(percentile(vals, 0.025), mean) - widen);
    const hi = Math.min(1, Math.max(percentile(vals, 0.975), mean) + widen);
    return { multiple, n, mean, ci95: [lo, hi] };
  };
  const current = predict(1, o.available);
  const at = multiples.map((m, i) => predict(m, ns[i + 1]!));
  const powerBoots = boots.map((b) => b.power?.params.a).filter((a): a is number => a !== undefined).sort((a, b) => a - b);
  const p = main.power?.params;
  const ceiling = p ? { mean: p.a!, ci95: powerBoots.length >= 10 ? [Math.min(percentile(powerBoots, 0.025), p.a!), Math.max(percentile(powerBoots, 0.975), p.a!)] as [number, number] : null } : null;
  const twoX = predict(2, 2 * o.available);
  const tenX = at.at(-1);
  const halfWidth = twoX.ci95 ? (twoX.ci95[1] - twoX.ci95[0]) / 2 : Number.POSITIVE_INFINITY;
  const reliable = sizes.length >= MIN_RELIABLE_SIZES && boots.length >= resamples * 0.8 && (multiples.length === 0 || !!tenX?.ci95) && halfWidth <= constant('maxForecastHalfWidth');
  if (sizes.length < MIN_RELIABLE_SIZES) warnings.push(`the learning curve has ${sizes.length} sizes: at least ${MIN_RELIABLE_SIZES} are needed to check its extrapolation`);
  else if (halfWidth > constant('maxForecastHalfWidth')) warnings.push(`the forecast at 2× the labels spans ± ${(100 * halfWidth).toFixed(1)} points: the curve's backtests miss by up to ${(100 * slack).toFixed(1)} points per doubling`);
  if (!reliable) warnings.push('no reliable extrapolation: the curve does not pin down what more data gives');
  return {
    available: o.available, fit: p ? { a: p.a!, b: p.b!, c: p.c! } : null, families, sizes: sizes.length, reliable, current, at, ceiling, slackPerDoubling: slack,
    target: o.target === undefined ? null : targetForecast(o.target, main, boots, o.available, current.mean), warnings,
  };
}

function targetForecast(target: number, main: Replicate, boots: readonly Replicate[], available: number, now: number): TargetForecast {
  if (now >= target) return { accuracy: target, reach: 'now', moreLabels: 0, totalRange: [available, available] };
  const limit = constant('maxExtrapolation') * available;
  const needed = rowsToReach(main.at, target, available, limit);
  const totals = boots.map((b) => rowsToReach(b.at, target, available, limit)).sort((a, b) => a - b);
  const lo = totals.length ? percentile(totals, 0.025) : needed;
  const hi = totals.length ? percentile(totals, 0.975) : needed;
  const totalRange: [number, number | null] = [Math.round(Math.min(lo, needed === Number.POSITIVE_INFINITY ? lo : needed)), Number.isFinite(hi) && hi <= limit ? Math.round(Math.max(hi, needed)) : null];
  if (!Number.isFinite(needed)) return { accuracy: target, reach: 'out-of-reach', moreLabels: null, totalRange: Number.isFinite(totalRange[0]) ? totalRange : null };
  return { accuracy: target, reach: 'labels', moreLabels: Math.max(0, Math.ceil(needed - available)), totalRange };
}
