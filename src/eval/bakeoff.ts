/**
 * The bake-off: every strategy × backbone × training size × seed over cached embeddings,
 * with learning curves, extrapolation, significance, overfitting, calibration and
 * out-of-distribution detection. A pure function of matrices + labels + seed.
 */
import { DataError, Matrix, Rng, UsageError, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import { applyTemperature, calibrated } from '../heads/index.js';
import type { FitOptions, FittedHead, Strategy } from '../heads/index.js';
import type { BakeoffEntry, BakeoffResult, CurvePointResult, ExtrapolationResult, RegularizationPoint } from './bakeoff-result.js';
import { expectedCalibrationError, reliabilityBins } from './calibration.js';
import { OVERFITTING_THRESHOLD } from './cross-validate.js';
import { extrapolate } from './extrapolate.js';
import { curveSizes, sampleFewShot, sampleSize } from './few-shot.js';
import { chooseFolds } from './folds.js';
import { accuracy, argmaxRows, confusionMatrix, macroF1, perClassFromConfusion } from './metrics.js';
import { bootstrapScores } from './bootstrap.js';
import { FitPool, registrySpec, scoreFit, trainAccuracyOf } from './fit-job.js';
import type { FitData, FitJob } from './fit-job.js';
import { evaluateOod } from './bakeoff-ood.js';
import { pairedBootstrap } from './significance.js';
import { compareBackbones } from './backbone-comparison.js';
import { stratifiedKFold } from '../math/index.js';
import type { Fold } from '../math/index.js';
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
  /** Examples per class for the learning curve; default 8, 16, 32, … up to half the rows, then the full set (`defaultCurveSizes`). */
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
  /**
   * A regularization path for one strategy, e.g. logistic's C, measured on one split (the test
   * set, or the first fold under CV). `reuseChosen`: the strategy's full-set fit with its chosen
   * value of `param` is a fit of `make(value)`'s model at least as tight (true of logistic: it
   * refits with the chosen C to the default tolerance), so that path point reuses it instead of
   * fitting again.
   */
  regularizationPath?: { strategy: string; param: string; values: readonly number[]; make(value: number): Strategy; reuseChosen?: boolean };
  /** Training rows scored for train accuracy; default 2,000 (a seeded sample when there are more). */
  trainAccuracyRows?: number;
  /**
   * Worker threads for the learning-curve fits (default 1: all in this thread). With 2 or more,
   * the curve fits of strategies the registry can rebuild from kind + params run on worker
   * threads while this thread fits the full set, calibration and the path. Same numbers either way.
   */
  workers?: number;
  overfittingThreshold?: number;
}

interface Split {
  X: Matrix;
  y: Int32Array;
}

/** Held-out predictions of one fit (or of pooled fold fits under CV). */
interface Outcome {
  yTrue: Int32Array;
  yPred: Int32Array;
  proba: Matrix;
  trainAccuracy: number;
}

/** One full-training-set fit kept for calibration and the regularization path to reuse. */
interface FullFit {
  train: Split;
  held: Split;
  head: FittedHead;
  proba: Matrix;
  trainAccuracy: number;
}

/**
 * The default learning curve, in examples per class: 8, 16, 32, … (`curveSizes`) up to the
 * sizes whose sample takes at most half of the training rows, then the full set. A larger
 * sample is mostly the full set's own rows (2,048 per class is 82% of ag_news's 10,001), so its
 * point adds little to the full-set point beside it, and it is the curve's costliest point:
 * `seeds` fits of the largest size, about 40% of ag_news's bake-off. `sizes` still asks for it.
 * The first two sizes stay whatever their share, so that small data still gets the three
 * points an extrapolation needs.
 *
 * @example
 * defaultCurveSizes([2500, 2500, 2500, 2501]); // [8, 16, …, 1024, Infinity]
 */
export function defaultCurveSizes(classCounts: readonly number[]): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const sizes = curveSizes(classCounts).filter((n) => Number.isFinite(n));
  return [...sizes.filter((n, i) => i < 2 || sampleSize(classCounts, n) <= total / 2), Number.POSITIVE_INFINITY];
}

/** Training rows scored for train accuracy (the overfitting gap): at most this many. */
export const TRAIN_ACCURACY_ROWS = 2000;

