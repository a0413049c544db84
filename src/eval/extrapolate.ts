/**
 * Learning-curve extrapolation: fits the saturating inverse power law
 *
 *   acc(n) = a − b · n^(−c),   0 < a < 1, b > 0, c > 0
 *
 * to (training examples, mean score) points by weighted Levenberg–Marquardt, and
 * predicts the score at larger n with a delta-method 95% interval.
 */
import { tQuantile975 } from './stats.js';

export interface CurvePoint {
  /** Training examples used. */
  n: number;
  /** Mean score over seeds, in [0, 1]. */
  mean: number;
  /** Standard error of the mean over seeds, if known (weights the fit). */
  se?: number;
}

export interface PowerLawFit {
  a: number;
  b: number;
  c: number;
  /** Weighted residual sum of squares at the optimum. */
  rss: number;
  /** Covariance of the internal parameters (logit a, ln b, ln c); used for intervals. */
  cov: number[][];
  /** Quantile multiplying the standard error for a 95% interval. */
  tq: number;
  converged: boolean;
  warnings: string[];
}

export interface Prediction {
  n: number;
  mean: number;
  /**
   * 95% interval, clamped to [0, 1]; null when the fit gives no finite uncertainty there (the
   * parameters are not identifiable, e.g. a ceiling at 1, or there are as many points as parameters).
   */
  ci95: [number, number] | null;
}

const SE_FLOOR = 0.002; // a point measured with ~zero spread must not dominate the fit

function unpack(t: readonly number[]): [number, number, number] {
  return [1 / (1 + Math.exp(-t[0]!)), Math.exp(t[1]!), Math.exp(t[2]!)];
}

/** f(n) and its gradient with respect to the internal parameters. */
function evalWithGrad(t: readonly number[], n: number): [number, number[]] {
  const [a, b, c] = unpack(t);
  const p = Math.pow(n, -c);
  const f = a - b * p;
  return [f, [a * (1 - a), -b * p, b * p * Math.log(n) * c]];
}

function solve3(A: number[][], r: number[]): number[] | undefined {
  const m = A.map((row, i) => [...row, r[i]!]);
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let i = col + 1; i < 3; i++) if (Math.abs(m[i]![col]!) > Math.abs(m[piv]![col]!)) piv = i;
    if (Math.abs(m[piv]![col]!) < 1e-300) return undefined;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    for (let i = 0; i < 3; i++) {
      if (i === col) continue;
      const f = m[i]![col]! / m[col]![col]!;
      for (let j = col; j < 4; j++) m[i]![j]! -= f * m[col]![j]!;
    }
  }
  return [0, 1, 2].map((i) => m[i]![3]! / m[i]![i]!);
}

function invert3(A: number[][]): number[][] | undefined {
  const cols = [0, 1, 2].map((j) => solve3(A, [0, 1, 2].map((i) => (i === j ? 1 : 0))));
  if (cols.some((c) => c === undefined || c.some((v) => !Number.isFinite(v)))) return undefined;
  return [0, 1, 2].map((i) => [0, 1, 2].map((j) => cols[j]![i]!));
}

interface Normal {
  rss: number;
  jtj: number[][];
  jtr: number[];
}

function normalEquations(t: readonly number[], pts: readonly CurvePoint[], w: readonly number[]): Normal {
  const jtj = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const jtr = [0, 0, 0];
  let rss = 0;
  pts.forEach((p, i) => {
    const [f, g] = evalWithGrad(t, p.n);
    const r = p.mean - f;
    rss += w[i]! * r * r;
    for (let j = 0; j < 3; j++) {
      jtr[j]! += w[i]! * g[j]! * r;
      for (let k = 0; k < 3; k++) jtj[j]![k]! += w[i]! * g[j]! * g[k]!;
    }
  });
  return { rss, jtj, jtr };
}

