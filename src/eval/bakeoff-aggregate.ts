/**
 * The bake-off's aggregator: turns what the executor measured into the result — the full-set
 * point with its bootstrap interval, the learning curve over seeds, the overfitting gap,
 * confusion, calibration, the regularization path, extrapolation, the ranking and the paired
 * comparison of the top two. Pure arithmetic over the measurements; fits nothing.
 */
import type { BakeoffEntry, BakeoffResult, CurvePointResult, ExtrapolationResult, HeldOutPredictions, RegularizationPoint } from './bakeoff-result.js';
import type { BackboneMeasurement, Outcome, StrategyMeasurement } from './bakeoff-execute.js';
import { pool } from './bakeoff-execute.js';
import type { BackbonePlan, BakeoffPlan } from './bakeoff-plan.js';
import { bootstrapScores } from './bootstrap.js';
import { expectedCalibrationError, reliabilityBins } from './calibration.js';
import { extrapolate } from './extrapolate.js';
import { sampleSize } from './few-shot.js';
import { accuracy, argmaxRows, confusionMatrix, perClassFromConfusion } from './metrics.js';
import { pairedBootstrap } from './significance.js';
import { compareBackbones } from './backbone-comparison.js';
import { capacityWordsOf, innerCapacityPath, judgeOverfitting } from './overfitting.js';
import type { CapacityPath, OverfittingVerdict } from './overfitting.js';
import type { BakeoffPath } from './bakeoff.js';
import type { FitDiagnostics, Strategy } from '../heads/index.js';
import { summarize } from './stats.js';

/** One leaderboard entry, its per-row correctness on the full-set point (for the paired comparison), and its held-out predictions. */
export interface Aggregated {
  entry: BakeoffEntry;
  correct: Float64Array;
  yPred: Int32Array;
  /** The probability of each row's predicted label. */
  confidence: Float64Array;
}

/** The entries of one backbone, in strategy order. */
export function aggregateBackbone(plan: BakeoffPlan, bp: BackbonePlan, measured: BackboneMeasurement): Aggregated[] {
  return measured.strategies.map((m, i) => aggregateStrategy(plan, bp, i, m));
}

function aggregateStrategy(plan: BakeoffPlan, bp: BackbonePlan, i: number, m: StrategyMeasurement): Aggregated {
  const name = bp.names[i]!;
  const { K, labels, opts } = plan;
  const test = bp.test;
  const rows = bp.train.y.length;
  const first: Outcome = test
    ? { yTrue: test.y, yPred: argmaxRows(m.fulls[0]!.proba), proba: m.fulls[0]!.proba, trainAccuracy: m.fulls[0]!.trainAccuracy }
    : pool(m.fulls, plan.foldSets![0]!, rows, K, bp.train.y);
  const scores = bootstrapScores(first.yTrue, first.yPred, K, opts.seed);
  const full: CurvePointResult = {
    perClass: null, n: test ? rows : Math.round(rows * (plan.folds - 1) / plan.folds),
    accuracy: scores.accuracy, macroF1: scores.macroF1, trainAccuracy: summarize([first.trainAccuracy]), interval: 'bootstrap',
  };
  const confusion = confusionMatrix(first.yTrue, first.yPred, K);
  const gap = full.trainAccuracy.mean - full.accuracy.mean;
  const entry: BakeoffEntry = {
    backbone: bp.embeddings.backbone, strategy: name, points: [full], accuracy: full.accuracy, macroF1: full.macroF1,
    trainAccuracy: full.trainAccuracy, gap, overfitting: false, confusion,
    perClass: perClassFromConfusion(confusion, labels), warnings: [],
    ...(m.fulls.some((f) => f.head.leaveOneOutProba) ? { trainScoring: 'leave-one-out' as const } : {}),
  };
  if (m.calibration) {
    const c = m.calibration;
    const after = test ? c.tempered[0]!.proba : pool(c.tempered, plan.foldSets![0]!, rows, K, bp.train.y).proba;
    entry.calibration = {
      temperature: c.temperature,
      eceBefore: expectedCalibrationError(first.yTrue, first.proba),
      eceAfter: expectedCalibrationError(first.yTrue, after),
      binsBefore: reliabilityBins(first.yTrue, first.proba),
      binsAfter: reliabilityBins(first.yTrue, after),
    };
  }
  const path = bp.paths[i];
  if (m.path && path) {
    const held = m.fulls[0]!.held.y;
    const points: RegularizationPoint[] = m.path.map((f, j) => ({
      value: path.values[j]!, trainAccuracy: f.trainAccuracy, heldOutAccuracy: accuracy(held, argmaxRows(f.proba)),
    }));
    entry.regularizationPath = { param: path.param, points, heldOut: test ? 'test' : 'fold 1' };
  }
  entry.overfittingVerdict = verdictOf(bp.strategies[i]!, path, entry, m.fulls.map((f) => f.head.diagnostics), m.fulls[0]!.held.y.length);
  entry.overfitting = entry.overfittingVerdict.level === 'overfitting';
  // The learning curve below the full set: a t interval over seeds at each size.
  const curve = bp.sizes.map((perClass, s): CurvePointResult => {
    const units = m.curve[s]!;
    const n = test ? sampleSize(plan.counts, perClass) : Math.round(sampleSize(plan.counts, perClass) * (plan.folds - 1) / plan.folds);
    return {
      perClass, n, accuracy: summarize(units.map((u) => u.acc)), macroF1: summarize(units.map((u) => u.f1)),
      trainAccuracy: summarize(units.map((u) => u.trainAcc)), interval: 'seeds',
    };
  });
  entry.points.unshift(...curve);
  if (bp.sizes === plan.sizes) {
    const ex = toExtrapolation(entry.points);
    if (ex.warning) entry.warnings.push(ex.warning);
    if (ex.result) entry.extrapolation = ex.result;
  } else {
    entry.warnings.push('measured at the full training set only (no learning curve, calibration or path): each of its fits is itself several fits per fold');
  }
  return {
    entry, correct: Float64Array.from(first.yTrue, (t, i) => (t === first.yPred[i] ? 1 : 0)),
    yPred: first.yPred, confidence: Float64Array.from(first.yPred, (k, r) => first.proba.get(r, k)),
  };
}

