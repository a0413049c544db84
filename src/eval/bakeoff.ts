/**
 * The bake-off: every strategy × backbone × training size × seed over cached embeddings,
 * with learning curves, extrapolation, significance, overfitting, calibration and
 * out-of-distribution detection. A pure function of matrices + labels + seed.
 */
import { DataError, Matrix, UsageError, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Strategy } from '../heads/head.js';
import { CalibratedStrategy } from '../heads/calibrated.js';
import type { BakeoffEntry, BakeoffResult, CurvePointResult, ExtrapolationResult, RegularizationPoint } from './bakeoff-result.js';
import { expectedCalibrationError, reliabilityBins } from './calibration.js';
import { OVERFITTING_THRESHOLD } from './cross-validate.js';
import { extrapolate } from './extrapolate.js';
import { curveSizes, sampleFewShot, sampleSize } from './few-shot.js';
import { accuracy, argmaxRows, confusionMatrix, macroF1, perClassFromConfusion } from './metrics.js';
import { evaluateOod } from './bakeoff-ood.js';
import { pairedBootstrap } from './significance.js';
import { stratifiedKFold } from './split.js';
import type { Fold } from './split.js';
import { summarize } from './stats.js';

export interface BakeoffEmbeddings {
  /** Backbone id, e.g. `use-lite@1`. */
  backbone: string;
  train: Matrix;
  test?: Matrix;
}

export interface BakeoffOptions extends JobOptions {
  /** Class names; `yTrain`/`yTest` hold indices into it. */
  labels: readonly string[];
  yTrain: Int32Array;
  yTest?: Int32Array;
  /** One entry per backbone; all share rows and labels. */
  embeddings: readonly BakeoffEmbeddings[];
  /** Name → strategy. Names label the leaderboard. */
  strategies: Readonly<Record<string, Strategy>>;
  /** Examples per class for the learning curve; default 8, 16, 32, … then the full set. */
  sizes?: readonly number[];
  /** Seeds per point; default 5 (≥ 5 for a meaningful interval). */
  seeds?: number;
  seed: number;
  /** Folds when there is no test set; default 5. */
  folds?: number;
  /** Rows with this label are out-of-scope: never trained on, used to measure OOD detection. */
  oodLabel?: string;
  /** In-distribution false-alarm rate for the OOD threshold; default 0.05. */
  falseAlarmRate?: number;
  /** Calibrate heads (temperature scaling) and report ECE before/after; default true. */
  calibrate?: boolean;
  /** A regularization path for one strategy, e.g. logistic's C. */
  regularizationPath?: { strategy: string; param: string; values: readonly number[]; make(value: number): Strategy };
  overfittingThreshold?: number;
}

interface Split {
  X: Matrix;
  y: Int32Array;
}

/** Held-out predictions of one strategy fitted on `perClass` per class, one seed. */
interface Outcome {
  yTrue: Int32Array;
  yPred: Int32Array;
  proba: Matrix;
  trainAccuracy: number;
  /** Row of each prediction in the held-out set (test rows, or all training rows under CV). */
  rows: Int32Array;
}

function pick(y: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => y[idx[i]!]!);
}

/** Drops the out-of-scope label: returns in-scope labels, kept rows and remapped classes. */
function withoutOod(labels: readonly string[], y: Int32Array, oodLabel?: string): { labels: string[]; keep: Int32Array; ood: Int32Array; y: Int32Array } {
  const o = oodLabel === undefined ? -1 : labels.indexOf(oodLabel);
  if (oodLabel !== undefined && o < 0) {
    throw new DataError(`The out-of-scope label "${oodLabel}" is not in the data; labels are: ${labels.join(', ')}.`, 'unknown_label');
  }
  const keep: number[] = [], ood: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === o ? ood : keep).push(i);
  const map = (k: number): number => (o >= 0 && k > o ? k - 1 : k);
  return {
    labels: labels.filter((_, k) => k !== o),
    keep: Int32Array.from(keep),
    ood: Int32Array.from(ood),
    y: Int32Array.from(keep, (i) => map(y[i]!)),
  };
}

