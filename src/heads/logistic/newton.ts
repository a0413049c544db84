/**
 * A trust-region Newton method with truncated conjugate gradients (TRON: Lin & Moré 1999, as
 * liblinear runs it for logistic regression; Steihaug's CG inside the region), in Float64. Each
 * outer step costs one gradient pass (f and ∇f at the trial point) plus one Hessian–vector
 * product per CG step (hessian.ts): on weakly regularised problems, where L-BFGS needs hundreds
 * of gradient passes, Newton's steps converge in tens of products.
 *
 * CG stops at a relative residual ‖r‖ ≤ η‖g‖ with η = min(ETA_MAX, √(‖g‖/‖g₀‖)) (a forcing term
 * in Eisenstat and Walker's spirit: loose far from the optimum, tight near it, so the outer
 * steps converge superlinearly), or on the region's boundary. No preconditioner: on banking77
 * the Hessian's diagonal (exact, or its class × feature product) made CG slower, 2–4× the steps;
 * a Kronecker one ([X 1]ᵀ[X 1]/n per class) cut them ~3× but costs a d³ factorisation and
 * K·d² per step (bench/RESULTS.md, speed-fit).
 *
 * It stops, counted as converged, on the same two tests as lbfgs.ts (scipy's): `gtol` (the
 * gradient's largest component) and `ftol`, here on the distance to the optimum f − f* rather
 * than on one step's decrease: the quadratic model's decrease for the next step (computed, when
 * the CG step stays inside the region), or after an accepted step, its decrease times
 * (‖g_new‖/‖g‖)² (f − f* ≈ ½gᵀH⁻¹g shrinks with ‖g‖²), at or under a relative ftol. An L-BFGS
 * step of relative decrease ftol typically leaves f 10–100× ftol above f*, so Newton stops
 * closer to the optimum than L-BFGS at the same ftol (test/heads/logistic-newton.test.ts).
 */

import { throwIfAborted } from '../../core/index.js';
import { maxAbs } from '../../math/index.js';
import { vdot as dot, type LbfgsStop } from './lbfgs.js';

/** f and ∇f at x; `keep` receives what `hv` needs to multiply by the Hessian at x. */
export type KeepingObjective = (x: Float64Array, grad: Float64Array, keep: Float64Array) => number;

export interface SecondOrder {
  fg: KeepingObjective;
  /** H(x) v into out, for the x whose `keep` is given. */
  hv: (keep: Float64Array, v: Float64Array, out: Float64Array) => void;
  /** Length of `keep`. */
  keepLength: number;
}

export interface NewtonOptions {
  maxIter: number;
  gtol: number;
  ftol: number;
  /** The floor of the ftol denominator, as lbfgs.ts's. */
  ftolFloor?: number;
  /** Cap on CG steps per outer step. */
  maxCg?: number;
  signal?: AbortSignal;
}

export interface NewtonResult {
  x: Float64Array;
  f: number;
  /** Outer (Newton) steps taken, accepted or not. */
  iterations: number;
  /** Gradient passes (f and ∇f), the first included. */
  evaluations: number;
  /** Hessian–vector products (CG steps). */
  products: number;
  converged: boolean;
  gradMax: number;
  stop: LbfgsStop;
  reason: string;
}

const ETA_MAX = 0.5;
const DEFAULT_MAX_CG = 250;
// Lin & Moré's (liblinear's) acceptance and radius rules.
const ETA0 = 1e-4, ETA1 = 0.25, ETA2 = 0.75;
const SIGMA1 = 0.25, SIGMA2 = 0.5, SIGMA3 = 4;

