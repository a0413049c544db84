/**
 * A calibrated head: wraps any strategy and is itself a strategy (scikit-learn's
 * CalibratedClassifierCV with `ensemble=False`). Fitting fits the base on all rows, gets
 * out-of-fold probabilities (from the base's own inner CV when it ran one, else by refitting
 * it on k−1 folds k times), and fits one temperature T on them by minimising log-loss.
 * Predictions are softmax(log p / T): the arg-max (and so accuracy) is unchanged, confidence
 * is made honest.
 */
import { Matrix, Rng, UsageError, throwIfAborted } from '../../core/index.js';
import type { CrossFit, CrossFitOptions, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import type { HeadSummary } from '../describe.js';
import { foldIndices, stratifiedFolds } from '../../math/index.js';
import { headSpec, int, readParams, required } from '../params.js';
import type { HeadSpec } from '../params.js';
import { checkFitInput } from '../validate.js';
import { defineHead } from '../definition.js';
import type { HeadFactory } from '../definition.js';
import { headTags } from '../tags.js';

export interface CalibratedParams {
  /**
   * Inner folds for out-of-fold probabilities; 5 as scikit-learn's default `cv`. Not used when
   * the base head brings its own: logistic choosing C and knn choosing k by inner CV (their
   * held-out probabilities at the chosen value), centroid fitting its temperature (its
   * leave-one-out probabilities).
   */
  folds: number;
  /** The wrapped strategy, as `{ kind, params }`. */
  base: { kind: string; params: object };
}

/** Parameters as given to `createStrategy('calibrated', ...)`: the base as a kind or `{ kind, params }`. */
export interface CalibratedInput {
  base: string | HeadSpec;
  folds?: number;
}

const KIND = 'calibrated';
// Not calibrated again; not sharded by --shards (shard the base instead: each shard's sub-head is then calibrated).
const TAGS = headTags({ calibratable: false, shardable: false, wraps: true, member: false, complexity: 6 });
const RULES = { base: required(headSpec({ orKind: true })), folds: int({ ge: 2, le: 20 }) };

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
  readonly kind = KIND;
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

  /** The base head's summary: tempering changes confidence, not what was chosen. */
  summary(): HeadSummary {
    return this.base.summary?.() ?? {};
  }

  toJSON(): HeadJSON {
    return {
      kind: KIND,
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
 * Wraps a strategy so its fitted heads are calibrated by temperature scaling. Built by
 * `calibrated(base)` (any strategy) or `createStrategy('calibrated', { base })` (a registered kind).
 */
export class CalibratedStrategy implements Strategy<CalibratedParams> {
  readonly kind = KIND;
  readonly tags = TAGS;
  readonly params: Readonly<CalibratedParams>;

  /** `heads` rebuilds the base with the hyper-parameters its fit chose, for the fold fits. */
  constructor(readonly base: Strategy, opts: { folds?: number } = {}, private readonly heads?: HeadFactory) {
    const folds = readParams(KIND, { folds: opts.folds }, { folds: RULES.folds }).folds ?? 5;
    if (base.kind === KIND) throw new UsageError('calibrated: the base strategy is already calibrated.', 'bad_param');
    this.params = Object.freeze({ folds, base: { kind: base.kind, params: base.params } });
    const baseCrossFit = base.crossFit?.bind(base);
    if (baseCrossFit) {
      this.crossFit = async (X, y, opts) => {
        checkFitInput('calibrated', X, y, opts);
        const r = await baseCrossFit(X, y, opts);
        if (r === undefined) return undefined;
        const strategy = new CalibratedStrategy(r.strategy, { folds }, heads);
        return { head: await strategy.calibrate(r.head, X, y, opts), strategy, folds: r.folds };
      };
    }
  }

  /** Present when the base has one: the base's cross-fit, its head calibrated as `fit` would (see `Strategy.crossFit`). */
  readonly crossFit?: (X: Matrix, y: Int32Array, opts: CrossFitOptions) => Promise<CrossFit | undefined>;

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    checkFitInput('calibrated', X, y, opts);
    return this.calibrate(await this.base.fit(X, y, opts), X, y, opts);
  }

  /** Fits the temperature for a base head fitted on all of X (its own out-of-fold probabilities, or k refits). */
  private async calibrate(base: FittedHead, X: Matrix, y: Int32Array, opts: FitOptions): Promise<CalibratedHead> {
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
    const foldStrategy = withChosen(this.base, base.diagnostics.chosen, this.heads);
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
function withChosen(base: Strategy, chosen: FitDiagnostics['chosen'], heads: HeadFactory | undefined): Strategy {
  if (!heads || !chosen || Object.keys(chosen).length === 0) return base;
  try {
    return heads.createStrategy(base.kind, { ...base.params, ...chosen });
  } catch {
    return base;
  }
}

/**
 * Restores a saved calibrated head; `restoreBase` restores the wrapped head (the registry's
 * `restoreHead`), so any head kind can be wrapped.
 */
function restoreCalibrated(json: HeadJSON, heads: HeadFactory): CalibratedHead {
  const state = json.state as { temperature?: unknown; base?: unknown };
  if (typeof state.temperature !== 'number' || !(state.temperature > 0) || typeof state.base !== 'object' || state.base === null) {
    throw new UsageError('calibrated head: saved state needs a positive temperature and a base head.');
  }
  return new CalibratedHead(heads.restoreHead(state.base as HeadJSON), state.temperature, json.params as CalibratedParams, json.diagnostics);
}

/**
 * Temperature scaling around any strategy (scikit-learn's CalibratedClassifierCV, `ensemble=False`).
 *
 * @example
 * createStrategy('calibrated', { base: { kind: 'knn', params: { k: 5 } } });
 */
export const calibratedHead = defineHead<CalibratedInput, CalibratedStrategy, CalibratedHead>({
  tags: TAGS,
  create(params, heads) {
    const p = readParams(KIND, params, RULES);
    const base = heads.createStrategy(p.base!.kind, p.base!.params ?? {});
    return new CalibratedStrategy(base, { folds: p.folds }, heads);
  },
  restore: restoreCalibrated,
});
