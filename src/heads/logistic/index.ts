/**
 * Multinomial logistic regression on embeddings, in scikit-learn's parametrisation
 * (C · Σ cross-entropy + ½‖W‖², intercept not penalised), fitted by L-BFGS in Float64.
 * When C is not given it is chosen by stratified inner cross-validation (held-out log-loss).
 */

import { DataError, Matrix, Rng, decodeF64, encodeF64 } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, InnerPath, Strategy } from '../head.js';
import { KeepsOutOfFold, headJSON, labelScores } from '../head.js';
import { foldIndices, gather, gatherRows, innerFoldCount, matmulTransB, stratifiedFolds, toFloat64 } from '../../math/index.js';
import { custom, defined, grid, int, num, readParams, whenSearched } from '../params.js';
import { defineHead, strategyOf } from '../definition.js';
import { headTags } from '../tags.js';
import { checkFitInput, checkPredictInput, checkRow } from '../validate.js';
import { rowWeights, type ClassWeight } from './class-weights.js';
import { SCIPY_FTOL, type LbfgsStop } from './lbfgs.js';
import { fitLogistic, type LogisticFit } from './solve.js';
import { freeRows } from './objective.js';

export type { ClassWeight } from './class-weights.js';

export interface LogisticParams {
  /** Inverse L2 strength, as sklearn's `C`. Absent: chosen from `Cs` by inner CV. */
  C?: number;
  /** Grid for inner CV; one decade apart from strong (0.01) to weak (100) regularisation. */
  Cs?: number[];
  /** Inner CV folds when C is chosen (fewer if the rarest class has fewer rows). */
  innerFolds?: number;
  classWeight?: ClassWeight;
  /** L-BFGS iteration cap; hitting it is a warning in diagnostics. */
  maxIter?: number;
  /**
   * Stop when the gradient's largest component is below this, on sklearn's (1.2) scale:
   * the gradient of Σ cross-entropy + ‖W‖²/(2C).
   */
  tol?: number;
  /**
   * Also stop (converged) when one L-BFGS step lowers that objective by a relative amount
   * (F_k − F_{k+1}) / max(|F_k|, |F_{k+1}|, 1) ≤ ftol, as scipy's L-BFGS-B does under
   * sklearn. Default 2.22e-9 (1e7·eps, scipy's default, which sklearn 1.2 does not change);
   * 0 turns the test off, so only `tol` (or maxIter) ends the fit.
   */
  ftol?: number;
  /**
   * The `ftol` of the inner-CV fits that choose C (default 1e-6; only used when C is not
   * given). The fits only rank decade-apart values of C by held-out log-loss, which a
   * relative 1e-6 settles to about 4 digits (the losses differ in the second); the final
   * fit at the chosen C still runs to `tol` / `ftol`. At the scipy default they took most
   * of a bake-off's time (C = 100 needs ~500 L-BFGS steps on 8,000 rows).
   */
  innerFtol?: number;
}

/** How the final L-BFGS fit stopped; plain JSON, part of the head's diagnostics. */
export interface LogisticStop {
  /**
   * `gtol`: max |gradient| ≤ tol. `ftol`: relative decrease of the loss ≤ ftol (converged as
   * in sklearn, but the gradient may still be above tol: compare `maxGradient`). Otherwise
   * not converged: `maxIter`, `lineSearch`, `stall` (no decrease at all), `nonFinite`.
   */
  criterion: LbfgsStop;
  /** Largest gradient component where it stopped, on `tol`'s scale. */
  maxGradient: number;
  tol: number;
  ftol: number;
  note: string;
}

export interface LogisticDiagnostics extends FitDiagnostics {
  /** Absent in heads saved before it was recorded. */
  stop?: LogisticStop;
}

