/**
 * A calibrated head: wraps any strategy and is itself a strategy (scikit-learn's
 * CalibratedClassifierCV with `ensemble=False`). Fitting fits the base on all rows, gets
 * out-of-fold probabilities (from the base's own inner CV when it ran one, else by refitting
 * it on k−1 folds k times), and fits one temperature T on them by minimising log-loss.
 * Predictions are softmax(log p / T): the arg-max (and so accuracy) is unchanged, confidence
 * is made honest.
 */
import { Matrix, Rng, UsageError, throwIfAborted } from '../core/index.js';
import type { FitDiagnostics, FitOptions, FittedHead, HeadJSON, HeadKind, Strategy } from './head.js';
import { foldIndices, stratifiedFolds } from './inner-split.js';
import { readParams } from './params.js';
import { checkFitInput } from './validate.js';
import { baseStrategy, createStrategy, restoreHead } from './registry.js';

export interface CalibratedParams {
  /**
   * Inner folds for out-of-fold probabilities; 5 as scikit-learn's default `cv`. Not used when
   * the base head brings its own: logistic choosing C and knn choosing k by inner CV (their
   * held-out probabilities at the chosen value), centroid fitting its temperature (its
   * leave-one-out probabilities).
   */
  folds: number;
  /** The wrapped strategy, as `{ kind, params }`. */
  base: { kind: HeadKind; params: object };
}

const LOG_FLOOR = 1e-12; // log(0) guard: vote-fraction heads (knn) output exact zeros
const T_MIN = 0.02;
const T_MAX = 50;

/** log p, floored; the "logits" a temperature divides. */
function logProba(P: Matrix): Float64Array {
  const out = new Float64Array(P.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(Math.max(P.data[i]!, LOG_FLOOR));
  return out;
}

/** Applies temperature T to log-probabilities row by row; returns a probability matrix. */
function softmaxT(L: Float64Array, rows: number, cols: number, T: number): Matrix {
  const out = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, L[i * cols + j]! / T);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(L[i * cols + j]! / T - max);
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = Math.exp(L[i * cols + j]! / T - max) / s;
  }
  return out;
}

function nllAt(L: Float64Array, y: Int32Array, cols: number, T: number): number {
  let nll = 0;
  for (let i = 0; i < y.length; i++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, L[i * cols + j]! / T);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(L[i * cols + j]! / T - max);
    nll -= L[i * cols + y[i]!]! / T - max - Math.log(s);
  }
  return nll / Math.max(1, y.length);
}

/**
 * The temperature minimising log-loss of softmax(log P / T) against y, by golden-section
 * search on ln T (log-loss is unimodal in 1/T). T > 1 softens an over-confident head.
 *
 * @example
 * fitTemperature(oofProba, yTrain); // 2.3
 */
