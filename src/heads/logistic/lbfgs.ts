/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., algorithms 7.4, 3.5 and 3.6), in Float64. Stops when the gradient's
 * largest component is below `gtol` (scipy's `pgtol`, which scikit-learn passes its `tol` as)
 * or the relative decrease of f is below `ftol` (then it has converged only if the
 * gradient test also holds: a stall above the tolerance is reported as such).
 */

import { throwIfAborted } from '../../core/index.js';
import { maxAbs } from '../math.js';

/** Writes ∇f(x) into grad and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  /** Relative decrease of f under which progress counts as finished (scipy: 1e7·eps). */
  ftol?: number;
  /** History length; 10 matches scipy's default `maxcor`. */
  memory?: number;
  signal?: AbortSignal;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Largest gradient component at the returned point. */
  gradMax: number;
  /** Why it stopped, in words (goes into warnings when not converged). */
  reason: string;
}

const C1 = 1e-4; // sufficient decrease (Armijo); the textbook value
const C2 = 0.9; // curvature; 0.9 is the quasi-Newton recommendation (few evaluations per step)
const MAX_LS = 40;

export function minimizeLbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 1e7 * Number.EPSILON;
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
  let stalls = 0;
  let f = fg(x, g);
  const done = (iterations: number, converged: boolean, reason: string): LbfgsResult =>
    ({ x, f, iterations, evaluations, converged, gradMax: maxAbs(g), reason });
  if (!Number.isFinite(f)) return done(0, false, 'objective is not finite at the starting point');

  for (let iter = 0; ; iter++) {
    if (maxAbs(g) <= opts.gtol) return done(iter, true, 'gradient below tolerance');
    if (iter >= opts.maxIter) {
      return done(iter, false, `stopped after maxIter = ${opts.maxIter} iterations`);
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
    const ls = lineSearch(fg, x, f, dg, d, step0, xNew, gNew);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      if (hist > 0) {
        hist = 0; // retry once from steepest descent before giving up
        continue;
      }
      const ok = maxAbs(g) <= opts.gtol;
      return done(iter, ok, ok ? 'gradient below tolerance' : 'line search could not find a step that decreases the loss');
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
    // One step that barely lowers f can be a poor direction rather than the floor: stop
    // only after three such steps in a row.
    stalls = (fOld - f) <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1) ? stalls + 1 : 0;
    if (stalls >= 3) {
      const ok = maxAbs(g) <= opts.gtol;
      return done(iter + 1, ok, ok ? 'gradient below tolerance' : 'the loss stopped decreasing (round-off floor)');
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

function vdot(a: Float64Array, b: Float64Array): number {
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