const KIND = 'logistic';
// One point per decade, a coarse cut of sklearn's LogisticRegressionCV grid (10 points over
// 1e-4..1e4): with unit-norm embeddings, C = 0.01 is already a strong penalty and beyond 100
// it hardly acts, so the ends add little; 5 points × 3 folds is 15 warm-started fits.
export const DEFAULT_CS: readonly number[] = Object.freeze([0.01, 0.1, 1, 10, 100]);
const DEFAULTS = { innerFolds: 3, maxIter: 500, tol: 1e-4, ftol: SCIPY_FTOL, innerFtol: 1e-6 };
/**
 * L-BFGS history of the inner-CV fits: 30 pairs instead of scipy's 10 take about 40% fewer
 * steps on these weakly regularised problems, for 2·30 extra vector products of (d + 1)·K
 * per step (tiny next to the n·d·K products of one gradient). The final fit keeps 10.
 */
const INNER_MEMORY = 30;

/** Inverse L2 strengths on logistic's regularization path in a bake-off: sklearn's usual decade grid. */
export const PATH_CS: readonly number[] = Object.freeze([0.001, 0.01, 0.1, 1, 10, 100]);
/**
 * The path's fits stop at the precision the inner CV uses to rank C (innerFtol): the path
 * only reports train and held-out accuracy per C, which a relative 1e-6 settles (on ag_news's
 * 10,001 rows every point within 0.06 points of the scipy-default fit, for 30% fewer L-BFGS
 * steps), and the weak end (C = 100) otherwise runs to maxIter. The chosen C's point is the
 * default fit itself.
 */
export const PATH_FTOL = 1e-6;

const isClassWeight = (v: unknown): boolean => v === 'balanced' || (typeof v === 'object' && v !== null && !Array.isArray(v) &&
  Object.values(v).every((w) => typeof w === 'number' && Number.isFinite(w) && w > 0));

const RULES = {
  C: num({ gt: 0 }),
  Cs: grid(num({ gt: 0 })),
  innerFolds: int({ ge: 2, le: 20 }),
  classWeight: custom<ClassWeight>("'balanced' or an object of label → positive number", isClassWeight),
  maxIter: int({ ge: 1 }),
  tol: num({ gt: 0 }),
  ftol: num({ ge: 0 }),
  innerFtol: num({ ge: 0 }),
};

/** Validates params and returns the logistic strategy. */
function createLogistic(params: unknown = {}): Strategy<LogisticParams> {
  const p = readParams(KIND, params, RULES);
  // The CV settings get defaults only when they will be used (C not given).
  const validated: LogisticParams = defined({
    C: p.C,
    Cs: whenSearched(p.Cs, p.C, [...DEFAULT_CS]),
    innerFolds: whenSearched(p.innerFolds, p.C, DEFAULTS.innerFolds),
    innerFtol: whenSearched(p.innerFtol, p.C, DEFAULTS.innerFtol),
    classWeight: p.classWeight,
    maxIter: p.maxIter ?? DEFAULTS.maxIter,
    tol: p.tol ?? DEFAULTS.tol,
    ftol: p.ftol ?? DEFAULTS.ftol,
  });
  return strategyOf(KIND, TAGS, validated, async (X, y, opts) => fitHead(validated, X, y, opts));
}

