/**
 * The bake-off's out-of-distribution section for one backbone: the default detector's
 * threshold and false alarms on held-out in-scope rows, and — when the data marks
 * out-of-scope rows — AUROC and FPR@95TPR of both scorers, so the better one is chosen
 * by measurement.
 */
import type { Matrix } from '../core/index.js';
import { throwIfAborted } from '../core/index.js';
import type { Histogram, OodResult } from './bakeoff-result.js';
import { DEFAULT_OOD_METHOD, OOD_METHODS, auroc, fitOodDetector, fitOodScorer, fprAtTpr } from './ood.js';
import type { OodMethod } from './ood.js';
import { stratifiedKFold } from '../math/index.js';

export interface OodInput {
  backbone: string;
  train: { X: Matrix; y: Int32Array };
  test?: { X: Matrix; y: Int32Array };
  /** Out-of-scope rows, from the training and test files. */
  oodTrain?: Matrix;
  oodTest?: Matrix;
  classes: number;
  seed: number;
  falseAlarmRate: number;
  signal?: AbortSignal;
}

const HISTOGRAM_BINS = 30;

/** Equal-width histogram of both score sets over their joint range. */
export function scoreHistogram(inScores: ArrayLike<number>, outScores: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
  const all = [...Array.from(inScores), ...Array.from(outScores)].filter(Number.isFinite);
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  const w = hi > lo ? (hi - lo) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * w);
  const count = (xs: ArrayLike<number>): number[] => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]!)) c[Math.min(bins - 1, Math.floor((xs[i]! - lo) / w))]!++;
    return c;
  };
  return { edges, inDistribution: count(inScores), outOfDistribution: count(outScores) };
}

function selectY(y: Int32Array, idx: Int32Array): Int32Array {
  return Int32Array.from(idx, (i) => y[i]!);
}

export function evaluateOod(input: OodInput): OodResult {
  // Held-out in-scope rows: the test set, or one fold of the training set.
  let fitSet = input.train;
  let heldIn: Matrix;
  if (input.test) {
    heldIn = input.test.X;
  } else {
    const k = Math.min(5, ...countsOf(input.train.y, input.classes).filter((c) => c > 0));
    if (k >= 2) {
      const fold = stratifiedKFold(input.train.y, k, input.seed)[0]!;
      fitSet = { X: input.train.X.selectRows(fold.train), y: selectY(input.train.y, fold.train) };
      heldIn = input.train.X.selectRows(fold.test);
    } else {
      heldIn = input.train.X;
    }
  }
  const heldOut = input.oodTest ?? input.oodTrain;
  const detector = fitOodDetector(fitSet.X, fitSet.y, input.classes, {
    method: DEFAULT_OOD_METHOD, falseAlarmRate: input.falseAlarmRate, seed: input.seed, signal: input.signal,
  });
  const inScores = detector.scorer.score(heldIn);
  let alarms = 0;
  for (const s of inScores) if (s > detector.threshold) alarms++;
  const result: OodResult = {
    backbone: input.backbone, method: detector.scorer.method, threshold: detector.threshold,
    falseAlarmRate: input.falseAlarmRate, heldOutFalseAlarms: alarms / Math.max(1, inScores.length),
    histogram: scoreHistogram(inScores, heldOut ? detector.scorer.score(heldOut) : []),
  };
  if (heldOut && heldOut.rows > 0) {
    const detection = {} as Record<OodMethod, { auroc: number; fprAt95Tpr: number }>;
    for (const m of OOD_METHODS) {
      throwIfAborted(input.signal);
      const scorer = m === detector.scorer.method ? detector.scorer : fitOodScorer(m, fitSet.X, fitSet.y, input.classes, input.seed);
      const a = m === detector.scorer.method ? inScores : scorer.score(heldIn);
      const b = scorer.score(heldOut);
      detection[m] = { auroc: auroc(a, b), fprAt95Tpr: fprAtTpr(a, b, 0.95) };
    }
    result.detection = detection;
    result.best = OOD_METHODS.reduce((x, y) => (detection[y].auroc > detection[x].auroc ? y : x));
  }
  return result;
}

function countsOf(y: Int32Array, classes: number): number[] {
  const c = new Array<number>(classes).fill(0);
  for (const k of y) c[k]!++;
  return c;
}
