/**
 * The bake-off: every strategy × backbone × training size × seed over cached embeddings,
 * with learning curves, extrapolation, significance, overfitting, calibration and
 * out-of-distribution detection. A pure function of matrices + labels + seed: a planner lays
 * out the fits, an executor runs them (in this thread or on worker threads), an aggregator
 * turns the measurements into the result.
 */
import { UsageError } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { FittedHead, Strategy } from '../heads/index.js';
import type { BakeoffResult } from './bakeoff-result.js';
import { planBakeoff } from './bakeoff-plan.js';
import { executeBackbone } from './bakeoff-execute.js';
import type { BackboneMeasurement } from './bakeoff-execute.js';
import type { BackbonePlan, BakeoffPlan } from './bakeoff-plan.js';
import { aggregateBackbone, finishBakeoff } from './bakeoff-aggregate.js';
import type { Aggregated } from './bakeoff-aggregate.js';

export { defaultCurveSizes, TRAIN_ACCURACY_ROWS } from './bakeoff-plan.js';

export interface BakeoffEmbeddings {
  /** Backbone id, e.g. `use-lite@1`. */
  backbone: string;
  train: Matrix;
  test?: Matrix;
  /**
   * Strategies for these embeddings alone, instead of the bake-off's: the cross-backbone
   * ensemble on the backbones' concatenated embeddings, one member per backbone. Measured at the
   * full training set only, on the same rows, folds and seed as every entry (an ensemble fit
   * is itself several fits per fold): no learning curve, calibration or regularization path.
   */
  strategies?: Readonly<Record<string, Strategy>>;
  /**
   * For embeddings that concatenate earlier entries' (the cross-backbone ensemble): those
   * entries' indices, in column order, and the strategies (same names as `strategies`) to fit
   * on one full split given, per part, its full-set heads on the same split by strategy name.
   * The ensemble's members then start from the settings each part's own fit chose on the same
   * rows (logistic's C) instead of searching them again inside every one of the ensemble's
   * folds: the same search, repeated 6 times per member, was most of a bake-off of 2 backbones.
   */
  across?: {
    parts: readonly number[];
    strategies(heads: readonly ReadonlyMap<string, FittedHead>[]): Readonly<Record<string, Strategy>>;
  };
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
  /**
   * Regularization paths, at most one per strategy (logistic's C, knn's k), each measured on one
   * split (the test set, or the first fold under CV): the overfitting verdict's evidence.
   */
  regularizationPaths?: readonly BakeoffPath[];
  /** Training rows scored for train accuracy; default 2,000 (a seeded sample when there are more). */
  trainAccuracyRows?: number;
  /**
   * Worker threads for the learning-curve fits (default 1: all in this thread). With 2 or more,
   * the curve fits of strategies the registry can rebuild from kind + params run on worker
   * threads while this thread fits the full set, calibration and the path. Same numbers either way.
   */
  workers?: number;
  /**
   * Threads each full-set fit may use when no worker pool runs beside it (`workers` 1): heads with
   * independent inner work run it on worker threads (logistic's C-search folds; `FitOptions.threads`).
   * Default 1. Same numbers for any number.
   */
  fitThreads?: number;
}

/**
 * One strategy's regularization path. `reuseChosen`: the strategy's full-set fit with its chosen
 * value of `param` is a fit of `make(value)`'s model at least as tight (true of logistic: it
 * refits with the chosen C to the default tolerance), so that point reuses it instead of fitting
 * again. `capacity` and `advice` (from the head's definition) let the verdict read the path;
 * without `capacity` the path is shown but not judged.
 */
export interface BakeoffPath {
  strategy: string;
  param: string;
  values: readonly number[];
  make(value: number): Strategy;
  reuseChosen?: boolean;
  capacity?: 'grows' | 'shrinks';
  advice?: string;
}

/**
 * Runs the bake-off: plans every fit (bakeoff-plan.ts), runs them in this thread or on worker
 * threads (bakeoff-execute.ts) and aggregates what they measured (bakeoff-aggregate.ts). Each
 * learning-curve size below the full set is measured over `seeds` samples (a t interval over
 * seeds). At the full set every seed would draw the same rows, so it is fitted once (once per
 * fold under CV, on the first seed's folds) and its interval is a percentile bootstrap over the
 * held-out rows; calibration reuses that fit as its base, and the regularization path reuses it
 * at the chosen value. Progress is reported per fit unit; the signal is checked between units,
 * and cancelling throws CancelledError having returned nothing partial.
 *
 * @example
 * const r = await runBakeoff({ labels, yTrain, yTest, seed: 1,
 *   embeddings: [{ backbone: 'use-lite@1', train: Xtr, test: Xte }],
 *   strategies: { logistic: createStrategy('logistic'), knn: createStrategy('knn') } });
 * r.entries[r.ranking[0]].accuracy.ci95;
 */
export async function runBakeoff(opts: BakeoffOptions): Promise<BakeoffResult> {
  const plan = planBakeoff(opts);
  let done = 0;
  // which backbone's fits are running, so a long multi-backbone bake-off says where it is
  let on = plan.backbones[0]!.embeddings.backbone;
  const report = (): void => opts.onProgress?.({ phase: 'bake-off', done, total: plan.total, unit: 'fits', detail: on });
  const tick = (): void => { done++; report(); };
  report();
  const all: Aggregated[] = [];
  const ood: BakeoffResult['ood'] = [];
  const measuredAll: BackboneMeasurement[] = [];
  for (const bp of plan.backbones) {
    if (bp.embeddings.backbone !== on) { on = bp.embeddings.backbone; report(); }
    const measured = await executeBackbone(plan, withParts(plan, bp, measuredAll), tick);
    measuredAll.push(measured);
    done += bp.stray;
    all.push(...aggregateBackbone(plan, bp, measured));
    ood.push(measured.ood);
  }
  return finishBakeoff(plan, all, ood);
}

/**
 * A plan whose embeddings concatenate earlier entries' (`across`), with its strategies for each
 * full split made from those entries' full-set heads on the same split; other plans as they are.
 */
function withParts(plan: BakeoffPlan, bp: BackbonePlan, measured: readonly BackboneMeasurement[]): BackbonePlan {
  const across = bp.embeddings.across;
  if (across === undefined) return bp;
  const splitStrategies = bp.fullSplits.map((_, k) => {
    const heads = across.parts.map((p) => {
      const part = plan.backbones[p]!;
      const m = measured[p];
      if (m === undefined) throw new UsageError(`The embeddings of ${bp.embeddings.backbone} join entry ${p}, which is not measured before them; list the parts first.`);
      return new Map(part.names.map((n, i) => [n, m.strategies[i]!.fulls[k]!.head] as const));
    });
    const made = across.strategies(heads);
    return bp.names.map((n) => {
      const s = made[n];
      if (s === undefined) throw new UsageError(`The embeddings of ${bp.embeddings.backbone} make no strategy "${n}" from their parts.`);
      return s;
    });
  });
  return { ...bp, splitStrategies };
}