function fitHead(params: LogisticParams, X: Matrix, y: Int32Array, opts: FitOptions): LogisticHead {
  checkFitInput(KIND, X, y, opts);
  const labels = [...opts.labels];
  const K = labels.length;
  // Fit on the classes present; absent ones get probability 0 (and a warning).
  const present: number[] = [];
  const compact = new Int32Array(K).fill(-1);
  for (let i = 0; i < y.length; i++) if (compact[y[i]!] === -1) compact[y[i]!] = 0;
  for (let k = 0; k < K; k++) if (compact[k] === 0) { compact[k] = present.length; present.push(k); }
  if (present.length < 2) {
    throw new DataError(`${KIND}: y holds only the label "${labels[present[0]!]}"; a classifier needs examples of at least 2 labels.`, 'one_class');
  }
  const warnings: string[] = [];
  for (let k = 0; k < K; k++) {
    if (compact[k] === -1) warnings.push(`label "${labels[k]}" has no training rows; its probability is always 0`);
  }
  const yc = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) yc[i] = compact[y[i]!]!;
  const sw = rowWeights(params.classWeight, y, labels);
  const X64 = toFloat64(X);
  const n = X.rows, d = X.cols, Kp = present.length;
  const base = { X: X64, X32: X.data.subarray(0, n * d), n, d, y: yc, K: Kp, sw };
  const solve = { maxIter: params.maxIter!, tol: params.tol!, ftol: params.ftol!, signal: opts.signal };

  let C = params.C;
  const diagnostics: LogisticDiagnostics = { warnings };
  let warm: Float64Array | null = null;
  let outOfFold: Matrix | undefined;
  if (C === undefined) {
    // createLogistic always sets innerFtol when C is absent; the fallback only satisfies the type.
    const inner = { ...solve, ftol: params.innerFtol ?? solve.ftol, memory: INNER_MEMORY };
    const chosen = chooseC(base, params.Cs!, params.innerFolds!, opts.seed, inner, warnings);
    C = chosen.C;
    diagnostics.chosen = { C };
    if (chosen.path) diagnostics.path = chosen.path;
    // As sklearn's LogisticRegressionCV refits: from the folds' mean solution at the chosen C.
    warm = chosen.start;
    if (chosen.logits) outOfFold = outOfFoldProba(chosen.logits, present, K, y.length);
  }
  const fit = fitLogistic({ ...base, C }, warm, solve);
  diagnostics.iterations = fit.iterations;
  diagnostics.converged = fit.converged;
  diagnostics.stop = { criterion: fit.stop, maxGradient: fit.gradMax, tol: solve.tol, ftol: solve.ftol, note: fit.reason };
  if (!fit.converged) warnings.push(`L-BFGS did not converge: ${fit.reason}`);
  const { W, b } = expand(fit, present, K, d);
  const head = new LogisticHead(params, labels, d, diagnostics, W, b);
  head.keepOutOfFold(outOfFold);
  return head;
}

interface ChosenC {
  C: number;
  /** Held-out accuracy at every C of the grid (absent without inner CV). */
  path?: InnerPath;
  /** Mean of the folds' solutions at C (the final fit's start), or null without inner CV. */
  start: Float64Array | null;
  /** Held-out logits (n×K', compact classes) at C: each row from the fold that did not train on it. */
  logits: Float64Array | null;
}

/** Chooses C by mean held-out log-loss over stratified inner folds, warm-starting along the grid. */
function chooseC(
  base: { X: Float64Array; X32: Float32Array; n: number; d: number; y: Int32Array; K: number; sw: Float64Array | null },
  Cs: readonly number[], wantedFolds: number, seed: number,
  solve: { maxIter: number; tol: number; ftol: number; memory: number; signal?: AbortSignal }, warnings: string[],
): ChosenC {
  const folds = innerFoldCount(base.y, base.K, wantedFolds);
  if (folds < 2) {
    warnings.push(`the rarest label has 1 row, too few for inner cross-validation; used C = 1`);
    return { C: 1, start: null, logits: null };
  }
  const assign = stratifiedFolds(base.y, base.K, folds, new Rng(seed));
  const loss = new Float64Array(Cs.length);
  const size = (base.d + 1) * freeRows(base.K);
  const thetaSum = Array.from({ length: Cs.length }, () => new Float64Array(size));
  const logits = Array.from({ length: Cs.length }, () => new Float64Array(base.n * base.K));
  let notConverged = 0;
  for (let f = 0; f < folds; f++) {
    const { train, test } = foldIndices(assign, f);
    const sub = {
      X: gatherRows(base.X, base.d, train), X32: gatherRows(base.X32, base.d, train), n: train.length, d: base.d, y: gather(base.y, train), K: base.K,
      sw: base.sw === null ? null : gather(base.sw, train),
    };
    const Xt = gatherRows(base.X, base.d, test);
    let warm: Float64Array | null = null;
    for (let c = 0; c < Cs.length; c++) {
      const fit = fitLogistic({ ...sub, C: Cs[c]! }, warm, solve);
      if (!fit.converged) notConverged++;
      warm = fit.theta;
      const sum = thetaSum[c]!;
      for (let j = 0; j < size; j++) sum[j] = sum[j]! + fit.theta[j]!;
      loss[c] = loss[c]! + heldOutLoss(fit, Xt, test, base, logits[c]!);
    }
  }
  if (notConverged > 0) warnings.push(`${notConverged} of ${folds * Cs.length} inner-CV fits did not converge`);
  let best = 0;
  for (let c = 1; c < Cs.length; c++) if (loss[c]! < loss[best]!) best = c; // ties keep the smaller C
  const start = thetaSum[best]!;
  for (let j = 0; j < size; j++) start[j] = start[j]! / folds;
  const path: InnerPath = { param: 'C', rows: base.n, points: Cs.map((C, c) => ({ value: C, heldOutAccuracy: logitAccuracy(logits[c]!, base.y, base.K) })) };
  return { C: Cs[best]!, start, logits: logits[best]!, path };
}