/**
 * The overfitting verdict of one entry: from its measured regularization path when it has one
 * (the value used is the full-set fit's chosen one, or the strategy's own), else from the
 * full-set fits' inner-CV paths; unmeasured without either.
 */
function verdictOf(
  strategy: Strategy, path: BakeoffPath | undefined, entry: BakeoffEntry, diagnostics: readonly FitDiagnostics[], heldRows: number,
): OverfittingVerdict {
  const words = path?.capacity ? { param: path.param, capacity: path.capacity, advice: path.advice } : capacityWordsOf(String(strategy.kind));
  let evidence: CapacityPath | undefined;
  const measured = entry.regularizationPath;
  if (words && measured && measured.param === words.param) {
    const chosen = diagnostics[0]?.chosen?.[words.param] ?? (strategy.params as Record<string, unknown>)[words.param];
    evidence = {
      ...words, heldOutRows: heldRows, points: measured.points.map((p) => ({ value: p.value, heldOutAccuracy: p.heldOutAccuracy })),
      ...(typeof chosen === 'number' ? { used: chosen } : {}),
    };
  } else if (words) {
    evidence = innerCapacityPath(diagnostics, words);
  }
  return judgeOverfitting(evidence, entry.strategy, entry.gap);
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

/** The result: every backbone's entries, ranked by accuracy, the top two compared on the same rows, and each backbone's best against the best backbone's. */
export function finishBakeoff(plan: BakeoffPlan, all: readonly Aggregated[], ood: BakeoffResult['ood']): BakeoffResult {
  const { opts, seeds } = plan;
  const entries = all.map((a) => a.entry);
  const ranking = entries.map((_, i) => i).sort((a, b) => entries[b]!.accuracy.mean - entries[a]!.accuracy.mean || a - b);
  let comparison: BakeoffResult['comparison'];
  if (ranking.length >= 2) {
    const [a, b] = [ranking[0]!, ranking[1]!];
    comparison = { a, b, ...pairedBootstrap(all[a]!.correct, all[b]!.correct, { seed: opts.seed }) };
  }
  const backbones = compareBackbones(entries, ranking, all.map((a) => a.correct), opts.seed);
  const warnings = [...plan.warnings];
  if (seeds < 5) warnings.push(`only ${seeds} seed(s) per point: intervals are rough; use at least 5`);
  const held = plan.test ?? plan.train;
  const best = ranking[0];
  const predictions: HeldOutPredictions | undefined = best === undefined ? undefined : {
    entry: best, split: plan.test ? 'test' : 'train', rows: Array.from(held.keep), truth: Array.from(held.y),
    predicted: Array.from(all[best]!.yPred), confidence: Array.from(all[best]!.confidence, (c) => Math.round(c * 1e6) / 1e6),
  };
  return {
    format: 1, method: plan.test ? 'holdout' : 'cv', labels: plan.labels, seed: opts.seed, seeds,
    ...(opts.oodLabel !== undefined ? { oodLabel: opts.oodLabel } : {}),
    ...(plan.test ? {} : { folds: plan.folds }),
    trainRows: plan.train.keep.length, testRows: plan.test ? plan.test.keep.length : 0, trainAccuracyRows: plan.cap,
    entries, ranking, ...(comparison ? { comparison } : {}), ...(backbones.length > 1 ? { backbones } : {}), ood, warnings,
    ...(predictions ? { predictions } : {}),
  };
}
