/**
 * Do advise's predictions come true? For every dataset of a datasets folder (NAME/train.jsonl,
 * NAME/test.jsonl) and seed: advise on a seeded subsample of at most a quarter of the training
 * rows (scored on the test file), read its prediction for the full training set from its curve,
 * then fit the advised head on the full training set and score the test file. Reports predicted
 * vs measured, the absolute error and whether the measured value lies inside the 95% interval;
 * then the leave-one-out check of the fine-tuning evidence.
 *
 *   tsx bench/advise/run.ts DATASETS_DIR [--backbone hashing] [--names sst2,emotion] [--seeds 3]
 *     [--fraction 0.25] [--max-train N] [--holdout] [--quick] [--home DIR] [--write-results]
 *
 * --max-train caps "the full set" at a seeded subset (sst2's 67k rows take long to embed);
 * --holdout advises without the test file (the curve scores held-out rows of the subsample).
 * With --home DIR the embeddings stay cached there for the next run, and the rows (timings and the
 * advice's curve included) are added to DIR/bench-advise-BACKBONE.json (a row of the same dataset
 * and seed is replaced). --rescore (with --home, which may then be given more than once) advises and
 * fits nothing: it reads those rows (a later home's row of a dataset and seed replacing an earlier
 * one's) and predicts again from each row's curve (or, for rows saved
 * without one, the advice run saved in DIR) with the current forecast (the prediction is a
 * function of the curve alone), and makes each row's decision again from its saved advice run
 * with the current rules (a fresh run's decision is that run's own).
 * Goals (issue 18): mean absolute error ≤ 1.5 points; the 95% intervals hold the measured value ≥ 90% of the time.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';
import { accuracy, argmaxRows } from '../../src/eval/index.js';
import { createStrategy } from '../../src/heads/index.js';
import { forecast, leaveOneOut, parseAdvice, reconsider } from '../../src/advisor/index.js';
import type { Advice } from '../../src/advisor/index.js';
import type { CurvePoint } from '../../src/eval/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { writeGenerated } from '../lib/results-section.js';
import { readJsonl } from '../lib/fewshot-data.js';
import type { Example } from '../lib/fewshot-data.js';
import { formatLeaveOneOut, formatRows, summarise } from './table.js';
import type { BenchRow } from './table.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    backbone: { type: 'string', default: 'hashing' }, names: { type: 'string' }, seeds: { type: 'string', default: '3' },
    fraction: { type: 'string', default: '0.25' }, 'max-train': { type: 'string' }, holdout: { type: 'boolean' }, quick: { type: 'boolean' },
    home: { type: 'string', multiple: true }, 'write-results': { type: 'boolean' }, rescore: { type: 'boolean' }, strategies: { type: 'string', default: 'logistic,knn,centroid' },
  },
});
const dir = positionals[0];
if (!dir || !existsSync(dir)) {
  console.error('Usage: tsx bench/advise/run.ts DATASETS_DIR [--backbone NAME] [--names a,b] [--seeds N] [--fraction F] [--max-train N] [--holdout] [--quick] [--home DIR] [--write-results]');
  process.exit(2);
}
const fraction = Number(values.fraction);
if (!(fraction > 0 && fraction <= 0.25)) {
  console.error(`--fraction must be above 0 and at most 0.25 (a quarter of the training rows), got ${values.fraction}`);
  process.exit(2);
}
const seeds = Number(values.seeds);
const maxTrain = values['max-train'] === undefined ? Number.POSITIVE_INFINITY : Number(values['max-train']);
const names = values.names ? values.names.split(',') : readdirSync(dir).filter((n) => existsSync(join(dir, n, 'train.jsonl'))).sort();
const BENCH_SEED = 20261206;

/** Rows with distinct texts (graft's loader refuses a text given two labels; sst2 has a few). */
function dataset(rows: readonly Example[], source: string): Dataset {
  const seen = new Set<string>();
  return datasetFromExamples(rows.filter((e) => !seen.has(e.text) && seen.add(e.text)), { source });
}

