/**
 * Multinomial logistic regression on embeddings, in scikit-learn's parametrisation
 * (C · Σ cross-entropy + ½‖W‖², intercept not penalised), fitted by L-BFGS in Float64.
 * When C is not given it is chosen by stratified inner cross-validation (held-out log-loss).
 */

import { DataError, Matrix, decodeF64, encodeF64 } from '../../core/index.js';
import type { CrossFit, CrossFitFold, CrossFitOptions, Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import { KeepsOutOfFold, headJSON, labelScores } from '../head.js';
import { SPARSE, SharedRows, matmulTransB } from '../../math/index.js';
import { custom, defined, grid, int, num, oneOf, readParams, whenSearched } from '../params.js';
import { defineHead, strategyOf } from '../definition.js';
import { headTags } from '../tags.js';
import { checkFitInput, checkPredictInput, checkRow } from '../validate.js';
import { rowWeights, type ClassWeight } from './class-weights.js';
import { SCIPY_FTOL, type LbfgsStop } from './lbfgs.js';
import { fitLogistic, SOLVERS, type Solver, type SolveOptions } from './solve.js';
import type { FoldPath, PathData } from './path.js';
import { foldPaths } from './path-pool.js';
import { foldInnerPath, outOfFoldProba, reportedIndex, searchC, searchFolds, type Search } from './search.js';

export type { ClassWeight } from './class-weights.js';
export type { Solver } from './solve.js';

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
   * of a bake-off's time (C = 100 needs ~500 L-BFGS steps on 8,000 rows). A head fitted only
   * to be scored (`scoreOnly`, a bake-off's learning-curve point) stops its final fit here too,
   * never tighter than `ftol`: on banking77 at 64 rows per class, 114 steps instead of 209, and
   * test accuracy 86.95% instead of 86.88% (2 of 3,080 rows). Fits this loose multiply in
   * Float32 (solve.ts, FLOAT32_FTOL): on banking77 at 64 rows per class, the same steps per C,
   * 1.9× less CPU for the path and the same test accuracy to a row.
   */
  innerFtol?: number;
  /**
   * `lbfgs` (default) or `newton`: a trust-region Newton method with conjugate-gradient steps
   * (newton.ts), one gradient pass per step plus one Hessian–vector product per CG step. It
   * stops far closer to the optimum (max |∇| 1e-5–1e-4 where L-BFGS stops at 1e-3–1e-2). On
   * banking77 at C = 100 (bench/speed-fit-solvers.ts) it takes less CPU at 8–16 rows per class,
   * and at the saved head's tolerance up to 64; on the full set it ties warm-started and loses
   * from zero (29 gradients + 593 products against 404 L-BFGS steps), and at the inner CV's
   * tolerance from 32 rows per class on its CG steps outnumber L-BFGS's: so not the default.
   */
  solver?: Solver;
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
/** Rows widened to Float64 at a time when predicting (1 MiB at d = 512, 8 MiB at 4096). */
const LOGIT_BLOCK = 256;
const MAX_INNER_FOLDS = 20;
const REFIT_PHASE = 'logistic: fit on all rows';
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
  innerFolds: int({ ge: 2, le: MAX_INNER_FOLDS }),
  classWeight: custom<ClassWeight>("'balanced' or an object of label → positive number", isClassWeight),
  maxIter: int({ ge: 1 }),
  tol: num({ gt: 0 }),
  ftol: num({ ge: 0 }),
  innerFtol: num({ ge: 0 }),
  solver: oneOf(SOLVERS),
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
    solver: p.solver,
  });
  return strategyOf(KIND, TAGS, validated, async (X, y, opts) => (await fitHead(validated, X, y, opts)).head, {
    crossFit: (X: Matrix, y: Int32Array, opts: CrossFitOptions) => crossFitLogistic(validated, X, y, opts),
  });
}

/** The problem over the classes present in y (absent labels get probability 0 and a warning). */
interface Compact {
  present: number[];
  data: PathData;
  warnings: string[];
}

function compactProblem(params: LogisticParams, X: Matrix, y: Int32Array, labels: readonly string[]): Compact {
  const K = labels.length;
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
  // X as it is (Float32), and once in shared memory where every fit's workspace (the folds'
  // on worker threads, the refit's here) reads the rows it needs in place.
  const rows = X.data.subarray(0, X.rows * X.cols);
  const data: PathData = { X: rows, n: X.rows, d: X.cols, y: yc, K: present.length, sw, shared: SharedRows.create(rows, X.rows, X.cols) };
  return { present, data, warnings };
}