async function fitAndPredict(strategy: Strategy, train: Split, test: Split, labels: readonly string[], seed: number, signal?: AbortSignal): Promise<{ proba: Matrix; trainAccuracy: number }> {
  const head = await strategy.fit(train.X, train.y, { seed, labels, signal });
  const trainAccuracy = accuracy(train.y, argmaxRows(head.predictProba(train.X)));
  return { proba: head.predictProba(test.X), trainAccuracy };
}

/**
 * One unit of work: sample `perClass` per class with `seed`, fit, predict held-out rows.
 * Under CV the sample is drawn from each fold's training part and predictions are pooled.
 */
async function runUnit(
  strategy: Strategy, train: Split, test: Split | undefined, folds: Fold[] | undefined,
  labels: readonly string[], perClass: number, seed: number, signal?: AbortSignal,
): Promise<Outcome> {
  const K = labels.length;
  if (test) {
    const s = sampleFewShot(train.y, perClass, K, seed);
    const r = await fitAndPredict(strategy, { X: train.X.selectRows(s), y: pick(train.y, s) }, test, labels, seed, signal);
    return { yTrue: test.y, yPred: argmaxRows(r.proba), proba: r.proba, trainAccuracy: r.trainAccuracy, rows: Int32Array.from(test.y, (_, i) => i) };
  }
  const proba = new Matrix(train.X.rows, K);
  let trainAcc = 0;
  for (const f of folds!) {
    throwIfAborted(signal);
    const s = pick(f.train, sampleFewShot(pick(train.y, f.train), perClass, K, seed));
    const held = { X: train.X.selectRows(f.test), y: pick(train.y, f.test) };
    const r = await fitAndPredict(strategy, { X: train.X.selectRows(s), y: pick(train.y, s) }, held, labels, seed, signal);
    for (let i = 0; i < f.test.length; i++) proba.data.set(r.proba.row(i), f.test[i]! * K);
    trainAcc += r.trainAccuracy / folds!.length;
  }
  return { yTrue: train.y, yPred: argmaxRows(proba), proba, trainAccuracy: trainAcc, rows: Int32Array.from(train.y, (_, i) => i) };
}

function toExtrapolation(points: CurvePointResult[]): { result?: ExtrapolationResult; warning?: string } {
  const usable = points.filter((p) => Number.isFinite(p.accuracy.mean));
  if (new Set(usable.map((p) => p.n)).size < 3) return { warning: 'fewer than 3 curve sizes: no extrapolation' };
  try {
    const e = extrapolate(usable.map((p) => ({ n: p.n, mean: p.accuracy.mean, se: p.accuracy.n > 1 ? p.accuracy.se : undefined })));
    return {
      result: {
        a: e.fit.a, b: e.fit.b, c: e.fit.c, available: e.available, current: e.current, at2x: e.at2x, at10x: e.at10x,
        moreDataHelps: e.moreDataHelps, sentence: e.sentence, warnings: e.fit.warnings,
      },
    };
  } catch (err) {
    return { warning: `extrapolation failed: ${(err as Error).message}` };
  }
}

/**
 * Runs the bake-off. Progress is reported per fit unit; the signal is checked between
 * units, and cancelling throws CancelledError having returned nothing partial.
 *
 * @example
 * const r = await runBakeoff({ labels, yTrain, yTest, seed: 1,
 *   embeddings: [{ backbone: 'use-lite@1', train: Xtr, test: Xte }],
 *   strategies: { logistic: createStrategy('logistic'), knn: createStrategy('knn') } });
 * r.entries[r.ranking[0]].accuracy.ci95;
 */