/** Levenberg–Marquardt from one start; returns the internal parameters and final state. */
function levenbergMarquardt(start: number[], pts: readonly CurvePoint[], w: readonly number[]): { t: number[]; ne: Normal; converged: boolean } {
  let t = start;
  let ne = normalEquations(t, pts, w);
  let lambda = 1e-3;
  for (let iter = 0; iter < 500; iter++) {
    const damped = ne.jtj.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) + 1e-12 : v)));
    const step = solve3(damped, ne.jtr);
    if (!step) return { t, ne, converged: false };
    const cand = t.map((v, i) => v + step[i]!);
    const cne = normalEquations(cand, pts, w);
    if (Number.isFinite(cne.rss) && cne.rss <= ne.rss) {
      const gain = ne.rss - cne.rss;
      t = cand;
      ne = cne;
      lambda = Math.max(lambda / 3, 1e-12);
      if (gain <= 1e-14 * (1 + ne.rss) && Math.max(...step.map(Math.abs)) < 1e-8) return { t, ne, converged: true };
    } else {
      lambda *= 4;
      if (lambda > 1e12) return { t, ne, converged: true }; // no step improves: at a minimum
    }
  }
  return { t, ne, converged: false };
}

/**
 * Fits acc(n) = a − b·n^(−c) to learning-curve points (needs ≥ 3 distinct sizes).
 * Points with a standard error are weighted by 1/se²; otherwise equally.
 *
 * @example
 * const fit = fitPowerLaw([{ n: 16, mean: 0.6 }, { n: 32, mean: 0.7 }, { n: 64, mean: 0.76 }, { n: 128, mean: 0.8 }]);
 * predictAt(fit, 256).mean;
 */
export function fitPowerLaw(points: readonly CurvePoint[]): PowerLawFit {
  const pts = points.filter((p) => p.n > 0 && Number.isFinite(p.mean));
  const warnings: string[] = [];
  if (new Set(pts.map((p) => p.n)).size < 3) {
    throw new RangeError(`A learning curve needs at least 3 distinct sizes to extrapolate, got ${pts.length}.`);
  }
  const hasSe = pts.every((p) => p.se !== undefined && Number.isFinite(p.se));
  const w = pts.map((p) => (hasSe ? 1 / Math.max(p.se!, SE_FLOOR) ** 2 : 1));
  const top = Math.max(...pts.map((p) => p.mean));
  const nMin = Math.min(...pts.map((p) => p.n));
  const yMin = pts.find((p) => p.n === nMin)!.mean;
  // Several starts: the surface is flat along (b, c) when the curve has already saturated.
  let best: { t: number[]; ne: Normal; converged: boolean } | undefined;
  for (const c0 of [0.2, 0.5, 1]) {
    for (const headroom of [0.02, 0.1]) {
      const a0 = Math.min(top + headroom, 0.999);
      const b0 = Math.max((a0 - yMin) * Math.pow(nMin, c0), 1e-6);
      const r = levenbergMarquardt([Math.log(a0 / (1 - a0)), Math.log(b0), Math.log(c0)], pts, w);
      if (!best || r.ne.rss < best.ne.rss) best = r;
    }
  }
  const { t, ne, converged } = best!;
  if (!converged) warnings.push('curve fit did not converge; extrapolation is unreliable');
  const dof = pts.length - 3;
  // Known per-point errors: scale by the reduced chi² only when the fit is worse than they say.
  const scale = hasSe ? Math.max(1, dof > 0 ? ne.rss / dof : 1) : dof > 0 ? ne.rss / dof : Number.NaN;
  const inv = invert3(ne.jtj);
  if (!inv) warnings.push('curve parameters are not identifiable from these points (flat curve); intervals are wide');
  const cov = inv ? inv.map((row) => row.map((v) => v * scale)) : [[Infinity, 0, 0], [0, Infinity, 0], [0, 0, Infinity]];
  if (dof <= 0 && !hasSe) warnings.push('as many parameters as points: no uncertainty estimate');
  const tq = hasSe ? 1.959964 : tQuantile975(Math.max(dof, 1));
  const [a, b, c] = unpack(t);
  return { a, b, c, rss: ne.rss, cov, tq, converged, warnings };
}

