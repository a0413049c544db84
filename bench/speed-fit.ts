/**
 * Benchmark (issue 15, goal 1): the default `graft fit` work on a head — the cross-validated
 * score, the choice of C, the temperature and the head on all rows, as `fitTask` runs it
 * (eval's crossValidateAndFit of logistic and calibrated(logistic)) — against scikit-learn's
 * LogisticRegressionCV with the same C grid and the same folds (graft's, handed over as a
 * PredefinedSplit), side by side in one run, on use-lite embeddings.
 *
 *   npm run bench -- speed-fit --datasets DIR
 *   npx tsx bench/speed-fit.ts [DIR | --datasets DIR] [--only=banking77,banking150] [--threads=1,2] [--old] [--print-only]
 *
 * Datasets: `banking77` (its full training set, 10,003 rows, 77 classes) and `banking150`:
 * banking77 plus 73 seeded synthetic classes to 15,000 training rows and 150 classes (class j of
 * the extension = rows of banking77 class j shifted by a fixed random direction of norm 0.6 and
 * renormalised; its test rows the same shift of class j's test rows), the 15,000 × 150 shape.
 * Embeddings go through the SQLite cache in GRAFT_HOME (the first run embeds banking77 once;
 * embedding time is not part of any figure). `--threads`: graft's runs (default 2; `1,2` shows
 * what the second core gives). `--old`: also the path before one set of folds served the score
 * (crossValidate then fit: a C search per fold plus one for the head), one thread. Writes the
 * `## speed-fit` section of bench/RESULTS.md unless `--print-only` or `--rows=N` (a seeded sample
 * of N training rows: a quick check on a busy machine; the goal is on the full sets).
 * `--skip-sklearn`: graft only. Each figure has the 1-minute load
 * average before and after it: the machine is shared, so compare ratios from the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../src/core/index.js';
import { accuracy, argmaxRows, crossValidate, crossValidateAndFit } from '../src/eval/index.js';
import { DEFAULT_CS, calibrated, createStrategy } from '../src/heads/index.js';
import { searchFolds } from '../src/heads/logistic/search.js';
import { writeSection } from './lib/results-section.js';
import { banking150, banking77, type Data } from './lib/banking-sets.js';

const SEED = 1;
const FOLDS = 5;

interface Timed { wall: number; cpu: number; acc: number; cvAcc: number; C: number; load: [number, number] }

const { values, positionals } = parseArgs({
  options: {
    datasets: { type: 'string' }, only: { type: 'string' }, threads: { type: 'string', default: '2' },
    old: { type: 'boolean', default: false }, 'print-only': { type: 'boolean', default: false }, rows: { type: 'string' },
    'skip-sklearn': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

/** A seeded sample of `rows` training rows (all test rows). */
function sample(data: Data, rows: number): Data {
  if (rows >= data.X.rows) return data;
  const pick = new Rng(7).shuffle(Int32Array.from({ length: data.X.rows }, (_, i) => i)).slice(0, rows).sort();
  return { ...data, name: `${data.name} (${rows} rows)`, X: data.X.selectRows(pick), y: Int32Array.from(pick, (i) => data.y[i]!) };
}


function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function graftFit(data: Data, threads: number, old: boolean): Promise<Timed> {
  const load0 = loadavg()[0]!;
  const base = createStrategy('logistic');
  const opts = { labels: data.labels, folds: FOLDS, seed: SEED };
  const t0 = performance.now(), c0 = cpuSeconds();
  let head, cv;
  if (old) {
    cv = await crossValidate(base, data.X, data.y, opts);
    head = await calibrated(base).fit(data.X, data.y, { seed: SEED, labels: data.labels });
  } else {
    ({ cv, head } = await crossValidateAndFit(base, calibrated(base), data.X, data.y, { ...opts, threads }));
  }
  const wall = (performance.now() - t0) / 1000, cpu = cpuSeconds() - c0;
  return { wall, cpu, acc: accuracy(data.yt, argmaxRows(head.predictProba(data.Xt))), cvAcc: cv.metrics.accuracy.mean, C: Number(head.diagnostics.chosen?.C), load: [load0, loadavg()[0]!] };
}

const PY = `
import json, sys, time
import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import PredefinedSplit
d, n, m, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
Cs = [float(c) for c in sys.argv[5].split(",")]
X = np.fromfile(d + "/X.f32", dtype="<f4").reshape(n, dim).astype(np.float64)
y = np.fromfile(d + "/y.i32", dtype="<i4")
Xt = np.fromfile(d + "/Xt.f32", dtype="<f4").reshape(m, dim).astype(np.float64)
yt = np.fromfile(d + "/yt.i32", dtype="<i4")
fold = np.fromfile(d + "/fold.i32", dtype="<i4")
clf = LogisticRegressionCV(Cs=Cs, cv=PredefinedSplit(fold), scoring="neg_log_loss", solver="lbfgs", tol=1e-4, max_iter=500)
t, c = time.perf_counter(), time.process_time()
clf.fit(X, y)
wall, cpu = time.perf_counter() - t, time.process_time() - c
acc = float((clf.classes_[clf.predict_proba(Xt).argmax(1)] == yt).mean())
print(json.dumps({"wall": wall, "cpu": cpu, "acc": acc, "C": float(clf.C_[0])}))
`;

