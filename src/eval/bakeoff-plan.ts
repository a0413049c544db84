/**
 * The bake-off's planner: checks the options and lays out every fit it will make, per backbone
 * (the full-set fits, calibration, the regularization path, the learning-curve units and the
 * OOD section), with the shared settings the executor and the aggregator read. Fits nothing.
 */
import { DataError, UsageError } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import type { Strategy } from '../heads/index.js';
import { stratifiedKFold } from '../math/index.js';
import type { Fold } from '../math/index.js';
import type { BakeoffEmbeddings, BakeoffOptions, BakeoffPath } from './bakeoff.js';
import { curveSizes, sampleSize } from './few-shot.js';
import { chooseFolds } from './folds.js';
import type { FitData } from './fit-job.js';

export interface Split {
  X: Matrix;
  y: Int32Array;
}

/** One fit (or unit of fits) of the plan, in the order the executor reports progress by. */
export type PlannedFit =
  /** The strategy on the full training set: one fit, or one per fold of the first seed's folds under CV. */
  | { kind: 'full'; strategy: number }
  /** Temperature scaling around that full-set fit (its out-of-fold fits). */
  | { kind: 'calibration'; strategy: number }
  /** One value of the regularization path, on the first full split. */
  | { kind: 'path'; strategy: number; value: number }
  /** One learning-curve sample: `perClass` examples per class drawn with seed + `round`. */
  | { kind: 'curve'; strategy: number; perClass: number; round: number }
  /** The OOD section (no head). */
  | { kind: 'ood' };

export interface BackbonePlan {
  embeddings: BakeoffEmbeddings;
  /** The strategies fitted on these embeddings, by name: the bake-off's, or the embeddings' own. */
  names: string[];
  strategies: Strategy[];
  /** Curve sizes measured here: the bake-off's, or none for embeddings with their own strategies (full set only). */
  sizes: number[];
  calibrate: boolean;
  /** Per strategy (by index): its regularization path, if any. */
  paths: (BakeoffPath | undefined)[];
  /** Planned path fits of paths naming no strategy of the bake-off: counted as progress, never run. */
  stray: number;
  train: Split;
  test?: Split;
  /** The full-set splits: the test set, or the first seed's folds under CV. */
  fullSplits: { train: Split; held: Split }[];
  /**
   * Per full split (as `fullSplits`), per strategy: what fits that split instead of `strategies`
   * (the cross-backbone ensemble's, made from its parts' heads on the same split).
   */
  splitStrategies?: Strategy[][];
  /** What a fit job reads (in this thread or shared with worker threads). */
  data: FitData;
  fits: PlannedFit[];
}

export interface BakeoffPlan {
  opts: BakeoffOptions;
  names: string[];
  strategies: Strategy[];
  /** In-scope labels (without the OOD label). */
  labels: string[];
  K: number;
  counts: number[];
  /** Curve sizes below the full set, examples per class. */
  sizes: number[];
  seeds: number;
  folds: number;
  /** Per seed round under CV: its stratified folds; undefined with a test set. */
  foldSets?: Fold[][];
  calibrate: boolean;
  /** Training rows scored for train accuracy. */
  cap: number;
  /** Per strategy (by index): its regularization path, if any. */
  paths: (BakeoffPath | undefined)[];
  /** Planned path fits of paths naming no strategy of the bake-off: counted, never run. */
  stray: number;
  /** Rows of the training (and test) set in scope, and the out-of-scope ones. */
  train: Scope;
  test?: Scope;
  warnings: string[];
  backbones: BackbonePlan[];
  /** Progress units over the whole bake-off. */
  total: number;
}

/** Rows of a labelled set in scope (remapped classes) and the out-of-scope rows. */
export interface Scope {
  labels: string[];
  keep: Int32Array;
  ood: Int32Array;
  y: Int32Array;
}

/** Training rows scored for train accuracy (the overfitting gap): at most this many. */
export const TRAIN_ACCURACY_ROWS = 2000;

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

export function pick(y: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => y[idx[i]!]!);
}

