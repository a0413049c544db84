/**
 * Cross-validation and held-out evaluation of a strategy. Evaluation takes a strategy,
 * never a fitted head: every fold fits a fresh head, so every held-out number comes from
 * rows that head did not see.
 */
import { availableParallelism } from 'node:os';
import { DataError, Matrix, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { FitDiagnostics, FittedHead, Strategy } from '../heads/index.js';
import { bootstrapScores } from './bootstrap.js';
import { expectedCalibrationError } from './calibration.js';
import { accuracy, argmaxRows, confusionMatrix, logLoss, macroF1, perClassFromConfusion } from './metrics.js';
import type { EvalResult, FoldReport, MetricName, MetricSummary, ScoreSummary, Scores } from './result.js';
import { chooseFolds } from './folds.js';
import { capacityWordsOf, innerCapacityPath, judgeOverfitting } from './overfitting.js';
import { stratifiedKFold } from '../math/index.js';

export interface EvalOptions extends JobOptions {
  /** Class names; y holds indices into it; column j of every probability matrix is labels[j]. */
  labels: readonly string[];
  /** Seeds the split and every fit. */
  seed: number;
}

export interface CrossValidateOptions extends EvalOptions {
  /** Number of folds, default 5 (the scikit-learn default: 80% of the data per fit). */
  folds?: number;
}

interface FoldOutcome {
  report: FoldReport;
  proba: Matrix;
  yPred: Int32Array;
}

/**
 * Stratified k-fold cross-validation of a strategy. With fewer examples in the smallest class
 * than `folds`, it uses that many folds instead (`chooseFolds`) and says so first in `warnings`.
 *
 * @throws DataError for mismatched inputs or a class with a single row;
 *   CancelledError when `signal` aborts (checked between folds).
 * @example
 * const r = await crossValidate(createStrategy('logistic', {}), X, y, { labels, seed: 1 });
 * r.metrics.accuracy.mean; r.overfitting;
 */
export async function crossValidate(
  strategy: Strategy,
  X: Matrix,
  y: Int32Array,
  opts: CrossValidateOptions,
): Promise<EvalResult> {
  const started = performance.now();
  checkInputs(X, y, opts.labels, 'data');
  const choice = chooseFolds(classCounts(y, opts.labels.length), opts.folds ?? 5, opts.labels);
  const k = choice.folds;
  const splits = stratifiedKFold(y, k, opts.seed, opts.labels);
  const proba = new Matrix(X.rows, opts.labels.length);
  const yPred = new Int32Array(X.rows);
  const outcomes: FoldOutcome[] = [];
  for (let f = 0; f < splits.length; f++) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase: 'cross-validate', done: f, total: k, unit: 'folds' });
    const { train, test } = splits[f]!;
    const o = await evaluateFold(strategy, f, X.selectRows(train), pick(y, train), X.selectRows(test), pick(y, test), opts);
    test.forEach((row, r) => {
      proba.data.set(o.proba.row(r), row * proba.cols);
      yPred[row] = o.yPred[r]!;
    });
    outcomes.push(o);
  }
  throwIfAborted(opts.signal);
  opts.onProgress?.({ phase: 'cross-validate', done: k, total: k, unit: 'folds' });
  const result = assemble('cv', strategy, y, yPred, proba, outcomes, opts, started);
  if (choice.note) {
    result.foldsRequested = choice.wanted;
    result.warnings.unshift(choice.note);
  }
  return result;
}

export interface FitWithCvOptions extends CrossValidateOptions {
  /** Threads the fits may use (default: up to 2 of the machine's cores); results do not depend on it. */
  threads?: number;
}

export interface FitWithCv {
  cv: EvalResult;
  /** `final` fitted on all rows. */
  head: FittedHead;
  /** The strategy whose `fit` gives `head` bit-for-bit: its parameters are the ones to save. */
  strategy: Strategy;
}

