/**
 * What sharding costs in accuracy, and what the keyed-block novelty detector changed: on
 * held-out rows, same seed, the calibrated head unsharded (S = 1) and sharded (S sub-heads,
 * each calibrated, averaged), and the kNN novelty detector's false alarms on new in-distribution
 * rows (target 5%) and hits on a label the detector never saw, position-sampled (before) vs.
 * keyed blocks (after).
 *
 *   npx tsx bench/unlearn/accuracy.ts [--datasets DIR] [--strategies logistic,centroid,knn] [--shards 1,5,10,20] [--no-heads]
 *
 * Data: the 10,000 spam/ham lines of bench/unlearn (embeddings cached in bench/out/unlearn),
 * split 80/20 by a seeded stratified shuffle; and ag_news (the rows of train.jsonl/test.jsonl
 * whose use-lite vector is already in GRAFT_HOME's cache: nothing is embedded).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LabelSet, Matrix, Rng } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { embedTexts, openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { calibrated as calibrate, createStrategy, withShards } from '../../src/heads/index.js';
import type { Strategy } from '../../src/heads/index.js';
import {
  OOD_KNN_BLOCKS, OodDetector, accuracy, argmaxRows, expectedCalibrationError, fitKnnDistance, fitOodDetector, logLoss, thresholdAtFalseAlarmRate,
} from '../../src/eval/index.js';
import { unlearnLines } from './lines.js';
import { cachedRows } from '../lib/cached-rows.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const datasetsDir = opt('--datasets', new URL('../../../shared/datasets', import.meta.url).pathname);
const strategies = args.includes('--no-heads') ? [] : opt('--strategies', 'logistic,centroid,knn').split(',');
const shardCounts = opt('--shards', '1,5,10,20').split(',').map(Number);
const SEED = 1;

interface Split { name: string; labels: string[]; Xtr: Matrix; ytr: Int32Array; Xte: Matrix; yte: Int32Array }

function stratifiedSplit(X: Matrix, y: Int32Array, testShare: number, seed: number): { train: Int32Array; test: Int32Array } {
  const order = new Rng(seed).shuffle(Int32Array.from({ length: X.rows }, (_, i) => i));
  const seen = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const i of order) counts.set(y[i]!, (counts.get(y[i]!) ?? 0) + 1);
  const train: number[] = [], test: number[] = [];
  for (const i of order) {
    const c = y[i]!, k = seen.get(c) ?? 0;
    seen.set(c, k + 1);
    (k < Math.round(counts.get(c)! * testShare) ? test : train).push(i);
  }
  return { train: Int32Array.from(train.sort((a, b) => a - b)), test: Int32Array.from(test.sort((a, b) => a - b)) };
}

async function spamLines(): Promise<Split> {
  const ws = openWorkspace(new URL('../out/unlearn', import.meta.url).pathname);
  try {
    const ds = datasetFromExamples(unlearnLines(), { source: 'spamassassin-lines' });
    const { X, stats } = await embedTexts(workspaceContext(ws), 'use-lite', ds.examples.map((e) => e.text));
    if (stats.embedded > 0) process.stderr.write(`spam lines: embedded ${stats.embedded} texts (cache was cold)\n`);
    const ls = new LabelSet(ds.examples.map((e) => e.label));
    const y = ls.encode(ds.examples.map((e) => e.label));
    const { train, test } = stratifiedSplit(X, y, 0.2, 3);
    return { name: 'spam/ham lines (bench/unlearn)', labels: [...ls.labels], Xtr: X.selectRows(train), ytr: Int32Array.from(train, (i) => y[i]!), Xte: X.selectRows(test), yte: Int32Array.from(test, (i) => y[i]!) };
  } finally {
    await ws.close();
  }
}

async function agNews(): Promise<Split | undefined> {
  if (!existsSync(join(datasetsDir, 'ag_news', 'train.jsonl')) || !existsSync(join(datasetsDir, 'ag_news', 'test.jsonl'))) {
    process.stderr.write(`ag_news not found under ${datasetsDir}; skipped\n`);
    return undefined;
  }
  const r = await cachedRows(datasetsDir, 'ag_news');
  const ls = r.labelSet;
  return {
    name: `ag_news (${r.train.length}/${r.trainFile} train, ${r.test.length}/${r.testFile} test rows cached)`, labels: [...ls.labels],
    Xtr: r.Xtrain, ytr: ls.encode(r.train.map((e) => e.label)), Xte: r.Xtest, yte: ls.encode(r.test.map((e) => e.label)),
  };
}

/** The kNN detector as it was before the keyed blocks: 5 folds of a seeded shuffle of positions, 4,000-row seeded samples. */
function positionDetector(X: Matrix, seed: number, rate = 0.05): OodDetector {
  const folds = 5;
  const order = new Rng(seed).shuffle(Int32Array.from({ length: X.rows }, (_, i) => i));
  const held: number[] = [];
  for (let f = 0; f < folds; f++) {
    const test = order.filter((_, i) => i % folds === f).slice(0, Math.ceil(2000 / folds));
    const train = order.filter((_, i) => i % folds !== f);
    held.push(...fitKnnDistance(X.selectRows(train), 5, seed + f).score(X.selectRows(test)));
  }
  return new OodDetector(fitKnnDistance(X, 5, seed), thresholdAtFalseAlarmRate(held, rate), rate);
}