function pick(y: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => y[idx[i]!]!);
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
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

async function fitOne(
  strategy: Strategy, train: Split, held: Split, labels: readonly string[], seed: number, cap: number, signal?: AbortSignal,
): Promise<FullFit> {
  const head = await strategy.fit(train.X, train.y, { seed, labels, signal });
  throwIfAborted(signal);
  return { train, held, head, proba: head.predictProba(held.X), trainAccuracy: trainAccuracyOf(head, train.X, train.y, cap, seed) };
}

/**
 * A strategy that hands back heads it was given for exactly these rows and seed, and fits
 * anything else with the wrapped strategy. It lets calibration's base fit reuse the curve's
 * full-size fit instead of repeating it. Same kind and params as the wrapped strategy.
 */
class ReuseStrategy implements Strategy {
  readonly kind: string;
  readonly params: object;
  readonly tags: Strategy['tags'];
  private readonly known: { X: Matrix; y: Int32Array; seed: number; head: FittedHead }[] = [];

  constructor(private readonly inner: Strategy) {
    this.kind = inner.kind;
    this.params = inner.params;
    this.tags = inner.tags;
  }

  remember(X: Matrix, y: Int32Array, seed: number, head: FittedHead): void {
    this.known.push({ X, y, seed, head });
  }

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    const hit = this.known.find((k) => k.X === X && k.y === y && k.seed === opts.seed);
    return hit ? hit.head : this.inner.fit(X, y, opts);
  }
}

/** Pools fold outcomes into one held-out prediction per training row (CV). */
function pool(fits: readonly { proba: Matrix; trainAccuracy: number }[], folds: readonly Fold[], rows: number, K: number, y: Int32Array): Outcome {
  const proba = new Matrix(rows, K);
  let trainAcc = 0;
  fits.forEach((f, i) => {
    const test = folds[i]!.test;
    for (let r = 0; r < test.length; r++) proba.data.set(f.proba.row(r), test[r]! * K);
    trainAcc += f.trainAccuracy / fits.length;
  });
  return { yTrue: y, yPred: argmaxRows(proba), proba, trainAccuracy: trainAcc };
}

function toExtrapolation(points: CurvePointResult[]): { result?: ExtrapolationResult; warning?: string } {
  const usable = points.filter((p) => Number.isFinite(p.accuracy.mean));
  if (new Set(usable.map((p) => p.n)).size < 3) return { warning: 'fewer than 3 curve sizes: no extrapolation' };
  try {
    const e = extrapolate(usable.map((p) => ({ n: p.n, mean: p.accuracy.mean, se: p.accuracy.se > 0 ? p.accuracy.se : undefined })));
    return {
      result: {
        a: e.fit.a, b: e.fit.b, c: e.fit.c, available: e.available, current: e.current, at2x: e.at2x, at10x: e.at10x,
        reliable: e.reliable, moreDataHelps: e.moreDataHelps, sentence: e.sentence, warnings: e.fit.warnings,
      },
    };
  } catch (err) {
    return { warning: `extrapolation failed: ${(err as Error).message}` };
  }
}