/** Share of rows whose largest logit is their own class (compact classes, n×K row-major). */
function logitAccuracy(logits: Float64Array, y: Int32Array, K: number): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) {
    let top = 0;
    for (let k = 1; k < K; k++) if (logits[i * K + k]! > logits[i * K + top]!) top = k;
    if (top === y[i]) hits++;
  }
  return y.length === 0 ? 0 : hits / y.length;
}

/** Softmax of held-out logits over the present classes, as an n×K probability matrix (0 for absent labels). */
function outOfFoldProba(logits: Float64Array, present: readonly number[], K: number, n: number): Matrix {
  const Kp = present.length;
  const P = new Matrix(n, K);
  for (let i = 0; i < n; i++) {
    const zo = i * Kp;
    let max = -Infinity;
    for (let k = 0; k < Kp; k++) if (logits[zo + k]! > max) max = logits[zo + k]!;
    let sum = 0;
    for (let k = 0; k < Kp; k++) sum += Math.exp(logits[zo + k]! - max);
    for (let k = 0; k < Kp; k++) P.data[i * K + present[k]!] = Math.exp(logits[zo + k]! - max) / sum;
  }
  return P;
}

/** Weighted log-loss summed over the held-out rows (mean not needed: all Cs see the same rows). */
function heldOutLoss(
  fit: LogisticFit, Xt: Float64Array, test: Int32Array,
  base: { d: number; y: Int32Array; K: number; sw: Float64Array | null }, logits: Float64Array,
): number {
  const present = Array.from({ length: base.K }, (_, k) => k);
  const { W, b } = expand(fit, present, base.K, base.d);
  const Z = new Float64Array(test.length * base.K);
  matmulTransB(Xt, test.length, base.d, W, base.K, b, 0, Z);
  let s = 0;
  for (let r = 0; r < test.length; r++) {
    const zo = r * base.K;
    let max = -Infinity;
    for (let k = 0; k < base.K; k++) if (Z[zo + k]! > max) max = Z[zo + k]!;
    let sum = 0;
    for (let k = 0; k < base.K; k++) sum += Math.exp(Z[zo + k]! - max);
    const i = test[r]!;
    const w = base.sw === null ? 1 : base.sw[i]!;
    s += w * (max + Math.log(sum) - Z[zo + base.y[i]!]!);
    logits.set(Z.subarray(zo, zo + base.K), i * base.K);
  }
  return s;
}