const pct = (v: number): string => (100 * v).toFixed(1);
const headRows: string[] = [];
const oodRows: string[] = [];
const splits = [await spamLines(), await agNews()].filter((s): s is Split => s !== undefined);
for (const s of splits) {
  process.stderr.write(`${s.name}: ${s.Xtr.rows} train, ${s.Xte.rows} test\n`);
  for (const kind of strategies) {
    let base: number | undefined;
    for (const S of shardCounts) {
      const calibrated = calibrate(createStrategy(kind));
      const strategy: Strategy = S > 1 ? withShards(calibrated, S) : calibrated;
      const t0 = performance.now();
      let cell: string;
      try {
        const head = await strategy.fit(s.Xtr, s.ytr, { seed: SEED, labels: s.labels });
        const sec = (performance.now() - t0) / 1000;
        const P = head.predictProba(s.Xte);
        const acc = accuracy(s.yte, argmaxRows(P));
        base ??= acc;
        cell = `| ${s.name} | ${kind} | ${S} | ${Math.round(s.Xtr.rows / S)} | **${pct(acc)}** | ${S === 1 ? '—' : `${(100 * (acc - base)).toFixed(1)}`} | ${logLoss(s.yte, P).toFixed(3)} | ${pct(expectedCalibrationError(s.yte, P))} | ${sec.toFixed(1)} |`;
      } catch (e) {
        cell = `| ${s.name} | ${kind} | ${S} | ${Math.round(s.Xtr.rows / S)} | refused: ${(e as Error).message.slice(0, 80)} | | | | |`;
      }
      headRows.push(cell);
      process.stderr.write(`${cell}\n`);
    }
  }
  // Novelty detector: false alarms on the test rows; with every 4th label held out of the fit, hits on those rows.
  const K = s.labels.length;
  const out = K >= 4 ? new Set(Array.from({ length: K }, (_, k) => k).filter((k) => k % 4 === 3)) : new Set<number>();
  const keepTr = Int32Array.from({ length: s.Xtr.rows }, (_, i) => i).filter((i) => !out.has(s.ytr[i]!));
  const inTe = Int32Array.from({ length: s.Xte.rows }, (_, i) => i).filter((i) => !out.has(s.yte[i]!));
  const outTe = Int32Array.from({ length: s.Xte.rows }, (_, i) => i).filter((i) => out.has(s.yte[i]!));
  const Xfit = s.Xtr.selectRows(keepTr);
  const yfit = Int32Array.from(keepTr, (i) => s.ytr[i]!);
  for (const [name, make] of [
    ['before: position-sampled, 5 folds', () => positionDetector(Xfit, SEED)],
    ['keyed blocks, 20 blocks', () => fitOodDetector(Xfit, yfit, K, { seed: SEED, folds: 20 })],
    [`keyed blocks, ${OOD_KNN_BLOCKS} blocks (the default)`, () => fitOodDetector(Xfit, yfit, K, { seed: SEED })],
  ] as const) {
    const t0 = performance.now();
    const det = make();
    const sec = (performance.now() - t0) / 1000;
    const flagged = (idx: Int32Array): number => det.detect(s.Xte.selectRows(idx)).filter((v) => v.outOfDistribution).length / Math.max(1, idx.length);
    const row = `| ${s.name} | ${name} | ${Xfit.rows} | ${pct(flagged(inTe))} | ${outTe.length ? pct(flagged(outTe)) : '—'} | ${det.threshold.toFixed(4)} | ${sec.toFixed(2)} | ${(JSON.stringify(det.toJSON()).length / 1e6).toFixed(1)} |`;
    oodRows.push(row);
    process.stderr.write(`${row}\n`);
  }
}
process.stdout.write([
  '| data | head | shards S | rows per sub-head | test accuracy % | vs S = 1 (points) | test log-loss | ECE % | fit s |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...headRows,
  '',
  '| data | novelty detector | fit rows | false alarms on new in-distribution rows % (target 5) | held-out label flagged % | threshold | fit s | saved MB |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...oodRows,
].join('\n') + '\n');