function subset<T>(rows: readonly T[], n: number, seed: number): T[] {
  if (n >= rows.length) return [...rows];
  return [...new Rng(seed).shuffle(Int32Array.from(rows, (_, i) => i)).slice(0, n)].sort((a, b) => a - b).map((i) => rows[i]!);
}

/** The row's prediction for the full set from the advice's curve, scored against the measured accuracy. */
function score(row: Omit<BenchRow, 'predicted' | 'ci95' | 'absError' | 'inside' | 'points'>, points: readonly CurvePoint[]): BenchRow {
  const at = forecast(points, { available: row.fullRows, seed: row.seed, multiples: [] }).current;
  const curve = points.map((p) => ({ n: p.n, mean: p.mean, se: p.se ?? 0 }));
  return { ...row, points: curve, predicted: at.mean, ci95: at.ci95, absError: Math.abs(at.mean - row.measured), inside: !!at.ci95 && row.measured >= at.ci95[0] && row.measured <= at.ci95[1] };
}

/** The rows saved in a home, with this run's rows (same dataset and seed) replacing them. */
function merged(file: string, fresh: readonly BenchRow[]): BenchRow[] {
  const old = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchRow[]) : [];
  return [...old.filter((r) => !fresh.some((f) => f.dataset === r.dataset && f.seed === r.seed)), ...fresh];
}

/** The newest advice run saved in a home for a row's dataset and seed (the run the row came from). */
async function savedAdvice(ws: ReturnType<typeof openWorkspace>, row: BenchRow): Promise<Advice | undefined> {
  for (const r of await ws.runs({ kind: 'advise' })) { // newest first
    const a = parseAdvice((await ws.run(r.id)).result);
    if (a.dataset.name === row.dataset && a.settings.seed === row.seed) return a;
  }
  return undefined;
}

/**
 * A saved row scored again: its curve (its own, or that of the advice run saved beside it) with the
 * current forecast, and its decision made again by the current rules from that run's own
 * measurements (`reconsider`), so the decision column matches the prediction beside it. A row
 * whose advice run is gone keeps the decision it was saved with, marked "(as saved)".
 */
async function rescored(ws: ReturnType<typeof openWorkspace>, row: BenchRow, home: string): Promise<BenchRow> {
  const advice = await savedAdvice(ws, row);
  const points = row.points ?? advice?.curve.points.map((p) => ({ n: p.n, mean: p.mean, se: p.se }));
  if (!points) throw new Error(`no curve for ${row.dataset} seed ${row.seed}: the row has none and no advice run for it is saved in ${home}`);
  const decision = advice ? reconsider(advice).decision.action : `${row.decision.replace(/ \(as saved\)$/, '')} (as saved)`;
  return score({ ...row, decision }, points);
}

