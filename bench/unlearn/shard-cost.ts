/**
 * Where the default sharding's constants come from (src/pipeline/fit-shards.ts): the CPU-seconds
 * of one refit of graft's default head (calibrated logistic: C chosen by inner CV, temperature
 * from its held-out probabilities) on m rows, as a forget refits one shard's sub-head (or, at
 * S = 1, the whole head), at several m, on real use-lite vectors of 2, 4 and 77 classes.
 * CPU-seconds, not wall time: the machine's other jobs slow the wall clock, not the work.
 *
 *   npx tsx bench/unlearn/shard-cost.ts [--datasets DIR] [--sizes 250,500,1000,2000,4000,8000] [--repeats 2]
 *
 * Rows: a seeded random subset of m rows of each dataset's ~10,000-row slice (bench/unlearn/shard-data.ts).
 * Prints one row per (dataset, m): the least CPU-seconds of the repeats, and that divided by m·K
 * (the unit the cost model in fit-shards.ts is written in).
 */
import { loadavg } from 'node:os';
import { Rng } from '../../src/core/index.js';
import { createStrategy, withCalibration } from '../../src/heads/index.js';
import { DEFAULT_DATASETS, openShardBench, shardBenchRows } from './shard-data.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const datasetsDir = opt('--datasets', DEFAULT_DATASETS);
const sizes = opt('--sizes', '250,500,1000,2000,4000,8000').split(',').map(Number);
const repeats = Number(opt('--repeats', '2'));
const names = opt('--only', 'sst2,ag_news,banking77').split(',');

const ws = openShardBench();
const lines: string[] = [];
const load0 = loadavg()[0]!;
try {
  for (const name of names) {
    const d = await shardBenchRows(ws, datasetsDir, name);
    const labels = d.rows.labels;
    const order = new Rng(7).shuffle(Int32Array.from({ length: d.Xtrain.rows }, (_, i) => i));
    for (const m of sizes.filter((s) => s <= d.Xtrain.rows)) {
      const idx = order.slice(0, m).sort();
      const X = d.Xtrain.selectRows(idx);
      const y = Int32Array.from(idx, (i) => d.yTrain[i]!);
      let best = Infinity;
      for (let r = 0; r < repeats; r++) {
        const c0 = process.cpuUsage();
        try {
          await withCalibration(createStrategy('logistic')).fit(X, y, { seed: 1 + r, labels });
        } catch (e) {
          process.stderr.write(`${name} m=${m}: ${(e as Error).message}\n`);
          best = NaN;
          break;
        }
        const c = process.cpuUsage(c0);
        best = Math.min(best, (c.user + c.system) / 1e6);
      }
      const line = `| ${name} | ${labels.length} | ${m} | ${best.toFixed(3)} | ${((best / (m * labels.length)) * 1e6).toFixed(1)} |`;
      lines.push(line);
      process.stderr.write(line + '\n');
    }
  }
} finally {
  await ws.close();
}
process.stdout.write([
  `CPU-seconds of one calibrated-logistic refit (least of ${repeats}); load average ${load0.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end.`,
  '',
  '| data | classes K | rows m | CPU s | µs per row·class |',
  '|---|---:|---:|---:|---:|',
  ...lines,
].join('\n') + '\n');