export function minimizeNewton(so: SecondOrder, x0: Float64Array, opts: NewtonOptions): NewtonResult {
  const N = x0.length;
  const floor = opts.ftolFloor ?? 1;
  const maxCg = opts.maxCg ?? DEFAULT_MAX_CG;
  let x = Float64Array.from(x0);
  let xNew = new Float64Array(N);
  let g = new Float64Array(N);
  let gNew = new Float64Array(N);
  let keep = new Float64Array(so.keepLength);
  let keepNew = new Float64Array(so.keepLength);
  const s = new Float64Array(N), r = new Float64Array(N);
  const cg = { d: new Float64Array(N), Hd: new Float64Array(N) };
  let evaluations = 1, products = 0;
  let f = so.fg(x, g, keep);
  const done = (iterations: number, converged: boolean, stop: LbfgsStop, reason: string): NewtonResult =>
    ({ x, f, iterations, evaluations, products, converged, gradMax: maxAbs(g), stop, reason });
  if (!Number.isFinite(f)) return done(0, false, 'nonFinite', 'objective is not finite at the starting point');
  const g0 = norm(g);
  let delta = -1;
  let rejected = 0;
  for (let iter = 0; ; iter++) {
    if (maxAbs(g) <= opts.gtol) return done(iter, true, 'gtol', 'gradient below tolerance');
    if (iter >= opts.maxIter) return done(iter, false, 'maxIter', `stopped after maxIter = ${opts.maxIter} iterations`);
    throwIfAborted(opts.signal);
    const gn = norm(g);
    if (delta < 0) delta = gn; // Lin & Moré's first radius, the gradient's norm
    const eta = Math.min(ETA_MAX, Math.sqrt(gn / g0));
    const steps = steihaug(so, keep, g, delta, eta * gn, maxCg, s, r, cg);
    products += steps.products;
    // Model decrease −(gᵀs + ½ sᵀHs) = −½(gᵀs − sᵀr), r = −g − Hs being CG's residual.
    const gs = dot(g, s);
    const predicted = -0.5 * (gs - dot(s, r));
    const scale = Math.max(Math.abs(f), floor);
    if (!steps.boundary && predicted <= opts.ftol * scale) {
      return done(iter, true, 'ftol', `predicted decrease of the next Newton step ≤ ftol = ${opts.ftol.toExponential(2)} (relative)`);
    }
    for (let j = 0; j < N; j++) xNew[j] = x[j]! + s[j]!;
    evaluations++;
    const fNew = so.fg(xNew, gNew, keepNew);
    const actual = f - fNew;
    const sn = norm(s);
    if (iter === 0) delta = Math.min(delta, sn);
    const curv = fNew - f - gs;
    const alpha = !Number.isFinite(fNew) ? SIGMA1 : curv <= 0 ? SIGMA3 : Math.max(SIGMA1, -0.5 * (gs / curv));
    if (!Number.isFinite(fNew) || actual < ETA0 * predicted) delta = Math.min(alpha * sn, SIGMA2 * delta);
    else if (actual < ETA1 * predicted) delta = Math.max(SIGMA1 * delta, Math.min(alpha * sn, SIGMA2 * delta));
    else if (actual < ETA2 * predicted) delta = Math.max(SIGMA1 * delta, Math.min(alpha * sn, SIGMA3 * delta));
    else delta = Math.max(delta, Math.min(alpha * sn, SIGMA3 * delta));
    if (Number.isFinite(fNew) && actual > ETA0 * predicted) {
      rejected = 0;
      [x, xNew] = [xNew, x];
      [g, gNew] = [gNew, g];
      [keep, keepNew] = [keepNew, keep];
      f = fNew;
      // f − f* ≈ ½ gᵀH⁻¹g shrinks with ‖g‖²; this step's decrease stands for the gap before it
      // (a step cut short by the region: only its own decrease counts, as in L-BFGS).
      const gap = steps.boundary ? actual : actual * Math.min(1, (norm(g) / gn) ** 2);
      if (gap <= opts.ftol * Math.max(Math.abs(f), floor)) {
        if (maxAbs(g) <= opts.gtol) return done(iter + 1, true, 'gtol', 'gradient below tolerance');
        return done(iter + 1, true, 'ftol', `estimated distance to the optimum ≤ ftol = ${opts.ftol.toExponential(2)} (relative)`);
      }
    } else if (++rejected >= 20 || delta <= 1e-12) {
      return done(iter + 1, maxAbs(g) <= opts.gtol, 'stall', 'the trust region shrank to nothing without a step that lowers the loss');
    }
  }
}

/**
 * Steihaug's CG on H s = −g inside ‖s‖ ≤ delta: s, and r = −g − H s. Stops at ‖r‖ ≤ rtol, on
 * the boundary (a step past it, or non-positive curvature), or after maxCg steps.
 */
function steihaug(
  so: SecondOrder, keep: Float64Array, g: Float64Array, delta: number, rtol: number, maxCg: number,
  s: Float64Array, r: Float64Array, w: { d: Float64Array; Hd: Float64Array },
): { products: number; boundary: boolean } {
  const N = g.length;
  const { d, Hd } = w;
  s.fill(0);
  for (let j = 0; j < N; j++) r[j] = -g[j]!;
  d.set(r);
  let rr = dot(r, r);
  for (let k = 0; k < maxCg; k++) {
    if (Math.sqrt(rr) <= rtol) return { products: k, boundary: false };
    so.hv(keep, d, Hd);
    const dHd = dot(d, Hd);
    const alpha = rr / dHd;
    if (!(dHd > 0) || normAfter(s, d, alpha) > delta) {
      const tau = toBoundary(s, d, delta);
      for (let j = 0; j < N; j++) { s[j] = s[j]! + tau * d[j]!; r[j] = r[j]! - tau * Hd[j]!; }
      return { products: k + 1, boundary: true };
    }
    for (let j = 0; j < N; j++) { s[j] = s[j]! + alpha * d[j]!; r[j] = r[j]! - alpha * Hd[j]!; }
    const rrNew = dot(r, r);
    const beta = rrNew / rr;
    rr = rrNew;
    for (let j = 0; j < N; j++) d[j] = r[j]! + beta * d[j]!;
  }
  return { products: maxCg, boundary: false };
}

/** ‖s + a·d‖. */
function normAfter(s: Float64Array, d: Float64Array, a: number): number {
  let t = 0;
  for (let j = 0; j < s.length; j++) { const v = s[j]! + a * d[j]!; t += v * v; }
  return Math.sqrt(t);
}

/** τ ≥ 0 with ‖s + τ d‖ = delta (s inside the region). */
function toBoundary(s: Float64Array, d: Float64Array, delta: number): number {
  const sd = dot(s, d), dd = dot(d, d), c = dot(s, s) - delta * delta;
  const rad = Math.sqrt(Math.max(0, sd * sd - dd * c));
  return sd >= 0 ? -c / (sd + rad) : (rad - sd) / dd;
}

function norm(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}