const resultsFile = (dir: string): string => join(dir, `bench-advise-${values.backbone!.replace(/[^a-z0-9-]+/gi, '_')}.json`);
if (values.rescore && !values.home) {
  console.error('--rescore needs --home DIR: the folder of an earlier run (its rows and its saved advice).');
  process.exit(2);
}
if (!values.rescore && (values.home?.length ?? 0) > 1) {
  console.error('--home is given once, except with --rescore.');
  process.exit(2);
}
const homes = values.home ?? [];
const home = homes[0] ?? mkdtempSync(join(tmpdir(), 'graft-bench-advise-'));
const rows: BenchRow[] = [];
if (values.rescore) {
  for (const h of homes) {
    const saved = (JSON.parse(readFileSync(resultsFile(h), 'utf8')) as BenchRow[]).filter((r) => names.includes(r.dataset));
    const ws = openWorkspace({ home: h });
    try {
      for (const old of saved) {
        const at = rows.findIndex((r) => r.dataset === old.dataset && r.seed === old.seed);
        if (at >= 0) rows.splice(at, 1); // a later home's row of the same dataset and seed replaces an earlier one's
        rows.push(await rescored(ws, old, h));
      }
    } finally {
      await ws.close();
    }
  }
  rows.sort((a, b) => names.indexOf(a.dataset) - names.indexOf(b.dataset) || a.seed - b.seed);
}
const ws = openWorkspace({ home });
try {
  for (const name of values.rescore ? [] : names) {
    const trainAll = readJsonl(join(dir, name, 'train.jsonl'));
    const full = dataset(subset(trainAll, maxTrain, BENCH_SEED), `${name}/train.jsonl`);
    const labels = new Set(full.labels);
    const test = dataset(readJsonl(join(dir, name, 'test.jsonl')).filter((e) => labels.has(e.label)), `${name}/test.jsonl`);
    process.stderr.write(`${name}: ${full.examples.length} training rows, ${test.examples.length} test rows\n`);
    const fullX = (await ws.embed(values.backbone!, full.examples.map((e) => e.text))).matrix;
    const testX = (await ws.embed(values.backbone!, test.examples.map((e) => e.text))).matrix;
    const order = [...full.labels];
    const yFull = Int32Array.from(full.examples, (e) => order.indexOf(e.label));
    const yTest = Int32Array.from(test.examples, (e) => order.indexOf(e.label));
    const measured = new Map<string, number>();
    for (let s = 0; s < seeds; s++) {
      const seed = BENCH_SEED + s;
      const sub = { ...full, name, examples: subset(full.examples, Math.floor(full.examples.length * fraction), seed) };
      const t0 = performance.now();
      let phase = '';
      const run = await ws.advise(sub, {
        backbones: [values.backbone!], strategies: values.strategies!.split(','), seed, quick: values.quick,
        ...(values.holdout ? {} : { test }), reuse: false,
        onProgress: (p) => {
          if (p.phase === phase) return;
          phase = p.phase;
          process.stderr.write(`  ${name} seed ${seed}: ${phase} at ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      const a = run.advice;
      const kind = a.graft.strategy;
      if (!measured.has(kind)) {
        process.stderr.write(`  ${name}: fitting ${kind} on the full set\n`);
        const head = await createStrategy(kind).fit(fullX, yFull, { seed: BENCH_SEED, labels: order });
        measured.set(kind, accuracy(yTest, argmaxRows(head.predictProba(testX))));
      }
      const m = measured.get(kind)!;
      const row = score({
        dataset: name, seed, subRows: sub.examples.length, fullRows: full.examples.length, strategy: kind, measured: m, decision: a.decision.action, seconds,
      }, a.curve.points.map((p) => ({ n: p.n, mean: p.mean, se: p.se })));
      rows.push(row);
      if (values.home) writeFileSync(resultsFile(home), JSON.stringify(merged(resultsFile(home), rows), null, 2) + '\n'); // after each row: a stopped run keeps what it measured
      process.stderr.write(`${name} seed ${seed}: ${kind} predicted ${(100 * row.predicted).toFixed(1)} [${row.ci95 ? row.ci95.map((v) => (100 * v).toFixed(1)).join('–') : '–'}] measured ${(100 * m).toFixed(1)} (${seconds.toFixed(0)} s)\n`);
    }
  }
} finally {
  await ws.close();
  if (!values.home) rmSync(home, { recursive: true, force: true });
}

const mode = `${values.backbone}, ${values.holdout ? 'curve on held-out rows of the subsample' : 'curve scored on the test file'}${values.quick ? ', --quick' : ''}${values.rescore ? ', predictions recomputed from the saved curves' : ''}`;
const predicted = [
  `### Predicted vs measured (${mode}; subsample = ${fraction} of the training rows${Number.isFinite(maxTrain) ? `, full set capped at ${maxTrain} rows` : ''})`, '',
  formatRows(rows), '', summarise(rows), '',
].join('\n');
const leaveOut = ['### Fine-tuning estimates, leave-one-out (each published result predicted from the others)', '', formatLeaveOneOut(leaveOneOut()), ''].join('\n');
process.stdout.write(`${predicted}\n${leaveOut}`);
if (values['write-results']) {
  // only the two generated blocks: the section's hand-written text (time, protocol notes, readings) stays
  writeGenerated('## advise', 'advise predicted vs measured', predicted);
  writeGenerated('## advise', 'advise fine-tuning leave-one-out', leaveOut);
}
