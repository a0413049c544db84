/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., algorithms 7.4, 3.5 and 3.6), in Float64. Stops, as scipy's
 * L-BFGS-B does, on either of two tests, both counted as converged:
 *
 * - `gtol`: the gradient's largest component is ≤ gtol (scipy's `pgtol`, which scikit-learn
 *   passes its `tol` as);
 * - `ftol`: one step lowered f by a relative amount (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)
 *   ≤ ftol (scipy's `factr·eps`). The gradient may then still be above gtol: the result's
 *   `stop` and `gradMax` say so.
 *
 * With `ftol: 0` the relative test is off; a step that does not lower f at all still stops
 * (criterion `stall`, converged only if the gradient test holds), as scipy with ftol = 0.
 */

import { throwIfAborted } from '../../core/index.js';
import { maxAbs } from '../../math/index.js';

/** Writes ∇f(x) into grad and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  /**
   * Relative decrease of f in one step at or under which the minimiser stops (converged).
   * Default 1e7·eps ≈ 2.2e-9, scipy's L-BFGS-B default, which scikit-learn 1.2 keeps. 0: off.
   */
  ftol?: number;
  /**
   * The floor of the ftol denominator max(|f_k|, |f_{k+1}|, floor); scipy's is 1. A caller
   * minimising f = F / s to test F as scipy would passes 1 / s. Default 1.
   */
  ftolFloor?: number;
  /** History length; 10 matches scipy's default `maxcor`. */
  memory?: number;
  signal?: AbortSignal;
  /**
   * A cheaper, rounder `fg` to start with (Float32 products): the minimiser runs on it until
   * one of its stopping tests would hold (or its line search fails), then re-evaluates f and
   * ∇f at that point with the precise `fg`, keeps the history, and goes on; every stopping
   * test that ends the fit is the precise objective's. `switchFtol`: the relative decrease
   * at or under which it switches (at least `ftol`: the rounding of the fast objective must be
   * below what it still resolves).
   */
  fast?: { fg: Objective; switchFtol: number };
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Largest gradient component at the returned point. */
  gradMax: number;
  /** Which test stopped it (see the module comment). */
  stop: LbfgsStop;
  /** Why it stopped, in words (goes into warnings when not converged). */
  reason: string;
}

export type LbfgsStop = 'gtol' | 'ftol' | 'stall' | 'maxIter' | 'lineSearch' | 'nonFinite';

/** scipy's default `ftol` for L-BFGS-B (factr = 1e7 times machine epsilon). */
export const SCIPY_FTOL = 1e7 * Number.EPSILON;

const C1 = 1e-4; // sufficient decrease (Armijo); the textbook value
const C2 = 0.9; // curvature; 0.9 is the quasi-Newton recommendation (few evaluations per step)
const MAX_LS = 40;

export function minimizeLbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? SCIPY_FTOL;
  const floor = opts.ftolFloor ?? 1;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  let sSpare = new Float64Array(n);
  let ySpare = new Float64Array(n);
  const a = new Float64Array(m);
  let hist = 0; // entries stored
  let head = 0; // slot for the next entry
  let evaluations = 1;
  // The objective in use: the fast one until it has done what it can (opts.fast), then fg.
  let fast = opts.fast;
  let obj: Objective = fast?.fg ?? fg;
  let f = obj(x, g);
  /** Moves to the precise objective at x (one evaluation); the history stays. */
  const precise = (): void => {
    fast = undefined;
    obj = fg;
    evaluations++;
    f = fg(x, g);
  };
  const done = (iterations: number, converged: boolean, stop: LbfgsStop, reason: string): LbfgsResult =>
    ({ x, f, iterations, evaluations, converged, gradMax: maxAbs(g), stop, reason });
  const gradOk = (iterations: number): LbfgsResult | null =>
    maxAbs(g) <= opts.gtol ? done(iterations, true, 'gtol', 'gradient below tolerance') : null;
  if (!Number.isFinite(f)) return done(0, false, 'nonFinite', 'objective is not finite at the starting point');

  for (let iter = 0; ; iter++) {
    if (fast && maxAbs(g) <= opts.gtol) precise();
    const ok = gradOk(iter);
    if (ok) return ok;
    if (iter >= opts.maxIter) {
      return done(iter, false, 'maxIter', `stopped after maxIter = ${opts.maxIter} iterations`);
    }
    throwIfAborted(opts.signal);

    // Two-loop recursion: d = -H·g with H the L-BFGS inverse-Hessian estimate.
    for (let j = 0; j < n; j++) d[j] = g[j]!;
    for (let t = 1; t <= hist; t++) {
      const s = (head - t + m) % m;
      const ai = rho[s]! * vdot(S[s]!, d);
      a[s] = ai;
      axpy(-ai, Y[s]!, d);
    }
    if (hist > 0) {
      const s = (head - 1 + m) % m;
      const yy = vdot(Y[s]!, Y[s]!);
      scale(d, 1 / (rho[s]! * yy)); // γ = sᵀy / yᵀy
    }
    for (let t = hist; t >= 1; t--) {
      const s = (head - t + m) % m;
      const beta = rho[s]! * vdot(Y[s]!, d);
      axpy(a[s]! - beta, S[s]!, d);
    }
    scale(d, -1);
    let dg = vdot(d, g);
    if (!(dg < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      hist = 0;
      for (let j = 0; j < n; j++) d[j] = -g[j]!;
      dg = -vdot(g, g);
    }
    const step0 = hist === 0 ? 1 / Math.sqrt(-dg) : 1; // first step of unit length, as L-BFGS-B
    const ls = lineSearch(obj, x, f, dg, d, step0, xNew, gNew);
    evaluations += ls.evaluations;
    if (!ls.ok && fast) {
      precise();
      continue;
    }
    if (!ls.ok) {
      if (hist > 0) {
        hist = 0; // retry once from steepest descent before giving up
        continue;
      }
      return gradOk(iter) ?? done(iter, false, 'lineSearch', 'line search could not find a step that decreases the loss');
    }

    // Store s = xNew - x, y = gNew - g when the curvature condition holds. The pair is
    // built in a spare slot first, so a rejected pair never overwrites the oldest kept one.
    const sk = sSpare, yk = ySpare;
    for (let j = 0; j < n; j++) {
      sk[j] = xNew[j]! - x[j]!;
      yk[j] = gNew[j]! - g[j]!;
    }
    const sy = vdot(sk, yk);
    if (sy > 1e-10 * vdot(yk, yk)) {
      [sSpare, S[head]] = [S[head]!, sk];
      [ySpare, Y[head]] = [Y[head]!, yk];
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      hist = Math.min(hist + 1, m);
    }
    const fOld = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = ls.f;
    // scipy's order: the gradient test first, then the relative decrease of this one step.
    const decrease = fOld - f;
    if (fast) {
      if (decrease <= Math.max(fast.switchFtol, ftol) * Math.max(Math.abs(fOld), Math.abs(f), floor)) precise();
      continue;
    }
    if (decrease <= ftol * Math.max(Math.abs(fOld), Math.abs(f), floor)) {
      const gok = gradOk(iter + 1);
      if (gok) return gok;
      if (ftol > 0) {
        return done(iter + 1, true, 'ftol', `relative decrease of the loss ≤ ftol = ${ftol.toExponential(2)}`);
      }
      return done(iter + 1, false, 'stall', 'the loss stopped decreasing (round-off floor)');
    }
  }
}