export async function runBakeoff(opts: BakeoffOptions): Promise<BakeoffResult> {
  const seeds = opts.seeds ?? 5;
  if (!Number.isInteger(seeds) || seeds < 1) throw new UsageError(`seeds must be a positive integer, got ${seeds}.`);
  const names = Object.keys(opts.strategies);
  if (names.length === 0) throw new UsageError('A bake-off needs at least one strategy.');
  if (opts.embeddings.length === 0) throw new UsageError('A bake-off needs at least one backbone\'s embeddings.');
  if ((opts.yTest === undefined) !== opts.embeddings.some((e) => e.test === undefined)) {
    throw new UsageError('Give test embeddings for every backbone together with yTest, or neither.');
  }
  const tr = withoutOod(opts.labels, opts.yTrain, opts.oodLabel);
  const te = opts.yTest ? withoutOod(opts.labels, opts.yTest, opts.oodLabel) : undefined;
  const labels = tr.labels;
  const K = labels.length;
  const counts = new Array<number>(K).fill(0);
  for (const k of tr.y) counts[k]!++;
  const sizes = [...(opts.sizes ?? curveSizes(counts))];
  if (!sizes.includes(Number.POSITIVE_INFINITY)) sizes.push(Number.POSITIVE_INFINITY);
  const foldsK = opts.folds ?? 5;
  const threshold = opts.overfittingThreshold ?? OVERFITTING_THRESHOLD;
  const calibrate = opts.calibrate ?? true;
  const path = opts.regularizationPath;
  const warnings: string[] = [];
  const foldSets = te ? undefined : Array.from({ length: seeds }, (_, r) => stratifiedKFold(tr.y, foldsK, opts.seed + r, labels));

  const perBackbone = names.length * sizes.length * seeds + (calibrate ? names.length : 0) + (path ? path.values.length : 0) + 1;
  const total = opts.embeddings.length * perBackbone;
  let done = 0;
  const tick = (): void => { done++; opts.onProgress?.({ phase: 'bake-off', done, total, unit: 'fits' }); };
  opts.onProgress?.({ phase: 'bake-off', done, total, unit: 'fits' });

  const entries: BakeoffEntry[] = [];
  const correctness: Float64Array[] = [];
  const ood: BakeoffResult['ood'] = [];
  for (const emb of opts.embeddings) {
    const train: Split = { X: emb.train.selectRows(tr.keep), y: tr.y };
    const test: Split | undefined = te && emb.test ? { X: emb.test.selectRows(te.keep), y: te.y } : undefined;
    for (const name of names) {
      const strategy = opts.strategies[name]!;
      const points: CurvePointResult[] = [];
      let first: Outcome | undefined;
      let correct: Float64Array | undefined;
      for (const perClass of sizes) {
        const acc: number[] = [], f1: number[] = [], trainAcc: number[] = [];
        for (let r = 0; r < seeds; r++) {
          throwIfAborted(opts.signal);
          const o = await runUnit(strategy, train, test, foldSets?.[r], labels, perClass, opts.seed + r, opts.signal);
          acc.push(accuracy(o.yTrue, o.yPred));
          f1.push(macroF1(o.yTrue, o.yPred, K));
          trainAcc.push(o.trainAccuracy);
          if (perClass === Number.POSITIVE_INFINITY) {
            if (r === 0) first = o;
            correct ??= new Float64Array(o.yTrue.length);
            for (let i = 0; i < o.yTrue.length; i++) if (o.yTrue[i] === o.yPred[i]) correct[i]! += 1 / seeds;
          }
          tick();
        }
        const full = perClass === Number.POSITIVE_INFINITY;
        const n = te ? sampleSize(counts, perClass) : Math.round(sampleSize(counts, perClass) * (foldsK - 1) / foldsK);
        points.push({ perClass: full ? null : perClass, n, accuracy: summarize(acc), macroF1: summarize(f1), trainAccuracy: summarize(trainAcc) });
      }
      const last = points[points.length - 1]!;
      const entryWarnings: string[] = [];
      const ex = toExtrapolation(points);
      if (ex.warning) entryWarnings.push(ex.warning);
      const confusion = confusionMatrix(first!.yTrue, first!.yPred, K);
      const gap = last.trainAccuracy.mean - last.accuracy.mean;
      const entry: BakeoffEntry = {
        backbone: emb.backbone, strategy: name, points, accuracy: last.accuracy, macroF1: last.macroF1,
        trainAccuracy: last.trainAccuracy, gap, overfitting: gap > threshold, confusion,
        perClass: perClassFromConfusion(confusion, labels), warnings: entryWarnings,
        ...(ex.result ? { extrapolation: ex.result } : {}),
      };
      if (calibrate) {
        throwIfAborted(opts.signal);
        const cal = new CalibratedStrategy(strategy);
        let after: { yTrue: Int32Array; proba: Matrix };
        let temperature: number | null = null;
        if (test) {
          const head = await cal.fit(train.X, train.y, { seed: opts.seed, labels, signal: opts.signal });
          temperature = head.diagnostics.chosen?.temperature as number;
          after = { yTrue: test.y, proba: head.predictProba(test.X) };
        } else {
          after = await runUnit(cal, train, undefined, foldSets![0], labels, Number.POSITIVE_INFINITY, opts.seed, opts.signal);
        }
        entry.calibration = {
          temperature,
          eceBefore: expectedCalibrationError(first!.yTrue, first!.proba),
          eceAfter: expectedCalibrationError(after.yTrue, after.proba),
          binsBefore: reliabilityBins(first!.yTrue, first!.proba),
          binsAfter: reliabilityBins(after.yTrue, after.proba),
        };
        tick();
      }
      if (path && path.strategy === name) {
        const pts: RegularizationPoint[] = [];
        for (const value of path.values) {
          throwIfAborted(opts.signal);
          const o = await runUnit(path.make(value), train, test, foldSets?.[0], labels, Number.POSITIVE_INFINITY, opts.seed, opts.signal);
          pts.push({ value, trainAccuracy: o.trainAccuracy, heldOutAccuracy: accuracy(o.yTrue, o.yPred) });
          tick();
        }
        entry.regularizationPath = { param: path.param, points: pts };
      }
      entries.push(entry);
      correctness.push(correct!);
    }
    if (path && !names.includes(path.strategy)) done += path.values.length;
    throwIfAborted(opts.signal);
    ood.push(evaluateOod({
      backbone: emb.backbone, train, test, classes: K, seed: opts.seed,
      oodTrain: tr.ood.length ? emb.train.selectRows(tr.ood) : undefined,
      oodTest: te && emb.test && te.ood.length ? emb.test.selectRows(te.ood) : undefined,
      falseAlarmRate: opts.falseAlarmRate ?? 0.05, signal: opts.signal,
    }));
    tick();
  }
  const ranking = entries.map((_, i) => i).sort((a, b) => entries[b]!.accuracy.mean - entries[a]!.accuracy.mean || a - b);
  let comparison: BakeoffResult['comparison'];
  if (ranking.length >= 2) {
    const [a, b] = [ranking[0]!, ranking[1]!];
    comparison = { a, b, ...pairedBootstrap(correctness[a]!, correctness[b]!, { seed: opts.seed }) };
  }
  if (seeds < 5) warnings.push(`only ${seeds} seed(s) per point: intervals are rough; use at least 5`);
  return {
    format: 1, method: te ? 'holdout' : 'cv', labels, seed: opts.seed, seeds,
    ...(opts.oodLabel !== undefined ? { oodLabel: opts.oodLabel } : {}),
    ...(te ? {} : { folds: foldsK }),
    trainRows: tr.keep.length, testRows: te ? te.keep.length : 0,
    entries, ranking, ...(comparison ? { comparison } : {}), ood, warnings,
  };
}