function sklearnFit(data: Data): Timed {
  const load0 = loadavg()[0]!;
  const folds = searchFolds(data.y, data.labels.length, FOLDS, SEED);
  if (folds === null) {
    throw new Error(`speed-fit: ${data.name} has a label with fewer than ${FOLDS} rows, so it cannot be split into ${FOLDS} folds for scikit-learn's PredefinedSplit; give --rows a larger sample (or leave it out for the full set)`);
  }
  const fold = new Int32Array(data.X.rows);
  folds.forEach((f, j) => f.test.forEach((i) => { fold[i] = j; }));
  const tmp = mkdtempSync(join(tmpdir(), 'graft-speed-fit-'));
  try {
    writeFileSync(join(tmp, 'X.f32'), data.X.data);
    writeFileSync(join(tmp, 'y.i32'), data.y);
    writeFileSync(join(tmp, 'Xt.f32'), data.Xt.data);
    writeFileSync(join(tmp, 'yt.i32'), data.yt);
    writeFileSync(join(tmp, 'fold.i32'), fold);
    const py = spawnSync('/usr/bin/python3', ['-c', PY, tmp, String(data.X.rows), String(data.Xt.rows), String(data.X.cols), DEFAULT_CS.join(',')], { encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`scikit-learn failed: ${py.stderr}`);
    const r = JSON.parse(py.stdout) as { wall: number; cpu: number; acc: number; C: number };
    return { wall: r.wall, cpu: r.cpu, acc: r.acc, cvAcc: NaN, C: r.C, load: [load0, loadavg()[0]!] };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const pct = (v: number): string => (Number.isNaN(v) ? '–' : (100 * v).toFixed(2));
const load = (t: Timed): string => `${t.load[0].toFixed(1)}/${t.load[1].toFixed(1)}`;

async function main(): Promise<void> {
  const dir = resolve(values.datasets ?? positionals[0] ?? '../shared/datasets');
  const only = values.only?.split(',') ?? ['banking77', 'banking150'];
  const threads = values.threads!.split(',').map(Number);
  const b77 = await banking77(dir);
  const sets = [b77, banking150(b77)].filter((d) => only.includes(d.name)).map((d) => (values.rows ? sample(d, Number(values.rows)) : d));
  const rows: string[] = [];
  for (const data of sets) {
    const sk = !values['skip-sklearn'] ? sklearnFit(data) : { wall: NaN, cpu: NaN, acc: NaN, cvAcc: NaN, C: NaN, load: [NaN, NaN] as [number, number] };
    process.stderr.write(`${data.name}: sklearn ${sk.wall.toFixed(1)} s wall, ${sk.cpu.toFixed(1)} s CPU, acc ${pct(sk.acc)}, C ${sk.C} (load ${load(sk)})\n`);
    const runs: [string, Timed][] = [];
    for (const t of threads) runs.push([`${t} thread${t > 1 ? 's' : ''}`, await graftFit(data, t, false)]);
    if (values.old) runs.push(['before (CV then fit), 1 thread', await graftFit(data, 1, true)]);
    for (const [how, g] of runs) {
      process.stderr.write(`${data.name}: graft ${how} ${g.wall.toFixed(1)} s wall, ${g.cpu.toFixed(1)} s CPU, acc ${pct(g.acc)}, CV acc ${pct(g.cvAcc)}, C ${g.C} (load ${load(g)})\n`);
      rows.push(`| ${data.name} | ${data.X.rows} | ${data.labels.length} | graft, ${how} | ${g.wall.toFixed(1)} (${g.cpu.toFixed(1)}) | ${sk.wall.toFixed(1)} (${sk.cpu.toFixed(1)}) | ` +
        `**${(g.wall / sk.wall).toFixed(2)}** (${(g.cpu / sk.cpu).toFixed(2)}) | ${g.C} / ${sk.C} | ${pct(g.acc)} / ${pct(sk.acc)} | ${pct(g.cvAcc)} | ${load(g)} · ${load(sk)} |`);
    }
  }
  const section = [
    '## speed-fit',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. ` +
      `\`npx tsx bench/speed-fit.ts --datasets DIR${values.old ? ' --old' : ''} --threads=${values.threads}\`. ` +
      `graft: the default fit's head work (5-fold CV score, C from [${DEFAULT_CS.join(', ')}], temperature, head on all rows: ` +
      `eval's crossValidateAndFit, as \`graft fit\` runs it after embedding). scikit-learn: LogisticRegressionCV on the same grid and the ` +
      'same 5 folds (PredefinedSplit of graft\'s), neg_log_loss, lbfgs, tol 1e-4, its default threads. Seconds wall (CPU); ratio = graft wall / sklearn wall (CPU ratio). ' +
      'Load = 1-minute load average before/after each side (2 shared cores).',
    '',
    '| dataset | train rows | classes | run | graft s (CPU) | sklearn s (CPU) | ratio | C graft / sklearn | test acc % graft / sklearn | graft CV acc % | load graft · sklearn |',
    '|---|---:|---:|---|---:|---:|---:|---|---|---:|---|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(section + '\n');
  if (!values['print-only'] && !values.rows) writeSection(section, '## speed-fit');
}

await main();