function solveOptions(params: LogisticParams, signal?: AbortSignal): SolveOptions {
  return { maxIter: params.maxIter!, tol: params.tol!, ftol: params.ftol!, signal, ...(params.solver ? { solver: params.solver } : {}) };
}

/** The inner-CV fits: innerFtol, a longer L-BFGS history (createLogistic sets innerFtol whenever C is searched). */
function innerOptions(params: LogisticParams, signal?: AbortSignal): SolveOptions {
  const solve = solveOptions(params, signal);
  return { ...solve, ftol: params.innerFtol ?? solve.ftol, memory: INNER_MEMORY };
}

async function fitHead(
  params: LogisticParams, X: Matrix, y: Int32Array, opts: FitOptions,
): Promise<{ head: LogisticHead; search?: Search; compact: Compact }> {
  checkFitInput(KIND, X, y, opts);
  const compact = compactProblem(params, X, y, opts.labels);
  const { present, data, warnings } = compact;
  const solve = solveOptions(params, opts.signal);
  const diagnostics: LogisticDiagnostics = { warnings };
  let C = params.C;
  let search: Search | undefined;
  if (C === undefined) {
    const folds = searchFolds(data.y, data.K, params.innerFolds!, opts.seed);
    if (folds === null) {
      warnings.push('the rarest label has 1 row, too few for inner cross-validation; used C = 1');
      C = 1;
    } else {
      search = await searchC(data, folds, params.Cs!, innerOptions(params, opts.signal), opts.threads ?? 1, opts.onProgress);
      if (search.notConverged > 0) warnings.push(`${search.notConverged} of ${folds.length * params.Cs!.length} inner-CV fits did not converge`);
      C = search.C;
    }
    diagnostics.chosen = { C };
    if (search) diagnostics.path = search.path;
  }
  // As sklearn's LogisticRegressionCV refits: from the folds' mean solution at the chosen C.
  // A head fitted only to be scored stops where the search's fits do (scoreOnly in FitOptions),
  // with C searched or given (a curve's later seeds fit the C its first seed chose).
  const final = opts.scoreOnly ? { ...solve, ftol: Math.max(solve.ftol, params.innerFtol ?? DEFAULTS.innerFtol) } : solve;
  opts.onProgress?.({ phase: REFIT_PHASE, done: 0, total: 1, unit: 'fits' });
  const fit = fitLogistic({ ...data, C }, search?.start ?? null, final);
  opts.onProgress?.({ phase: REFIT_PHASE, done: 1, total: 1, unit: 'fits' });
  diagnostics.iterations = fit.iterations;
  diagnostics.converged = fit.converged;
  diagnostics.stop = { criterion: fit.stop, maxGradient: fit.gradMax, tol: final.tol, ftol: final.ftol, note: fit.reason };
  if (!fit.converged) warnings.push(`L-BFGS did not converge: ${fit.reason}`);
  const head = headOf(params, opts.labels, data.d, diagnostics, fit.theta, present);
  if (search) head.keepOutOfFold(outOfFoldProba(search.logits, present, opts.labels.length, X.rows));
  return { head, search, compact };
}

function headOf(
  params: LogisticParams, labels: readonly string[], d: number, diagnostics: LogisticDiagnostics, theta: Float64Array, present: readonly number[],
): LogisticHead {
  const { W, b } = expand(theta, present, labels.length, d);
  return new LogisticHead(params, labels, d, diagnostics, W, b);
}

/**
 * The default fit and its cross-validated score from one set of folds. With C searched, the
 * folds that choose C are `opts.folds` folds of the rows (the strategy returned has
 * `innerFolds` set to that, so its `fit` gives this head bit-for-bit, e.g. when a forget
 * refits): their held-out losses choose C, their held-out probabilities at C calibrate, and
 * their fits report the score. Each fold reports its fit at the C the *other* folds' held-out
 * losses choose, so no fold is scored at a C picked on its own held-out rows; its fit stopped
 * at innerFtol (a relative 1e-6: accuracy settled well below 0.1 points). With C given, every
 * fold is a full-tolerance fit at C, as a plain cross-validation; the folds run on
 * `opts.threads` threads either way.
 */