/**
 * Runs the bake-off. Each learning-curve size below the full set is measured over `seeds`
 * samples (a t interval over seeds). At the full set every seed would draw the same rows, so
 * it is fitted once (once per fold under CV, on the first seed's folds) and its interval is a
 * percentile bootstrap over the held-out rows; calibration reuses that fit as its base, and
 * the regularization path reuses it at the chosen value. Progress is reported per fit unit;
 * the signal is checked between units, and cancelling throws CancelledError having returned
 * nothing partial.
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
  const warnings: string[] = [];
  // A size that already takes every row is the full-set point: every seed would draw the same rows.
  const requested = [...new Set(opts.sizes ?? defaultCurveSizes(counts))].filter((n) => n !== Number.POSITIVE_INFINITY);
  const sizes = requested.filter((n) => sampleSize(counts, n) < tr.y.length);
  if (sizes.length < requested.length) {
    warnings.push(`size(s) ${requested.filter((n) => !sizes.includes(n)).join(', ')} per class already take every training row: measured once, as the full-set point`);
  }
  const foldChoice = te ? undefined : chooseFolds(counts, opts.folds ?? 5, labels);
  if (foldChoice?.note) warnings.push(foldChoice.note);
  const foldsK = foldChoice?.folds ?? opts.folds ?? 5;
  const threshold = opts.overfittingThreshold ?? OVERFITTING_THRESHOLD;
  const calibrate = opts.calibrate ?? true;
  const cap = opts.trainAccuracyRows ?? TRAIN_ACCURACY_ROWS;
  const path = opts.regularizationPath;
  const foldSets = te ? undefined : Array.from({ length: seeds }, (_, r) => stratifiedKFold(tr.y, foldsK, opts.seed + r, labels));

  const perBackbone = names.length * (sizes.length * seeds + 1) + (calibrate ? names.length : 0) + (path ? path.values.length : 0) + 1;
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
    // Under CV, the full-set point uses the first seed's folds; the same split matrices serve calibration and the path.
    const fullSplits: { train: Split; held: Split }[] = test
      ? [{ train, held: test }]
      : foldSets![0]!.map((f) => ({
        train: { X: train.X.selectRows(f.train), y: pick(train.y, f.train) },
        held: { X: train.X.selectRows(f.test), y: pick(train.y, f.test) },
      }));
    const data: FitData = { train: train.X, yTrain: train.y, ...(test ? { test: test.X, yTest: test.y } : {}), labels };
    const specs = names.map((n) => registrySpec(opts.strategies[n]!));
    const fitPool = (opts.workers ?? 1) > 1 && specs.some(Boolean) ? new FitPool(opts.workers!, data) : undefined;
    const runJob = (i: number, job: FitJob): Promise<{ proba: Matrix; trainAccuracy: number }> => {
      const spec = specs[i];
      return fitPool && spec ? fitPool.run(spec.kind, spec.params, job) : scoreFit(opts.strategies[names[i]!]!, data, job, opts.signal);
    };
    /** One curve unit: sample `perClass` per class with seed + r, fit, score (pooled over folds under CV). */
    const unit = async (i: number, perClass: number, r: number): Promise<{ acc: number; f1: number; trainAcc: number }> => {
      const seed = opts.seed + r;
      let o: Outcome;
      if (test) {
        const f = await runJob(i, { trainRows: sampleFewShot(train.y, perClass, K, seed), held: 'test', seed, cap });
        o = { yTrue: test.y, yPred: argmaxRows(f.proba), proba: f.proba, trainAccuracy: f.trainAccuracy };
      } else {
        const folds = foldSets![r]!;
        const jobs: FitJob[] = folds.map((fold) => ({ trainRows: pick(fold.train, sampleFewShot(pick(train.y, fold.train), perClass, K, seed)), held: fold.test, seed, cap }));
        const fits: { proba: Matrix; trainAccuracy: number }[] = [];
        if (fitPool && specs[i]) fits.push(...await Promise.all(jobs.map((j) => runJob(i, j))));
        else for (const j of jobs) { throwIfAborted(opts.signal); fits.push(await runJob(i, j)); }
        o = pool(fits, folds, train.y.length, K, train.y);
      }
      return { acc: accuracy(o.yTrue, o.yPred), f1: macroF1(o.yTrue, o.yPred, K), trainAcc: o.trainAccuracy };
    };
    // With a pool, every pooled curve unit starts now and runs while this thread does the rest.
    const started = new Map<string, Promise<{ acc: number; f1: number; trainAcc: number }>>();
    if (fitPool) {
      names.forEach((_, i) => {
        if (!specs[i]) return;
        for (const perClass of [...sizes].reverse()) { // the pool runs the costliest first anyway
          for (let r = 0; r < seeds; r++) {
            const p = unit(i, perClass, r).then((v) => { tick(); return v; });
            p.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
            started.set(`${i}:${perClass}:${r}`, p);
          }
        }
      });
    }
    // This thread's share first (every strategy's full-set fit, calibration and path, then OOD),
    // and only then the curve units: it never waits on the pool while it still has work.
    const partial: { entry: BakeoffEntry; points: CurvePointResult[]; correct: Float64Array; pathDone?: Promise<void> }[] = [];
    // Between this thread's synchronous fits, let the pool's replies in so idle workers get their next job.
    const breathe = (): Promise<void> => (fitPool ? new Promise((r) => setImmediate(r)) : Promise.resolve());
    let oodResult: BakeoffResult['ood'][number];
    try {
      for (const [i, name] of names.entries()) {
        const strategy = new ReuseStrategy(opts.strategies[name]!);
        const points: CurvePointResult[] = [];
        // The full training set: every seed would draw the same rows, so one fit (one per fold
        // under CV), with the interval from a bootstrap over the held-out rows.
        throwIfAborted(opts.signal);
        const fulls: FullFit[] = [];
        for (const sp of fullSplits) {
          throwIfAborted(opts.signal);
          const f = await fitOne(strategy, sp.train, sp.held, labels, opts.seed, cap, opts.signal);
          strategy.remember(sp.train.X, sp.train.y, opts.seed, f.head);
          fulls.push(f);
          await breathe();
        }
        const first: Outcome = test
          ? { yTrue: test.y, yPred: argmaxRows(fulls[0]!.proba), proba: fulls[0]!.proba, trainAccuracy: fulls[0]!.trainAccuracy }
          : pool(fulls, foldSets![0]!, train.y.length, K, train.y);
        const scores = bootstrapScores(first.yTrue, first.yPred, K, opts.seed);
        points.push({
          perClass: null, n: test ? train.y.length : Math.round(train.y.length * (foldsK - 1) / foldsK),
          accuracy: scores.accuracy, macroF1: scores.macroF1, trainAccuracy: summarize([first.trainAccuracy]), interval: 'bootstrap',
        });
        tick();
        const correct = Float64Array.from(first.yTrue, (t, i) => (t === first.yPred[i] ? 1 : 0));

        const last = points[points.length - 1]!;
        const entryWarnings: string[] = [];
        const confusion = confusionMatrix(first.yTrue, first.yPred, K);
        const gap = last.trainAccuracy.mean - last.accuracy.mean;
        const entry: BakeoffEntry = {
          backbone: emb.backbone, strategy: name, points, accuracy: last.accuracy, macroF1: last.macroF1,
          trainAccuracy: last.trainAccuracy, gap, overfitting: gap > threshold, confusion,
          perClass: perClassFromConfusion(confusion, labels), warnings: entryWarnings,
        };
        if (calibrate) {
          // The calibrated head's base is the full-set fit above (reused, not refitted); only its
          // out-of-fold fits are new. Tempering leaves the arg-max, so accuracy is unchanged.
          const cal = calibrated(strategy);
          const tempered: FullFit[] = [];
          let temperature: number | null = null;
          for (let i = 0; i < fulls.length; i++) {
            throwIfAborted(opts.signal);
            const f = fulls[i]!;
            const head = await cal.fit(f.train.X, f.train.y, { seed: opts.seed, labels, signal: opts.signal });
            const T = head.diagnostics.chosen?.temperature as number;
            if (test) temperature = T;
            tempered.push({ ...f, proba: applyTemperature(f.proba, T) });
            await breathe();
          }
          const after = test ? tempered[0]!.proba : pool(tempered, foldSets![0]!, train.y.length, K, train.y).proba;
          entry.calibration = {
            temperature,
            eceBefore: expectedCalibrationError(first.yTrue, first.proba),
            eceAfter: expectedCalibrationError(first.yTrue, after),
            binsBefore: reliabilityBins(first.yTrue, first.proba),
            binsAfter: reliabilityBins(first.yTrue, after),
          };
          tick();
        }
        let pathDone: Promise<void> | undefined;
        if (path && path.strategy === name) {
          // One split: the test set, or the first fold under CV.
          const base = fulls[0]!;
          const chosen = base.head.diagnostics.chosen?.[path.param];
          // Each point but the reused one is a fit at a fixed value: a pool job (the rows are the
          // first full split's) when the pool can rebuild the strategy, else fitted here.
          const job: FitJob = test
            ? { trainRows: range(train.y.length), held: 'test', seed: opts.seed, cap }
            : { trainRows: foldSets![0]![0]!.train, held: foldSets![0]![0]!.test, seed: opts.seed, cap };
          const fits: (Promise<{ proba: Matrix; trainAccuracy: number }> | { proba: Matrix; trainAccuracy: number })[] = [];
          for (const value of path.values) {
            throwIfAborted(opts.signal);
            const reuse = path.reuseChosen && chosen === value;
            const spec = fitPool && !reuse ? registrySpec(path.make(value)) : undefined;
            if (fitPool && spec) {
              const p = fitPool.run(spec.kind, spec.params, job).then((f) => { tick(); return f; });
              p.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
              fits.push(p);
              continue;
            }
            fits.push(reuse ? base : await fitOne(path.make(value), base.train, base.held, labels, opts.seed, cap, opts.signal));
            tick();
            await breathe();
          }
          pathDone = Promise.all(fits).then((done) => {
            const pts: RegularizationPoint[] = done.map((f, j) => ({
              value: path.values[j]!, trainAccuracy: f.trainAccuracy, heldOutAccuracy: accuracy(base.held.y, argmaxRows(f.proba)),
            }));
            entry.regularizationPath = { param: path.param, points: pts, heldOut: test ? 'test' : 'fold 1' };
          });
          pathDone.catch(() => undefined); // awaited with the curve below
        }
        partial.push({ entry, points, correct, pathDone });
      }
      // The OOD section needs no head: measured now, while the pool is still busy with curve units.
      throwIfAborted(opts.signal);
      oodResult = evaluateOod({
        backbone: emb.backbone, train, test, classes: K, seed: opts.seed,
        oodTrain: tr.ood.length ? emb.train.selectRows(tr.ood) : undefined,
        oodTest: te && emb.test && te.ood.length ? emb.test.selectRows(te.ood) : undefined,
        falseAlarmRate: opts.falseAlarmRate ?? 0.05, signal: opts.signal,
      });
      tick();
      await breathe();
      for (const [i, { entry, points, correct, pathDone }] of partial.entries()) {
        await pathDone;
        // The learning curve below the full set: one fit per seed (awaited from the pool, or run here).
        const curve: CurvePointResult[] = [];
        for (const perClass of sizes) {
          const acc: number[] = [], f1: number[] = [], trainAcc: number[] = [];
          for (let r = 0; r < seeds; r++) {
            throwIfAborted(opts.signal);
            const pending = started.get(`${i}:${perClass}:${r}`);
            const u = pending ? await pending : await unit(i, perClass, r);
            if (!pending) tick();
            acc.push(u.acc);
            f1.push(u.f1);
            trainAcc.push(u.trainAcc);
          }
          const n = test ? sampleSize(counts, perClass) : Math.round(sampleSize(counts, perClass) * (foldsK - 1) / foldsK);
          curve.push({ perClass, n, accuracy: summarize(acc), macroF1: summarize(f1), trainAccuracy: summarize(trainAcc), interval: 'seeds' });
        }
        points.unshift(...curve);
        const ex = toExtrapolation(points);
        if (ex.warning) entry.warnings.push(ex.warning);
        if (ex.result) entry.extrapolation = ex.result;
        entries.push(entry);
        correctness.push(correct);
      }
    } finally {
      await fitPool?.close();
    }
    if (path && !names.includes(path.strategy)) done += path.values.length;
    ood.push(oodResult);
  }
  const ranking = entries.map((_, i) => i).sort((a, b) => entries[b]!.accuracy.mean - entries[a]!.accuracy.mean || a - b);
  let comparison: BakeoffResult['comparison'];
  if (ranking.length >= 2) {
    const [a, b] = [ranking[0]!, ranking[1]!];
    comparison = { a, b, ...pairedBootstrap(correctness[a]!, correctness[b]!, { seed: opts.seed }) };
  }
  const backbones = compareBackbones(entries, ranking, correctness, opts.seed);
  if (seeds < 5) warnings.push(`only ${seeds} seed(s) per point: intervals are rough; use at least 5`);
  return {
    format: 1, method: te ? 'holdout' : 'cv', labels, seed: opts.seed, seeds,
    ...(opts.oodLabel !== undefined ? { oodLabel: opts.oodLabel } : {}),
    ...(te ? {} : { folds: foldsK }),
    trainRows: tr.keep.length, testRows: te ? te.keep.length : 0, trainAccuracyRows: cap,
    entries, ranking, ...(comparison ? { comparison } : {}), ...(backbones.length > 1 ? { backbones } : {}), ood, warnings,
  };
}
