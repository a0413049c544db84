/**
 * `npm run bench backbones [-- --datasets DIR]`: the bring-your-own-backbone benchmarks, printed
 * (the lead copies figures to RESULTS.md from a quiet machine):
 * - cache: bytes per cached vector (11.6k 512-d vectors, as before compaction);
 * - throughput: onnx: on the tiny fixture and on any GRAFT_BENCH_MODELS folders (comma-separated),
 *   next to use-lite, on the same texts, with each backbone's weights in memory and RSS growth at load;
 * - threads: one session's intra-op threads against a pool of single-threaded worker sessions,
 *   on the first of GRAFT_BENCH_MODELS (else the fixture);
 * - per FLOP: use-lite (1 and all workers) beside onnx: graphs the shape of all-MiniLM-L6-v2 and of
 *   use-lite's size (random weights, built into a temporary folder when python3-onnx is there) and
 *   GRAFT_BENCH_MODELS (1 and all intra-op threads): texts/s, GFLOP/s, GFLOP per CPU-second;
 * - bakeoff: the side-by-side bake-off on the datasets folder for GRAFT_BENCH_BACKBONES
 *   (default use-lite,hashing plus onnx: for each model folder), with their cross-backbone ensemble as a row.
 *
 * Direct runs of each part take flags: see the header of cache-size.ts, throughput.ts, threads.ts, bakeoff.ts.
 */
import { existsSync } from 'node:fs';
import { measureCacheSize } from './cache-size.js';
import { TINY_BERT, formatThroughputRow, measureThroughput } from './throughput.js';
import { measureThreads } from './threads.js';
import { perFlopReport } from './per-flop.js';
import { TEST_ROWS, formatSideBySide, sideBySide } from './bakeoff.js';
import { formatBackboneSpec, parseBackboneList } from '../../src/backbones/index.js';
import { DATASETS } from '../lib/fewshot-data.js';

const datasets = process.argv[2];
const models = (process.env.GRAFT_BENCH_MODELS ?? '').split(',').filter(Boolean);

const c = measureCacheSize(11_600, 512, 11_600);
console.log(`cache: ${c.vectors} × ${c.dim}-d: ${(c.fileBytes / 1e6).toFixed(1)} MB, ${c.bytesPerVector.toFixed(0)} B/vector (${c.overRaw.toFixed(3)}× raw float32)\n`);

for (const r of await measureThroughput(models, 512)) {
  console.log(`throughput: ${formatThroughputRow(r)}`);
}
console.log('');
for (const r of await measureThreads(models[0] ?? TINY_BERT, 256)) {
  console.log(`threads: ${r.texts.padEnd(18)} ${r.setup.padEnd(34)} ${r.textsPerSecond.toFixed(1)} texts/s`);
}
console.log('');
console.log(`per FLOP: ${await perFlopReport(models, 256)}\n`);
if (datasets && existsSync(datasets)) {
  const backbones = parseBackboneList(process.env.GRAFT_BENCH_BACKBONES ?? ['use-lite', 'hashing', ...models.map((m) => `onnx:${m}`)].join(',')).map(formatBackboneSpec);
  console.log(formatSideBySide(await sideBySide(datasets, backbones, DATASETS, TEST_ROWS, false)));
}