async function crossFitLogistic(params: LogisticParams, X: Matrix, y: Int32Array, opts: CrossFitOptions): Promise<CrossFit | undefined> {
  checkFitInput(KIND, X, y, opts);
  const labels = opts.labels;
  if (params.C !== undefined) {
    const compact = compactProblem(params, X, y, labels);
    const folds = searchFolds(compact.data.y, compact.data.K, opts.folds, opts.seed);
    if (folds === null) return undefined;
    const paths = await foldPaths(compact.data, folds, [params.C], solveOptions(params, opts.signal), opts.threads ?? 1, opts.onProgress);
    const { head } = await fitHead(params, X, y, opts);
    return {
      head, strategy: createLogistic(params),
      folds: folds.map((f, j) => foldReport(params, labels, compact, f, paths[j]!, 0)),
    };
  }
  if (opts.folds > MAX_INNER_FOLDS) return undefined;
  const strategy = createLogistic({ ...params, innerFolds: opts.folds });
  const { head, search, compact } = await fitHead(strategy.params, X, y, opts);
  if (search === undefined) return undefined;
  return {
    head, strategy,
    folds: search.folds.map((f, j) => foldReport(params, labels, compact, f, f.path, reportedIndex(search, j))),
  };
}

function foldReport(
  params: LogisticParams, labels: readonly string[], compact: Compact, fold: { train: Int32Array; test: Int32Array }, path: FoldPath, c: number,
): CrossFitFold {
  const C = params.C ?? params.Cs![c]!;
  const converged = path.notConverged === 0;
  const diagnostics: LogisticDiagnostics = {
    iterations: path.iterations[c]!, converged,
    ...(params.C === undefined ? { chosen: { C }, path: foldInnerPath(path, fold.test, params.Cs!, compact.data) } : {}),
    warnings: converged ? [] : [`${path.notConverged} of ${path.loss.length} fits of this fold did not converge`],
  };
  const head = headOf(params, labels, compact.data.d, diagnostics, path.thetas[c]!, compact.present);
  return { train: fold.train, test: fold.test, head, seconds: path.seconds };
}

/** Full K×d weights and K intercepts from the solver's [W | b] over the present classes. */
function expand(th: Float64Array, present: readonly number[], K: number, d: number): { W: Float64Array; b: Float64Array } {
  const W = new Float64Array(K * d);
  const b = new Float64Array(K).fill(-Infinity);
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

/** Writes the columns of `data[from .. from + d)` that are not zero into `out`, ascending; returns how many. */
function nonZeros(data: Float32Array, from: number, d: number, out: Int32Array): number {
  let n = 0;
  for (let j = 0; j < d; j++) if (data[from + j] !== 0) out[n++] = j;
  return n;
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

  /**
   * Logits W x + b for each row (n×K, Float64). The rows are widened to Float64 a block at a
   * time (each row's sums do not depend on its neighbours), not as one n×d Float64 copy of X.
   * A sparse row (by the neighbour search's SPARSE rule; hashing's: a short text fills a few of 4,096 columns) is summed over its
   * non-zero columns only, in the same order: each skipped term 0·w is ±0 and changes no sum
   * (a running sum of products is never −0), so its logits are the dense loop's bits, at the
   * cost of its words instead of the width.
   */
  private logits(X: Matrix): Float64Array {
    const K = this.labels.length, d = this.dim;
    const Z = new Float64Array(X.rows * K);
    const nz = new Int32Array(d);
    const dense: number[] = [];
    for (let i = 0; i < X.rows; i++) {
      const n = nonZeros(X.data, i * d, d, nz);
      if (n * SPARSE >= d) {
        dense.push(i);
        continue;
      }
      const xo = i * d;
      for (let k = 0; k < K; k++) {
        const wo = k * d;
        let s = 0;
        for (let t = 0; t < n; t++) s += X.data[xo + nz[t]!]! * this.W[wo + nz[t]!]!;
        Z[i * K + k] = s + this.b[k]!;
      }
    }
    if (dense.length === 0) return Z;
    const rows = dense.length === X.rows ? X : X.selectRows(dense);
    const Zd = new Float64Array(rows.rows * K);
    const block = new Float64Array(Math.min(rows.rows, LOGIT_BLOCK) * d);
    for (let from = 0; from < rows.rows; from += LOGIT_BLOCK) {
      const m = Math.min(LOGIT_BLOCK, rows.rows - from);
      block.set(rows.data.subarray(from * d, (from + m) * d));
      matmulTransB(block, m, d, this.W, K, this.b, 0, Zd.subarray(from * K, (from + m) * K));
    }
    if (rows === X) return Zd;
    dense.forEach((i, r) => Z.set(Zd.subarray(r * K, (r + 1) * K), i * K));
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

const TAGS = headTags({ complexity: 2, shardedByDefault: true });

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
