/** One L-BFGS fit of the logistic objective from a start point (zeros or a warm start). */

import { minimizeLbfgs } from './lbfgs.js';
import { freeRows, makeObjective, type LogisticProblem } from './objective.js';

export interface LogisticFit {
  /** [W | b] over the present classes (see objective.ts for the layout). */
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  reason: string;
}

export function fitLogistic(
  problem: LogisticProblem, warm: Float64Array | null,
  opts: { maxIter: number; tol: number; signal?: AbortSignal },
): LogisticFit {
  const size = (problem.d + 1) * freeRows(problem.K);
  const x0 = warm ?? new Float64Array(size);
  // `tol` bounds max |∇| of sklearn 1.2's summed objective Σ CE + ‖W‖²/(2C), which is n
  // times ours (mean-scaled, see objective.ts). The relative-decrease stop is only a net for
  // round-off stagnation (64·eps, as newer sklearn passes to scipy), so the gradient decides.
  const n = problem.n;
  const r = minimizeLbfgs(makeObjective(problem), x0, {
    maxIter: opts.maxIter, gtol: opts.tol / n, ftol: 64 * Number.EPSILON, signal: opts.signal,
  });
  const reason = r.converged ? r.reason : `${r.reason}; max |gradient| = ${(r.gradMax * n).toExponential(2)} > tol = ${opts.tol}`;
  return { theta: r.x, iterations: r.iterations, converged: r.converged, reason };
}