/** Full K×d weights and K intercepts from the solver's [W | b] over the present classes. */
function expand(fit: LogisticFit, present: readonly number[], K: number, d: number): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(K * d);
  const b = new Float64Array(K).fill(-Infinity);
  const th = fit.theta;
  if (present.length === 2) {
    // Binary: class present[0] has logit 0, class present[1] has w·x + b.
    b[present[0]!] = 0;
    W.set(th.subarray(0, d), present[1]! * d);
    b[present[1]!] = th[d]!;
  } else {
    const Kp = present.length;
    for (let c = 0; c < Kp; c++) {
      W.set(th.subarray(c * d, (c + 1) * d), present[c]! * d);
      b[present[c]!] = th[Kp * d + c]!;
    }
  }
  return { W, b };
}

/** A fitted logistic head: K×d weights and K intercepts (−∞ for labels never seen). */
export class LogisticHead extends KeepsOutOfFold implements FittedHead {
  readonly kind = KIND;
  readonly labels: readonly string[];

  constructor(
    readonly params: LogisticParams,
    labels: readonly string[],
    readonly dim: number,
    readonly diagnostics: LogisticDiagnostics,
    private readonly W: Float64Array,
    private readonly b: Float64Array,
  ) {
    super();
    this.labels = Object.freeze([...labels]);
  }

  /** Logits W x + b for each row (n×K, Float64). */
  private logits(X: Matrix): Float64Array {
    const K = this.labels.length;
    const Z = new Float64Array(X.rows * K);
    matmulTransB(toFloat64(X), X.rows, this.dim, this.W, K, this.b, 0, Z);
    return Z;
  }

  predictProba(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    const K = this.labels.length;
    const Z = this.logits(X);
    const out = new Matrix(X.rows, K);
    for (let i = 0; i < X.rows; i++) {
      const zo = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (Z[zo + k]! > max) max = Z[zo + k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(Z[zo + k]! - max);
      for (let k = 0; k < K; k++) out.data[zo + k] = Math.exp(Z[zo + k]! - max) / sum;
    }
    return out;
  }

  /** Per-label logits (W x + b) for one row: larger means more evidence for that label. */
  explain(x: Float32Array): Explanation {
    const Z = this.logits(checkRow(KIND, x, this.dim));
    const scores = labelScores(this.labels, Z);
    return { scores };
  }

  toJSON(): HeadJSON {
    return headJSON(this, { W: encodeF64(this.W), b: encodeF64(this.b) });
  }
}

/** Restores a saved logistic head exactly (weights are stored as their Float64 bytes). */
function restoreLogistic(json: HeadJSON): LogisticHead {
  const state = json.state as { W?: unknown; b?: unknown };
  if (typeof state.W !== 'string' || typeof state.b !== 'string') {
    throw new DataError('logistic: saved head is missing state.W or state.b; the file is damaged.', 'bad_head');
  }
  const W = decodeF64(state.W);
  const b = decodeF64(state.b);
  const K = json.labels.length;
  if (b.length !== K || W.length !== K * json.dim) {
    throw new DataError(`logistic: saved head has ${W.length} weights and ${b.length} intercepts, expected ${K * json.dim} and ${K}.`, 'bad_head');
  }
  createLogistic(json.params); // validates the saved params
  return new LogisticHead(json.params as LogisticParams, json.labels, json.dim, structuredClone(json.diagnostics), W, b);
}

const TAGS = headTags({ complexity: 2 });

/** Multinomial logistic regression; C chosen by inner CV unless given. */
export const logistic = defineHead<LogisticParams, Strategy<LogisticParams>, LogisticHead>({
  tags: TAGS,
  create: createLogistic,
  restore: restoreLogistic,
  regularizationPath: {
    param: 'C',
    values: PATH_CS,
    params: (C) => ({ C, ftol: PATH_FTOL }),
    // The default fit refits at the chosen C to the default tolerance: tighter than a path fit.
    reuseChosen: true,
    capacity: 'grows',
    advice: 'a lower C (stronger L2 regularisation), or more data',
  },
});
