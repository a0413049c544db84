/**
 * What the default sharding (src/pipeline/fit-shards.ts) costs in accuracy, dataset by dataset at
 * their sizes, against one head (`--shards 1`), for graft's default head (calibrated logistic,
 * seed 1). Accuracy does not depend on the machine's load; the CPU-seconds do not much either.
 *
 *   npx tsx bench/unlearn/default-shards.ts [--datasets DIR] [--only sst2,ag_news,banking77] [--no-fits]
 *
 * 1. Few-shot samples (bench/fewshot.ts: N = 8 and 64 per class, 10 seeds, every dataset) and the
 *    full training files: the shard count the default chooses, from the labels alone. Where it is 1
 *    the fit is the one-head fit, byte for byte (test/pipeline/default-shards.test.ts).
 * 2. ~10,000-row slices (bench/unlearn/shard-data.ts; use-lite vectors, cached after the first run):
 *    the default head and one head fitted on the slice and scored on the full test file; the
 *    difference in accuracy with its 95% interval, paired by test row (normal approximation of
 *    the per-row differences' mean).
 */
import { loadavg } from 'node:os';
import { accuracy, argmaxRows, expectedCalibrationError, logLoss } from '../../src/eval/index.js';
import { createStrategy, withCalibration, withShards } from '../../src/heads/index.js';
import { chooseShards } from '../../src/pipeline/index.js';
import { DATASETS, FEWSHOT_SIZES, loadRows } from '../lib/fewshot-data.js';
import { DEFAULT_DATASETS, openShardBench, shardBenchRows } from './shard-data.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const datasetsDir = opt('--datasets', DEFAULT_DATASETS);
const sliced = opt('--only', 'sst2,ag_news,banking77').split(',');
const SEEDS = 10;
const load0 = loadavg()[0]!;

function rarestOf(y: Int32Array, K: number): number {
  const counts = new Int32Array(K);
  for (const v of y) counts[v]!++;
  return Math.min(...counts);
}

const out: string[] = [];
out.push('| data | rows | classes | rarest label | shards chosen | why |', '|---|---:|---:|---:|---:|---|');
for (const name of DATASETS) {
  const d = loadRows(datasetsDir, name, SEEDS);
  const K = d.labels.length;
  for (const n of FEWSHOT_SIZES) {
    const ys = d.samples.map((s) => Int32Array.from(s[n]!, (i) => d.yTrain[i]!));
    const chosen = ys.map((y) => chooseShards(createStrategy('logistic'), y, K));
    const counts = [...new Set(chosen.map((c) => c.shards))].join(', ');
    out.push(`| ${name}, ${n} per class (${SEEDS} seeded samples) | ${ys[0]!.length} | ${K} | ${Math.min(...ys.map((y) => rarestOf(y, K)))} | ${counts} | ${chosen[0]!.why} |`);
  }
  const y = d.yTrain;
  const c = chooseShards(createStrategy('logistic'), y, K);
  out.push(`| ${name}, full training file | ${y.length} | ${K} | ${rarestOf(y, K)} | ${c.shards} | ${c.why} |`);
}

if (!args.includes('--no-fits')) {
  out.push('', '| data | train rows | test rows | shards (default) | accuracy % one head | accuracy % default | default − one head, points (95% interval) | log-loss one / default | ECE % one / default | fit CPU s one / default |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ws = openShardBench();
  try {
    for (const name of sliced) {
      const d = await shardBenchRows(ws, datasetsDir, name);
      const labels = d.rows.labels;
      const choice = chooseShards(createStrategy('logistic'), d.yTrain, labels.length);
      if (choice.shards === 1) {
        // The default is the one head itself: nothing to compare (and nothing fitted).
        out.push(`| ${name} | ${d.Xtrain.rows} | ${d.yTest.length} | 1 (${choice.why}) | — | — | 0 (the same head) | — | — | — |`);
        continue;
      }
      const fits = [];
      for (const S of [1, choice.shards]) {
        const base = createStrategy('logistic');
        // As fitTask builds it: the shards' sub-heads each calibrated.
        const strategy = withCalibration(S > 1 ? withShards(base, S) : base);
        const c0 = process.cpuUsage();
        const head = await strategy.fit(d.Xtrain, d.yTrain, { seed: 1, labels });
        const c = process.cpuUsage(c0);
        const P = head.predictProba(d.Xtest);
        fits.push({ P, pred: argmaxRows(P), cpu: (c.user + c.system) / 1e6 });
      }
      const [one, def] = fits as [typeof fits[0], typeof fits[0]];
      const n = d.yTest.length;
      let sum = 0, sq = 0;
      for (let i = 0; i < n; i++) {
        const diff = Number(def.pred[i] === d.yTest[i]) - Number(one.pred[i] === d.yTest[i]);
        sum += diff;
        sq += diff * diff;
      }
      const mean = sum / n;
      const half = 1.96 * Math.sqrt(Math.max(0, sq / n - mean * mean) / n);
      const pct = (v: number): string => (100 * v).toFixed(1);
      const row = `| ${name} | ${d.Xtrain.rows} | ${n} | ${choice.shards} | ${pct(accuracy(d.yTest, one.pred))} | ${pct(accuracy(d.yTest, def.pred))} | ` +
        `${(100 * mean).toFixed(2)} (${(100 * (mean - half)).toFixed(2)} to ${(100 * (mean + half)).toFixed(2)}) | ` +
        `${logLoss(d.yTest, one.P).toFixed(3)} / ${logLoss(d.yTest, def.P).toFixed(3)} | ${pct(expectedCalibrationError(d.yTest, one.P))} / ${pct(expectedCalibrationError(d.yTest, def.P))} | ` +
        `${one.cpu.toFixed(1)} / ${def.cpu.toFixed(1)} |`;
      out.push(row);
      process.stderr.write(row + '\n');
    }
  } finally {
    await ws.close();
  }
}
out.push('', `Load average ${load0.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 shared cores; accuracy does not depend on it).`);
process.stdout.write(out.join('\n') + '\n');