export function fitTemperature(P: Matrix, y: Int32Array): number {
  const L = logProba(P);
  let lo = Math.log(T_MIN);
  let hi = Math.log(T_MAX);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = nllAt(L, y, P.cols, Math.exp(x1));
  let f2 = nllAt(L, y, P.cols, Math.exp(x2));
  for (let it = 0; it < 80 && hi - lo > 1e-6; it++) {
    if (f1 <= f2) {
      hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = nllAt(L, y, P.cols, Math.exp(x1));
    } else {
      lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = nllAt(L, y, P.cols, Math.exp(x2));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Applies a fitted temperature to a probability matrix. */
export function applyTemperature(P: Matrix, T: number): Matrix {
  return softmaxT(logProba(P), P.rows, P.cols, T);
}

/** A fitted head whose probabilities are the base head's, tempered by `temperature`. */
export class CalibratedHead implements FittedHead {
  readonly kind = 'calibrated' as const;
  readonly labels: readonly string[];
  readonly dim: number;

  constructor(
    readonly base: FittedHead,
    readonly temperature: number,
    readonly params: CalibratedParams,
    readonly diagnostics: FitDiagnostics,
  ) {
    this.labels = base.labels;
    this.dim = base.dim;
  }

  predictProba(X: Matrix): Matrix {
    return applyTemperature(this.base.predictProba(X), this.temperature);
  }

  explain(x: Float32Array): ReturnType<NonNullable<FittedHead['explain']>> {
    if (!this.base.explain) throw new UsageError(`${this.base.kind} heads cannot explain a prediction.`);
    return this.base.explain(x);
  }

  toJSON(): HeadJSON {
    return {
      kind: 'calibrated',
      format: 1,
      params: this.params,
      labels: [...this.labels],
      dim: this.dim,
      diagnostics: this.diagnostics,
      state: { temperature: this.temperature, base: this.base.toJSON() },
    };
  }
}

/**
 * Restores a saved calibrated head; `restoreBase` restores the wrapped head (the registry's
 * `restoreHead`), so any head kind can be wrapped.
 */
export function restoreCalibrated(json: HeadJSON, restoreBase: (j: HeadJSON) => FittedHead): CalibratedHead {
  const state = json.state as { temperature?: unknown; base?: unknown };
  if (typeof state.temperature !== 'number' || !(state.temperature > 0) || typeof state.base !== 'object' || state.base === null) {
    throw new UsageError('calibrated head: saved state needs a positive temperature and a base head.');
  }
  return new CalibratedHead(restoreBase(state.base as HeadJSON), state.temperature, json.params as CalibratedParams, json.diagnostics);
}

/**
 * Wraps a strategy so its fitted heads are calibrated by temperature scaling.
 *
 * @example
 * const head = await new CalibratedStrategy(createStrategy('knn')).fit(X, y, { seed: 1, labels });
 */
export class CalibratedStrategy implements Strategy<CalibratedParams> {
  readonly kind = 'calibrated';
  readonly params: Readonly<CalibratedParams>;

  constructor(readonly base: Strategy, opts: { folds?: number } = {}) {
    const folds = opts.folds ?? 5;
    if (!Number.isInteger(folds) || folds < 2 || folds > 20) {
      throw new UsageError(`calibrated: folds must be an integer in 2..20, got ${String(opts.folds)}.`);
    }
    if (base.kind === 'calibrated') throw new UsageError('calibrated: the base strategy is already calibrated.');
    this.params = Object.freeze({ folds, base: { kind: base.kind, params: base.params } });
  }

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    checkFitInput('calibrated', X, y, opts);
    const classes = opts.labels.length;
    const counts = new Array<number>(classes).fill(0);
    for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
    const smallest = Math.min(...counts.filter((c) => c > 0));
    const k = Math.min(this.params.folds, smallest);
    const warnings: string[] = [];
    let temperature = 1;
    // The base head on all rows first: its hyper-parameters (chosen by its own inner CV) are
    // then held fixed for the out-of-fold fits, which therefore cost one fit each instead of
    // a whole inner search. Temperature scaling needs honest out-of-fold probabilities, not
    // an honest hyper-parameter search, so this keeps what matters at a fraction of the cost.
    const base = await this.base.fit(X, y, opts);
    const foldStrategy = withChosen(this.base, base.diagnostics.chosen);
    // A base that chose its hyper-parameters on held-out rows (logistic's C, knn's k, centroid's
    // leave-one-out temperature) already holds out-of-fold
    // probabilities at the chosen values: every row predicted by a fit that never saw it,
    // which is all temperature scaling needs. They replace the k refits on folds of our own.
    const inner = takeOutOfFold(base, y.length);
    if (k < 2 || counts.some((c) => c === 0)) {
      warnings.push('too few examples per class for out-of-fold calibration; probabilities are left uncalibrated (T = 1)');
    } else {
      let oof = inner;
      if (oof === undefined) {
        const fold = stratifiedFolds(y, classes, k, new Rng(opts.seed ^ 0x5eed));
        oof = new Matrix(y.length, classes);
        for (let f = 0; f < k; f++) {
          throwIfAborted(opts.signal);
          const { train, test } = foldIndices(fold, f);
          const yTrain = Int32Array.from(train, (i) => y[i]!);
          const h = await foldStrategy.fit(X.selectRows(train), yTrain, { ...opts, seed: opts.seed + f + 1 });
          const P = h.predictProba(X.selectRows(test));
          for (let r = 0; r < test.length; r++) oof.data.set(P.row(r), test[r]! * classes);
        }
      }
      temperature = fitTemperature(oof, y);
      if (temperature <= T_MIN * 1.01 || temperature >= T_MAX * 0.99) {
        warnings.push(`temperature ${temperature.toFixed(3)} hit its bound; the base head's probabilities carry little information`);
      }
    }
    const diagnostics: FitDiagnostics = {
      ...base.diagnostics,
      chosen: { ...(base.diagnostics.chosen ?? {}), temperature },
      warnings: [...base.diagnostics.warnings, ...warnings],
    };
    return new CalibratedHead(base, temperature, { ...this.params }, diagnostics);
  }
}

/** The base head's own out-of-fold probabilities (see `KeepsOutOfFold` in head.ts), if it kept any of the right shape. */
function takeOutOfFold(head: FittedHead, rows: number): Matrix | undefined {
  const take = (head as { takeOutOfFold?: () => Matrix | undefined }).takeOutOfFold;
  if (typeof take !== 'function') return undefined;
  const P = take.call(head);
  return P !== undefined && P.rows === rows && P.cols === head.labels.length ? P : undefined;
}

/**
 * The base strategy with the hyper-parameters its fit chose (e.g. logistic's C, knn's k) set
 * as parameters; the base strategy itself when nothing was chosen or a chosen value is not
 * one of its parameters.
 */
function withChosen(base: Strategy, chosen: FitDiagnostics['chosen']): Strategy {
  if (!chosen || Object.keys(chosen).length === 0) return base;
  try {
    return createStrategy(base.kind, { ...base.params, ...chosen });
  } catch {
    return base;
  }
}

/**
 * The registry's constructor for kind `calibrated`: params `{ base: 'knn' | { kind, params }, folds? }`.
 *
 * @example
 * createStrategy('calibrated', { base: { kind: 'knn', params: { k: 5 } } });
 */
export function createCalibrated(params?: unknown): CalibratedStrategy {
  const p = readParams('calibrated', params, ['base', 'folds']);
  const strategy = baseStrategy('calibrated', p.base);
  if (p.folds !== undefined && typeof p.folds !== 'number') {
    throw new UsageError(`calibrated: folds must be an integer in 2..20, got ${JSON.stringify(p.folds)}.`);
  }
  return new CalibratedStrategy(strategy, { folds: p.folds as number | undefined });
}

/** The registry's restorer for kind `calibrated`: the base head is restored by its own kind. */
export function restoreCalibratedHead(json: HeadJSON): CalibratedHead {
  return restoreCalibrated(json, restoreHead);
}
