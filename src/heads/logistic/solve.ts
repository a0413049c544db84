/** One L-BFGS fit of the logistic objective from a start point (zeros or a warm start). */

import { minimizeLbfgs, type LbfgsStop } from './lbfgs.js';
import { freeRows, makeObjective, prepare, type LogisticProblem, type Prepared } from './objective.js';
import { keptLength, makeHessianProduct } from './hessian.js';
import { minimizeNewton } from './newton.js';

export interface LogisticFit {
  /** [W | b] over the present classes (see objective.ts for the layout). */
  theta: Float64Array;
  iterations: number;
  /** Passes over the rows: gradient evaluations, and (Newton) Hessian–vector products. */
  evaluations: number;
  products: number;
  converged: boolean;
  /** Which test stopped L-BFGS: `gtol` (gradient), `ftol` (relative decrease of the loss), … */
  stop: LbfgsStop;
  /** Largest gradient component where it stopped, on sklearn 1.2's scale (comparable to `tol`). */
  gradMax: number;
  reason: string;
}

/**
 * Fits that stop at a relative decrease of the loss of at least this (`ftol`) multiply in
 * Float32 (softmax model on shared rows: `GemmWorkspace.forwardBackwardF32`, ~2.4× the
 * multiply-adds per second): their products' rounding (~1e-7 relative per logit and gradient
 * entry, so ~1e-8 in the loss's difference between two nearby points) is an order of magnitude
 * under what they resolve. The inner CV's, a score-only refit's and the path's fits (1e-6)
 * do; a default final fit (scipy's 2.2e-9, what `graft fit` saves) ends in Float64: its early
 * steps, down to FLOAT32_FTOL, use the Float32 products when it is large (FLOAT32_START_WORK).
 */
export const FLOAT32_FTOL = 1e-7;

/**
 * Multiply-adds of one evaluation (n·d·K') from which a tighter fit starts on the Float32
 * products and moves to Float64 for its last steps (`minimizeLbfgs`'s `fast`), where the
 * products are the fit's time: 20 M is ~3 ms of Float64 products. A smaller fit is one Float64
 * run, step for step the scipy iteration it is tested against (test/heads/logistic.test.ts).
 */
export const FLOAT32_START_WORK = 2e7;

/**
 * `lbfgs` (default) or `newton`: trust-region Newton with conjugate gradients (newton.ts), its
 * Hessian–vector products in Float32 where the rows are shared.
 */
export const SOLVERS = ['lbfgs', 'newton'] as const;
export type Solver = (typeof SOLVERS)[number];

export interface SolveOptions { maxIter: number; tol: number; ftol: number; memory?: number; signal?: AbortSignal; solver?: Solver }

/** `prep`: the problem's rows already prepared (a path reuses them for every C); built here when absent. */
export function fitLogistic(
  problem: LogisticProblem, warm: Float64Array | null,
  opts: SolveOptions, prep?: Prepared,
): LogisticFit {
  const size = (problem.d + 1) * freeRows(problem.K);
  const x0 = warm ?? new Float64Array(size);
  // Both tests are scipy L-BFGS-B's as scikit-learn 1.2 calls it, on its objective
  // F = Σ sᵢ CE + ‖W‖²/(2C), which is n times ours (mean-scaled, see objective.ts):
  // `tol` bounds max |∇F|, so max |∇f| ≤ tol / n; and the relative decrease
  // (F_k − F_{k+1}) / max(|F_k|, |F_{k+1}|, 1) ≤ ftol is, in f, the same quotient with
  // the floor 1/n instead of 1.
  const n = problem.n;
  const rows = prep ?? prepare(problem);
  const loose = opts.ftol >= FLOAT32_FTOL;
  if (opts.solver === 'newton') {
    const r = minimizeNewton({
      fg: makeObjective(problem, rows, loose), hv: makeHessianProduct(problem, rows, true), keepLength: keptLength(problem),
    }, x0, { maxIter: opts.maxIter, gtol: opts.tol / n, ftol: opts.ftol, ftolFloor: 1 / n, signal: opts.signal });
    return finish(r, opts, n);
  }
  // A tight fit on rows with Float32 products: those until they reach FLOAT32_FTOL, then Float64
  // with the same L-BFGS history; it stops on the Float64 objective's tests, as a Float64 run.
  const fast = !loose && rows.ws?.W32 != null && n * problem.d * freeRows(problem.K) >= FLOAT32_START_WORK
    ? { fg: makeObjective(problem, rows, true), switchFtol: FLOAT32_FTOL } : undefined;
  const r = minimizeLbfgs(makeObjective(problem, rows, loose), x0, {
    maxIter: opts.maxIter, gtol: opts.tol / n, ftol: opts.ftol, ftolFloor: 1 / n, memory: opts.memory, signal: opts.signal, fast,
  });
  return finish({ ...r, products: 0 }, opts, n);
}

function finish(
  r: { x: Float64Array; iterations: number; evaluations: number; products: number; converged: boolean; stop: LbfgsStop; gradMax: number; reason: string },
  opts: SolveOptions, n: number,
): LogisticFit {
  const gradMax = r.gradMax * n;
  const reason = r.stop === 'gtol' ? r.reason : `${r.reason}; max |gradient| = ${gradMax.toExponential(2)} ${gradMax > opts.tol ? '>' : '≤'} tol = ${opts.tol}`;
  return { theta: r.x, iterations: r.iterations, evaluations: r.evaluations, products: r.products, converged: r.converged, stop: r.stop, gradMax, reason };
}
