/**
 * Hessian–vector products of the logistic objective (objective.ts) for the second-order solver
 * (newton.ts): H v = Xᵀ D (X v_W + v_b) + v_W / (C·n) on the W rows, Σᵢ of the same row terms on
 * the intercepts, where row i's term is, for softmax,
 *
 *   rᵢₖ = sᵢ/n · pᵢₖ (uᵢₖ − Σⱼ pᵢⱼ uᵢⱼ),   u = X v_Wᵀ + v_b,
 *
 * and for the binary model sᵢ/n · pᵢ(1 − pᵢ) uᵢ, with p at the point the objective was last
 * evaluated with `keep` (its probabilities, or p(1 − p)). One product costs what one gradient
 * does: a forward and a backward product over the rows, on the same kernels and tiles
 * (`GemmWorkspace.forwardBackward`), in Float32 where asked and the workspace has them (the
 * conjugate-gradient steps only need an approximate Hessian: the gradient stays exact).
 */

import { freeRows, passOverRows, type LogisticProblem, type Prepared } from './objective.js';

/** Writes H v into `out` (both [W | b]), H at the point whose `keep` is `kept`. */
export type HessianProduct = (kept: Float64Array, v: Float64Array, out: Float64Array) => void;

/** Length of `keep` for a problem: n·K for softmax, n for the binary model. */
export function keptLength(p: { n: number; K: number }): number {
  return p.n * (p.K === 2 ? 1 : p.K);
}

export function makeHessianProduct(p: LogisticProblem, prep: Prepared, float32: boolean): HessianProduct {
  const { n, d, K, sw, C } = p;
  const Kp = freeRows(K);
  const bOff = Kp * d;
  const { ws } = prep;
  const W32 = float32 ? ws?.W32 ?? null : null;
  const Z = ws === null ? new Float64Array(n * Kp) : ws.Z;
  const zs = ws === null ? Kp : ws.stride;
  const invN = 1 / n;
  const reg = 1 / (C * n);
  let P: Float64Array, v: Float64Array, out: Float64Array;
  const softmaxRows = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const zo = i * zs, po = i * K;
      let mean = 0;
      for (let k = 0; k < K; k++) {
        const u = Z[zo + k]! + v[bOff + k]!;
        Z[zo + k] = u;
        mean += P[po + k]! * u;
      }
      const wi = sw === null ? invN : sw[i]! * invN;
      for (let k = 0; k < K; k++) {
        const r = wi * P[po + k]! * (Z[zo + k]! - mean);
        Z[zo + k] = r;
        out[bOff + k] = out[bOff + k]! + r;
      }
    }
  };
  const binaryRows = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const wi = sw === null ? invN : sw[i]! * invN;
      const r = wi * P[i]! * (Z[i * zs]! + v[d]!);
      Z[i * zs] = r;
      out[d] = out[d]! + r;
    }
  };
  const rows = K === 2 ? binaryRows : softmaxRows;
  return (kept, vec, o) => {
    P = kept;
    v = vec;
    out = o;
    out.fill(0);
    passOverRows(prep, W32, n, d, Kp, v, Z, rows, out);
    for (let j = 0; j < bOff; j++) out[j] = out[j]! + reg * v[j]!;
  };
}