/**
 * Cross-validates `measured` and fits `final` (it, or a wrapper that keeps its arg-max such
 * as `calibrated(measured)`) on all rows. When `final` can cross-fit (logistic choosing C),
 * one set of folds serves the score, the choice of C and the calibration: each fold's score
 * comes from a fit that never saw its rows, at the C chosen by the other folds' held-out
 * losses (see logistic's `crossFit`), and the whole costs one C search instead of one per
 * fold plus one for the head. Otherwise it is `crossValidate` then `final.fit`.
 *
 * @example
 * const { cv, head, strategy } = await crossValidateAndFit(s, calibrated(s), X, y, { labels, seed: 1 });
 */
export async function crossValidateAndFit(
  measured: Strategy, final: Strategy, X: Matrix, y: Int32Array, opts: FitWithCvOptions,
): Promise<FitWithCv> {
  const threads = opts.threads ?? Math.min(2, availableParallelism());
  if (final.crossFit) {
    const started = performance.now();
    checkInputs(X, y, opts.labels, 'data');
    const choice = chooseFolds(classCounts(y, opts.labels.length), opts.folds ?? 5, opts.labels);
    opts.onProgress?.({ phase: 'cross-validate', done: 0, total: choice.folds, unit: 'folds' });
    const r = await final.crossFit(X, y, { seed: opts.seed, labels: opts.labels, signal: opts.signal, threads, folds: choice.folds, onProgress: opts.onProgress });
    if (r !== undefined) {
      throwIfAborted(opts.signal);
      const proba = new Matrix(X.rows, opts.labels.length);
      const yPred = new Int32Array(X.rows);
      const outcomes = r.folds.map((f, j) => {
        // The fold's rows are read from X a block at a time (a cross-fit head predicts rows
        // independently), not copied whole: the train rows are 80% of X.
        const o = scoreFold(f.head, j, { X, rows: f.train }, pick(y, f.train), { X, rows: f.test }, pick(y, f.test), opts, f.seconds);
        f.test.forEach((row, i) => {
          proba.data.set(o.proba.row(i), row * proba.cols);
          yPred[row] = o.yPred[i]!;
        });
        return o;
      });
      opts.onProgress?.({ phase: 'cross-validate', done: choice.folds, total: choice.folds, unit: 'folds' });
      const cv = assemble('cv', measured, y, yPred, proba, outcomes, opts, started);
      const wanted = opts.folds ?? 5;
      if (outcomes.length < wanted) {
        cv.foldsRequested = wanted;
        cv.warnings.unshift(choice.note ?? `${outcomes.length}-fold cross-validation instead of ${wanted}: the smallest class has too few examples`);
      }
      return { cv, head: r.head, strategy: r.strategy };
    }
  }
  const cv = await crossValidate(measured, X, y, opts);
  throwIfAborted(opts.signal);
  const head = await final.fit(X, y, { seed: opts.seed, labels: opts.labels, signal: opts.signal, threads, onProgress: opts.onProgress });
  return { cv, head, strategy: final };
}

function classCounts(y: Int32Array, K: number): number[] {
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  return counts;
}

/**
 * Fits once on the training rows and scores on separate test rows.
 *
 * @example
 * const r = await evaluateOnTest(strategy, Xtr, ytr, Xte, yte, { labels, seed: 1 });
 */
export async function evaluateOnTest(
  strategy: Strategy,
  Xtrain: Matrix,
  ytrain: Int32Array,
  Xtest: Matrix,
  ytest: Int32Array,
  opts: EvalOptions,
): Promise<EvalResult> {
  const started = performance.now();
  checkInputs(Xtrain, ytrain, opts.labels, 'training data');
  checkInputs(Xtest, ytest, opts.labels, 'test data');
  if (Xtrain.cols !== Xtest.cols) {
    throw new DataError(`Training rows have ${Xtrain.cols} columns but test rows have ${Xtest.cols}; embed both with the same backbone.`, 'dim_mismatch');
  }
  throwIfAborted(opts.signal);
  opts.onProgress?.({ phase: 'evaluate', done: 0, total: 1, unit: 'fits' });
  const o = await evaluateFold(strategy, 0, Xtrain, ytrain, Xtest, ytest, opts);
  throwIfAborted(opts.signal);
  opts.onProgress?.({ phase: 'evaluate', done: 1, total: 1, unit: 'fits' });
  return assemble('holdout', strategy, ytest, o.yPred, o.proba, [o], opts, started);
}