/** The fitted curve's value at n with a 95% interval (clamped to [0, 1]; null when there is none). */
export function predictAt(fit: PowerLawFit, n: number): Prediction {
  const t = [Math.log(fit.a / (1 - fit.a)), Math.log(fit.b), Math.log(fit.c)];
  const [f, g] = evalWithGrad(t, n);
  let v = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += g[i]! * fit.cov[i]![j]! * g[j]!;
  const mean = clamp01(f);
  // NaN (0 × ∞ when the ceiling sits at 1) or ∞ means the points do not pin the curve down here:
  // no interval, rather than a clamped one that need not even contain the estimate.
  if (!Number.isFinite(v) || !Number.isFinite(f)) return { n, mean, ci95: null };
  const h = fit.tq * Math.sqrt(Math.max(v, 0));
  return { n, mean, ci95: [clamp01(f - h), clamp01(f + h)] };
}

function clamp01(x: number): number {
  return Number.isNaN(x) ? x : Math.min(Math.max(x, 0), 1);
}

export interface Extrapolation {
  fit: PowerLawFit;
  /** Training examples available now (the largest curve point). */
  available: number;
  current: Prediction;
  at2x: Prediction;
  at10x: Prediction;
  /**
   * Whether the fit supports a prediction at all: it converged and gives a finite interval at
   * 10× that contains its own estimate. When false, `sentence` says there is no reliable
   * extrapolation and `moreDataHelps` is false.
   */
  reliable: boolean;
  /** Whether 10× the data is predicted to gain at least `minGain` (false when not reliable). */
  moreDataHelps: boolean;
  sentence: string;
}

/** The parts of an extrapolation its sentence is written from (a stored result has them too). */
export interface ExtrapolationFacts {
  current: Prediction;
  at10x: Prediction;
  reliable: boolean;
  moreDataHelps: boolean;
  warnings: readonly string[];
}

/**
 * Whether an interval is one worth printing: finite and containing its own estimate.
 *
 * @example
 * validInterval(0.999, [1, 1]); // false
 */
export function validInterval(mean: number, ci: readonly [number, number] | null | undefined): ci is [number, number] {
  return !!ci && Number.isFinite(ci[0]) && Number.isFinite(ci[1]) && ci[0] <= mean && mean <= ci[1];
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * The plain sentence for an extrapolation, written from its numbers (so that a run stored by an
 * older version, whose sentence printed a clamped interval, reads correctly too).
 *
 * @example
 * extrapolationSentence(run.entries[0].extrapolation); // a stored ExtrapolationResult
 */
export function extrapolationSentence(x: ExtrapolationFacts): string {
  if (!x.reliable || !validInterval(x.at10x.mean, x.at10x.ci95)) {
    const why = x.warnings.length ? ` (${x.warnings.join('; ')})` : '';
    return `No reliable extrapolation: the learning curve does not pin down what more data would give${why}; ` +
      `measured ${pct(x.current.mean)} with the data available now.`;
  }
  const range = `(95% CI ${pct(x.at10x.ci95![0])}–${pct(x.at10x.ci95![1])})`;
  return x.moreDataHelps
    ? `More data would help: 10× the data (${x.at10x.n} examples) is predicted to reach ${pct(x.at10x.mean)} ${range}, up from ${pct(x.current.mean)}.`
    : `More data would not move this much: 10× the data is predicted to reach ${pct(x.at10x.mean)} ${range}, vs ${pct(x.current.mean)} now; try a different backbone or strategy instead.`;
}

/**
 * Fits the curve and predicts at 2× and 10× the available data, with a plain sentence.
 * `minGain` (default 0.01, one point of accuracy) is the smallest gain worth collecting for.
 *
 * @example
 * const x = extrapolate([{ n: 16, mean: 0.6 }, { n: 32, mean: 0.7 }, { n: 64, mean: 0.76 }, { n: 128, mean: 0.8 }]);
 * x.reliable ? x.at10x.ci95 : x.sentence;
 */
export function extrapolate(points: readonly CurvePoint[], minGain = 0.01): Extrapolation {
  const fit = fitPowerLaw(points);
  const available = Math.max(...points.map((p) => p.n));
  const current = predictAt(fit, available);
  const at2x = predictAt(fit, 2 * available);
  const at10x = predictAt(fit, 10 * available);
  const reliable = fit.converged && validInterval(at10x.mean, at10x.ci95);
  const moreDataHelps = reliable && at10x.mean - current.mean >= minGain;
  const sentence = extrapolationSentence({ current, at10x, reliable, moreDataHelps, warnings: fit.warnings });
  return { fit, available, current, at2x, at10x, reliable, moreDataHelps, sentence };
}