interface LineSearchResult { ok: boolean; f: number; evaluations: number }

/** Strong-Wolfe line search: bracket, then zoom by safeguarded cubic interpolation. */
function lineSearch(
  fg: Objective, x: Float64Array, f0: number, dg0: number, d: Float64Array, step0: number,
  xNew: Float64Array, gNew: Float64Array,
): LineSearchResult {
  let evaluations = 0;
  const phi = (t: number): { f: number; dg: number } => {
    for (let j = 0; j < x.length; j++) xNew[j] = x[j]! + t * d[j]!;
    evaluations++;
    const f = fg(xNew, gNew);
    return { f, dg: vdot(gNew, d) };
  };
  const armijo = (t: number, f: number): boolean => f <= f0 + C1 * t * dg0;
  const curvature = (dg: number): boolean => Math.abs(dg) <= -C2 * dg0;

  let lo = 0, flo = f0, dlo = dg0;
  let t = step0;
  let hi = NaN, fhi = NaN, dhi = NaN;
  for (let i = 0; i < MAX_LS; i++) {
    const p = phi(t);
    if (!Number.isFinite(p.f)) { // overflowed: the step was far too long
      t = lo + (t - lo) * 0.1;
      continue;
    }
    if (!armijo(t, p.f) || (i > 0 && p.f >= flo)) { hi = t; fhi = p.f; dhi = p.dg; break; }
    if (curvature(p.dg)) return { ok: true, f: p.f, evaluations };
    if (p.dg >= 0) { hi = lo; fhi = flo; dhi = dlo; lo = t; flo = p.f; dlo = p.dg; break; }
    lo = t; flo = p.f; dlo = p.dg;
    t *= 4; // extrapolate as MINPACK-2 dcsrch (xtrapu = 4)
  }
  if (Number.isNaN(hi)) return { ok: false, f: f0, evaluations };

  // Zoom: [lo, hi] brackets a Wolfe point; lo is the best point satisfying Armijo so far.
  for (let i = 0; i < MAX_LS; i++) {
    t = cubicMin(lo, flo, dlo, hi, fhi, dhi);
    const p = phi(t);
    if (!Number.isFinite(p.f) || !armijo(t, p.f) || p.f >= flo) {
      hi = t; fhi = p.f; dhi = p.dg;
    } else {
      if (curvature(p.dg)) return { ok: true, f: p.f, evaluations };
      if (p.dg * (hi - lo) >= 0) { hi = lo; fhi = flo; dhi = dlo; }
      lo = t; flo = p.f; dlo = p.dg;
    }
    if (Math.abs(hi - lo) <= 1e-12 * Math.max(1, Math.abs(lo))) break;
  }
  // No strong-Wolfe point found; accept the best Armijo point if it makes progress.
  if (lo > 0 && flo < f0) {
    const p = phi(lo);
    return { ok: true, f: p.f, evaluations };
  }
  return { ok: false, f: f0, evaluations };
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the interval. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b), hi = Math.max(a, b), w = hi - lo;
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  let t = NaN;
  if (disc >= 0 && Number.isFinite(fb)) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
  }
  // Safeguard: stay 10% away from the ends so the bracket always shrinks.
  if (!Number.isFinite(t) || t < lo + 0.1 * w || t > hi - 0.1 * w) t = (a + b) / 2;
  return t;
}

export function vdot(a: Float64Array, b: Float64Array): number {
  let s0 = 0, s1 = 0;
  const n = a.length;
  let j = 0;
  for (; j + 1 < n; j += 2) { s0 += a[j]! * b[j]!; s1 += a[j + 1]! * b[j + 1]!; }
  if (j < n) s0 += a[j]! * b[j]!;
  return s0 + s1;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] = y[j]! + alpha * x[j]!;
}

function scale(v: Float64Array, s: number): void {
  for (let j = 0; j < v.length; j++) v[j] = v[j]! * s;
}