async function evaluateFold(
  strategy: Strategy, fold: number,
  Xtr: Matrix, ytr: Int32Array, Xte: Matrix, yte: Int32Array, opts: EvalOptions,
): Promise<FoldOutcome> {
  const t0 = performance.now();
  const head = await strategy.fit(Xtr, ytr, { seed: opts.seed + fold, labels: opts.labels, signal: opts.signal });
  return scoreFold(head, fold, { X: Xtr }, ytr, { X: Xte }, yte, opts, (performance.now() - t0) / 1000);
}

/** Rows to score: all of X, or the listed rows of X (gathered a block at a time). */
interface RowSet {
  X: Matrix;
  rows?: Int32Array;
}

/** Rows of a RowSet gathered at a time: 16 MB of 4096-d Float32. */
const SCORE_BLOCK = 1024;

const rowCount = (s: RowSet): number => s.rows?.length ?? s.X.rows;

/** A fitted fold head's held-out and train scores. */
function scoreFold(
  head: FittedHead, fold: number, tr: RowSet, ytr: Int32Array, te: RowSet, yte: Int32Array, opts: EvalOptions, fitSeconds: number,
): FoldOutcome {
  const t1 = performance.now();
  const proba = predict(head, te, opts.labels, fold);
  const t2 = performance.now();
  // Heads that predict their own rows trivially (knn) score their training rows leave-one-out.
  const loo = head.leaveOneOutProba?.();
  const trainProba = loo ? checked(head, loo, rowCount(tr), opts.labels, fold) : predict(head, tr, opts.labels, fold);
  const yPred = argmaxRows(proba);
  const report: FoldReport = {
    fold,
    trainRows: rowCount(tr),
    testRows: rowCount(te),
    fitSeconds,
    predictSeconds: (t2 - t1) / 1000,
    // a JSON copy: the result must stay plain data, and the head's object stays the head's
    diagnostics: JSON.parse(JSON.stringify(head.diagnostics)) as FitDiagnostics,
    test: scores(yte, proba, yPred, opts.labels.length),
    train: scores(ytr, trainProba, argmaxRows(trainProba), opts.labels.length),
    trainScoring: loo ? 'leave-one-out' : 'resubstitution',
  };
  return { report, proba, yPred };
}

function predict(head: FittedHead, set: RowSet, labels: readonly string[], fold: number): Matrix {
  const { X, rows } = set;
  if (rows === undefined) return checked(head, head.predictProba(X), X.rows, labels, fold);
  const out = new Matrix(rows.length, labels.length);
  for (let from = 0; from < rows.length; from += SCORE_BLOCK) {
    const block = rows.subarray(from, Math.min(rows.length, from + SCORE_BLOCK));
    out.data.set(checked(head, head.predictProba(X.selectRows(block)), block.length, labels, fold).data, from * labels.length);
  }
  return out;
}

function checked(head: FittedHead, P: Matrix, rows: number, labels: readonly string[], fold: number): Matrix {
  if (P.rows !== rows || P.cols !== labels.length) {
    throw new DataError(
      `Fold ${fold + 1}: the ${head.kind} head returned ${P.rows}×${P.cols} probabilities for ${rows} rows and ${labels.length} labels. ` +
        'This is a bug in the head; please report it.',
      'bad_head_output',
    );
  }
  return P;
}

function scores(y: Int32Array, P: Matrix, yPred: Int32Array, nClasses: number): Scores {
  return {
    accuracy: accuracy(y, yPred),
    macroF1: macroF1(y, yPred, nClasses),
    logLoss: logLoss(y, P),
    ece: expectedCalibrationError(y, P),
  };
}

const METRICS: readonly MetricName[] = ['accuracy', 'macroF1', 'logLoss', 'ece'];

