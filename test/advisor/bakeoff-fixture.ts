/** A small constructed bake-off result and the advice assembled from it, for the report and schema tests. */
import { assembleAdvice, ADVISOR_TABLES_VERSION } from '../../src/advisor/index.js';
import type { Advice, CurveMeasurement, HeadCost } from '../../src/advisor/index.js';
import type { BackboneCost, BakeoffEntry, BakeoffResult } from '../../src/eval/index.js';

const summary = (mean: number, half: number) => ({ n: 1, mean, std: half / 1.96, se: half / 1.96, ci95: [mean - half, mean + half] as [number, number] });

function entry(backbone: string, strategy: string, acc: number, half: number): BakeoffEntry {
  const c = Math.round(acc * 100);
  return {
    backbone, strategy, accuracy: summary(acc, half), macroF1: summary(acc - 0.01, half), trainAccuracy: summary(0.99, 0), gap: 0.99 - acc, overfitting: false,
    points: [{ perClass: null, n: 400, accuracy: summary(acc, half), macroF1: summary(acc, half), trainAccuracy: summary(0.99, 0), interval: 'bootstrap' }],
    confusion: [[c, 100 - c], [100 - c, c]], perClass: [], warnings: [],
    calibration: { temperature: 1.2, eceBefore: 0.05, eceAfter: 0.02, binsBefore: [], binsAfter: [] },
  };
}

/**
 * Entries, best first: logistic on use-lite 0.90 ± 0.02; centroid on use-lite 0.89 ± 0.02 (not
 * significantly worse by intervals); knn on hashing 0.80 ± 0.02 (significantly worse, paired).
 */
export function bakeoffResult(): BakeoffResult {
  const entries = [entry('use-lite@1', 'centroid', 0.89, 0.02), entry('use-lite@1', 'logistic', 0.9, 0.02), entry('hashing@1-d4096', 'knn', 0.8, 0.02)];
  return {
    format: 1, method: 'cv', labels: ['ham', 'spam'], seed: 42, seeds: 5, folds: 5, trainRows: 500, testRows: 0,
    entries, ranking: [1, 0, 2],
    comparison: { a: 1, b: 0, diff: 0.01, ci95: [-0.005, 0.025], p: 0.2, significant: false, test: 'paired-bootstrap' },
    backbones: [
      { backbone: 'use-lite@1', entry: 1, strategy: 'logistic', accuracy: entries[1]!.accuracy, vsBest: null },
      { backbone: 'hashing@1-d4096', entry: 2, strategy: 'knn', accuracy: entries[2]!.accuracy, vsBest: { diff: -0.1, ci95: [-0.13, -0.07], p: 0.0005, significant: true, test: 'paired-bootstrap' } },
    ],
    ood: [], warnings: [],
  };
}

export const COSTS: Record<string, BackboneCost> = {
  'use-lite@1': { dim: 512, secondsPer1000: 9.5, moneyPer1000: 0, latency: null },
  'hashing@1-d4096': { dim: 4096, secondsPer1000: 0.4, moneyPer1000: 0, latency: null },
};

export const HEADS = new Map<number, HeadCost>([[1, { bytes: 9000, msPerText: 0.02, rows: 500 }], [0, { bytes: 4500, msPerText: 0.01, rows: 500 }]]);

/** A proportional curve of acc(n) = 0.95 − 2·n^−0.5 at 25 … 400 training rows. */
export function curvePoints(): CurveMeasurement[] {
  return [25, 50, 100, 200, 400].map((n, i, all) => {
    const acc = 0.95 - 2 / Math.sqrt(n);
    const c = Math.round(acc * 100);
    return { n, fraction: i === all.length - 1 ? null : n / 500, mean: acc, se: 0.005, seeds: 3, classCounts: [n * 0.8, n * 0.2], confusion: [[c, 100 - c], [100 - c, c]] };
  });
}

export function advice(constraints: Advice['settings']['constraints'] = { targetAccuracy: 0.92, budgetUsd: 50 }): Advice {
  return assembleAdvice({
    dataset: { name: 'mail', rows: 500, testRows: null, labels: ['ham', 'spam'], counts: [400, 100], dataHash: 'f'.repeat(64), tokensPerExample: 60 },
    settings: { seed: 42, quick: false, backbones: ['use-lite', 'hashing'], strategies: ['logistic', 'knn', 'centroid'], curveSeeds: 3, constraints, tables: ADVISOR_TABLES_VERSION },
    privacy: [{ policy: 'redact', texts: 500, textsWithFindings: 40, findings: 55, byType: { EMAIL: 30, PHONE: 25 }, byRow: [] }],
    bakeoff: { runId: '20261206-000000-abcdef', result: bakeoffResult(), costs: COSTS },
    heads: HEADS, embedMsPerText: 9.5, curve: { points: curvePoints(), heldOut: 'holdout' },
  });
}
