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
  // Stop on a tiny relative decrease of f too (scipy's 1e7·eps), but never before the asked
  // gradient tolerance could be met: near the optimum f − f* ≈ ‖∇f‖²/(2λ), so a relative
  // decrease below tol² means the gradient is about tol already.
  const ftol = Math.min(1e7 * Number.EPSILON, opts.tol * opts.tol);
  const r = minimizeLbfgs(makeObjective(problem), x0, { maxIter: opts.maxIter, gtol: opts.tol, ftol, signal: opts.signal });
  return { theta: r.x, iterations: r.iterations, converged: r.converged, reason: r.reason };
}