function assemble(
  method: EvalResult['method'], strategy: Strategy, y: Int32Array, yPred: Int32Array, proba: Matrix,
  outcomes: FoldOutcome[], opts: EvalOptions, started: number,
): EvalResult {
  const reports = outcomes.map((o) => o.report);
  const metrics = summarise(reports.map((r) => r.test));
  if (method === 'holdout') {
    // One fit has no spread over folds: say how much the score could move with another test
    // sample of this size, by the same seeded bootstrap the bake-off uses at its full-set point.
    const boot = bootstrapScores(y, yPred, opts.labels.length, opts.seed);
    metrics.accuracy = { ...metrics.accuracy, std: boot.accuracy.std, ci95: boot.accuracy.ci95 };
    metrics.macroF1 = { ...metrics.macroF1, std: boot.macroF1.std, ci95: boot.macroF1.ci95 };
  }
  const train = summarise(reports.map((r) => r.train));
  const confusion = confusionMatrix(y, yPred, opts.labels.length);
  const gap: Scores = {
    accuracy: train.accuracy.mean - metrics.accuracy.mean,
    macroF1: train.macroF1.mean - metrics.macroF1.mean,
    logLoss: metrics.logLoss.mean - train.logLoss.mean,
    ece: metrics.ece.mean - train.ece.mean,
  };
  const warnings = reports.flatMap((r) => r.diagnostics.warnings.map((w) => (outcomes.length > 1 ? `fold ${r.fold + 1}: ${w}` : w)));
  // Overfitting is capacity that hurts held-out accuracy, read from the folds' inner-CV paths
  // (a parameter chosen by inner CV); without one it is unmeasured, whatever the gap.
  const words = capacityWordsOf(String(strategy.kind));
  const verdict = judgeOverfitting(words && innerCapacityPath(reports.map((r) => r.diagnostics), words), String(strategy.kind), gap.accuracy);
  if (verdict.level === 'overfitting') warnings.push(verdict.sentence);
  const fitTotal = reports.reduce((s, r) => s + r.fitSeconds, 0);
  return {
    format: 1,
    method,
    strategy: { kind: String(strategy.kind), params: JSON.parse(JSON.stringify(strategy.params)) as object },
    labels: [...opts.labels],
    seed: opts.seed,
    folds: outcomes.length,
    rows: y.length,
    metrics,
    train,
    gap,
    overfitting: verdict.level === 'overfitting',
    overfittingVerdict: verdict,
    trainScoring: reports.some((r) => r.trainScoring === 'leave-one-out') ? 'leave-one-out' : 'resubstitution',
    perClass: perClassFromConfusion(confusion, opts.labels),
    confusion,
    proba: proba.toRows(),
    fits: reports,
    warnings,
    timing: {
      fitSecondsMean: fitTotal / outcomes.length,
      fitSecondsTotal: fitTotal,
      totalSeconds: (performance.now() - started) / 1000,
    },
  };
}

function summarise(perFold: Scores[]): ScoreSummary {
  const out = {} as ScoreSummary;
  for (const m of METRICS) out[m] = meanStd(perFold.map((s) => s[m]));
  return out;
}

/** Mean and population standard deviation (ddof = 0, numpy's default). */
export function meanStd(values: number[]): MetricSummary {
  const n = values.length;
  const mean = n === 0 ? 0 : values.reduce((s, v) => s + v, 0) / n;
  const variance = n === 0 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(variance), values };
}

function checkInputs(X: Matrix, y: Int32Array, labels: readonly string[], what: string): void {
  if (labels.length < 2) {
    throw new DataError(`Evaluation needs at least 2 labels, got ${labels.length} (${labels.join(', ') || 'none'}). Add examples of another class.`, 'too_few_labels');
  }
  if (X.rows !== y.length) {
    throw new DataError(`The ${what} has ${X.rows} embedding rows but ${y.length} labels; they must match one to one.`, 'length_mismatch');
  }
  if (X.rows === 0) throw new DataError(`The ${what} has no rows; nothing to evaluate.`, 'empty_data');
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < 0 || y[i]! >= labels.length) {
      throw new DataError(`The ${what}, row ${i}: class index ${y[i]} is outside 0..${labels.length - 1} (labels: ${labels.join(', ')}).`, 'bad_class_index');
    }
  }
}

function pick(y: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]!;
  return out;
}