/** Checks the options and lays out every fit of the bake-off. */
export function planBakeoff(opts: BakeoffOptions): BakeoffPlan {
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
  const folds = foldChoice?.folds ?? opts.folds ?? 5;
  const calibrate = opts.calibrate ?? true;
  const paths = names.map((n) => opts.regularizationPaths?.find((p) => p.strategy === n));
  const foldSets = te ? undefined : Array.from({ length: seeds }, (_, r) => stratifiedKFold(tr.y, folds, opts.seed + r, labels));
  // A path for a strategy not in the bake-off still counts its fits (as before: they are ticked off at the end).
  const stray = (opts.regularizationPaths ?? []).filter((p) => !names.includes(p.strategy)).reduce((s, p) => s + p.values.length, 0);
  const shared: Work = { names, strategies: names.map((n) => opts.strategies[n]!), sizes, calibrate, paths, stray };
  const backbones = opts.embeddings.map((emb) => {
    const own = emb.strategies;
    const work: Work = own === undefined ? shared : {
      names: Object.keys(own), strategies: Object.values(own), sizes: [], calibrate: false, paths: Object.keys(own).map(() => undefined), stray: 0,
    };
    if (work.names.length === 0) throw new UsageError(`The embeddings of ${emb.backbone} bring their own strategies, but none.`);
    return planBackbone(emb, tr, te, foldSets, labels, work, plannedFits(work.names, work.sizes, seeds, work.calibrate, work.paths));
  });
  return {
    opts, names, strategies: shared.strategies, labels, K, counts, sizes, seeds, folds, foldSets, calibrate,
    cap: opts.trainAccuracyRows ?? TRAIN_ACCURACY_ROWS, paths, stray,
    train: tr, test: te, warnings, backbones, total: backbones.reduce((t, bp) => t + bp.fits.length + bp.stray, 0),
  };
}

/** Every backbone's fits: per strategy its full-set fit, calibration, path and curve units; then the OOD section. */
function plannedFits(
  names: readonly string[], sizes: readonly number[], seeds: number, calibrate: boolean, paths: readonly (BakeoffPath | undefined)[],
): PlannedFit[] {
  const fits: PlannedFit[] = [];
  names.forEach((name, strategy) => {
    fits.push({ kind: 'full', strategy });
    if (calibrate) fits.push({ kind: 'calibration', strategy });
    paths[strategy]?.values.forEach((value) => fits.push({ kind: 'path', strategy, value }));
    for (const perClass of sizes) for (let round = 0; round < seeds; round++) fits.push({ kind: 'curve', strategy, perClass, round });
  });
  fits.push({ kind: 'ood' });
  return fits;
}

/** What is fitted on one backbone's embeddings. */
type Work = Pick<BackbonePlan, 'names' | 'strategies' | 'sizes' | 'calibrate' | 'paths' | 'stray'>;

function planBackbone(
  emb: BakeoffEmbeddings, tr: Scope, te: Scope | undefined, foldSets: Fold[][] | undefined, labels: string[], work: Work, fits: PlannedFit[],
): BackbonePlan {
  const train: Split = { X: emb.train.selectRows(tr.keep), y: tr.y };
  const test: Split | undefined = te && emb.test ? { X: emb.test.selectRows(te.keep), y: te.y } : undefined;
  // Under CV, the full-set point uses the first seed's folds; the same split matrices serve calibration and the path.
  const fullSplits = test
    ? [{ train, held: test }]
    : foldSets![0]!.map((f) => ({
      train: { X: train.X.selectRows(f.train), y: pick(train.y, f.train) },
      held: { X: train.X.selectRows(f.test), y: pick(train.y, f.test) },
    }));
  const data: FitData = { train: train.X, yTrain: train.y, ...(test ? { test: test.X, yTest: test.y } : {}), labels };
  return { embeddings: emb, ...work, train, ...(test ? { test } : {}), fullSplits, data, fits };
}

/** Drops the out-of-scope label: returns in-scope labels, kept rows and remapped classes. */
function withoutOod(labels: readonly string[], y: Int32Array, oodLabel?: string): Scope {
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
