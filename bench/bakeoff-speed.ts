/**
 * Benchmark: the default bake-off (logistic, knn, centroid × the curve sizes × 5 seeds, with
 * calibration, logistic's regularization path and the OOD section) on cached use-lite
 * embeddings, against the same protocol in scikit-learn in the same run.
 *
 *   npx tsx bench/bakeoff-speed.ts [datasetsDir=../shared/datasets] [--only=ag_news,banking77] [--seeds=5] [--workers=2]
 *     [--curves=issue,doubling,default] [--without-logistic=banking77] [--sklearn-timeout=1800] [--no-sklearn] [--no-write]
 *     [--dump=FILE]   (FILE may hold {name} and {curve}: each strategy's curve points and path as JSON)
 *   npx tsx bench/bakeoff-speed.ts --render   (rewrites the section from the rows saved in GRAFT_HOME)
 *
 * `--curves`: which learning curves to run, each a row of the table (all three by default).
 * `issue`: the issue's protocol, 8, 16, 32, 64, 128 per class then all (6 sizes); `doubling`:
 * 8, 16, 32, … doubling while the sample is smaller than the training set, then all (10 sizes
 * on ag_news; `graft eval`'s default curve until it stopped at half the rows); `default`:
 * `graft eval`'s default curve now (defaultCurveSizes: 9 sizes on ag_news).
 *
 * `--without-logistic=NAMES`: bake off only knn and centroid on those datasets (logistic's inner
 * CV on banking77's 77 classes takes most of an hour on 2 shared cores, on both sides).
 *
 * Target (issue 3): 3 strategies × 6 sizes × 5 seeds on a 10,000-example dataset in ≤ 2 minutes
 * once embeddings are cached. Embeds nothing: only rows whose use-lite vector is already in the
 * SQLite cache in GRAFT_HOME are used (the row counts are reported).
 *
 * Peer (/usr/bin/python3, scikit-learn, on the same float32 matrices and the same sampled rows,
 * written to a temp dir): LogisticRegressionCV (the same Cs, 3 stratified folds, log-loss),
 * GridSearchCV over KNeighborsClassifier's k (the same ks, cosine, 3 folds, log-loss) and
 * NearestCentroid; at each curve size below the full set one fit per seed (the first choosing C or k,
 * the others fitting that choice, as graft does); at the full set one
 * fit; calibration = 5-fold cross_val_predict of the base with its chosen hyper-parameters plus a
 * fitted temperature; logistic's path = LogisticRegression at each C but the chosen one (which
 * LogisticRegressionCV's refit already is); train accuracy on ≤ 2,000 rows; a k-nearest-neighbour
 * distance for OOD on ≤ 4,000 reference rows. Ratio = graft seconds / sklearn seconds.
 * Writes the `## bakeoff-speed` section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { curveSizes, runBakeoff, sampleFewShot, sampleSize } from '../src/eval/index.js';
import type { BakeoffResult } from '../src/eval/index.js';
import { TRAIN_ACCURACY_ROWS, defaultCurveSizes } from '../src/eval/bakeoff.js';
import { DEFAULT_CS, DEFAULT_KS, regularizationPath } from '../src/heads/index.js';
import { bakeoffStrategies } from '../src/pipeline/bakeoff.js';
import { graftHome } from '../src/store/index.js';
import { cachedRows } from './lib/cached-rows.js';

const PATH_CS = regularizationPath('logistic')!.values;

const DATASETS = ['ag_news', 'banking77'] as const;
const SEED = 20261128;
const ALL_STRATEGIES = ['logistic', 'knn', 'centroid'];
const TARGET_SECONDS = 120;
/** The issue's curve: n = 8, 16, 32, 64, 128 per class, then the full set. */
const ISSUE_SIZES = [8, 16, 32, 64, 128];
const CURVES = ['issue', 'doubling', 'default'] as const;
type Curve = typeof CURVES[number];

interface Result {
  name: string; curve?: Curve; sizeList?: number[]; measured?: string; strategies: string[]; train: number; test: number; trainFile: number; testFile: number; classes: number; sizes: number;
  seeds: number; workers: number; fits: number; oursSec: number; oursCpuSec: number; skSec: number | null;
  oursAcc: Record<string, number>; skAcc: Record<string, number> | null; loadBefore: number; loadAfter: number;
}

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const PY = String.raw`
import json, sys, time, warnings
import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid, NearestNeighbors
warnings.filterwarnings("ignore")
d = sys.argv[1]
spec = json.load(open(d + "/spec.json"))
n, m, dim, K = spec["n"], spec["m"], spec["dim"], spec["classes"]
X = np.fromfile(d + "/Xtrain.f32", dtype="<f4").reshape(n, dim).astype(np.float64)
y = np.fromfile(d + "/ytrain.i32", dtype="<i4")
Xt = np.fromfile(d + "/Xtest.f32", dtype="<f4").reshape(m, dim).astype(np.float64)
yt = np.fromfile(d + "/ytest.i32", dtype="<i4")
seed = spec["seed"]; cap = spec["trainAccuracyRows"]

class Centroid:
    """Cosine nearest centroid with softmax probabilities (sklearn's NearestCentroid has no predict_proba)."""
    def fit(self, X, y):
        nc = NearestCentroid().fit(X / np.linalg.norm(X, axis=1, keepdims=True), y)
        c = nc.centroids_; self.c = c / np.linalg.norm(c, axis=1, keepdims=True); self.classes_ = nc.classes_
        return self
    def predict_proba(self, X):
        s = (X / np.linalg.norm(X, axis=1, keepdims=True)) @ self.c.T / 0.1
        s -= s.max(axis=1, keepdims=True); p = np.exp(s); return p / p.sum(axis=1, keepdims=True)
    def get_params(self, deep=False): return {}
    def set_params(self, **k): return self

def make(kind, rows_y):
    if kind == "logistic":
        return LogisticRegressionCV(Cs=spec["Cs"], cv=StratifiedKFold(3, shuffle=True, random_state=seed), scoring="neg_log_loss", max_iter=500, tol=1e-4)
    if kind == "knn":
        smallest = min(np.bincount(rows_y)[np.bincount(rows_y) > 0])
        folds = max(2, min(3, smallest))
        fold_rows = len(rows_y) * (folds - 1) // folds
        ks = [k for k in spec["ks"] if k <= fold_rows] or [1]
        return GridSearchCV(KNeighborsClassifier(metric="cosine", algorithm="brute", weights="distance"), {"n_neighbors": ks}, cv=StratifiedKFold(folds, shuffle=True, random_state=seed), scoring="neg_log_loss")
    return Centroid()

def fixed(kind, model):
    if kind == "logistic": return LogisticRegression(C=float(model.C_[0]), max_iter=500, tol=1e-4)
    if kind == "knn": return KNeighborsClassifier(n_neighbors=model.best_params_["n_neighbors"], metric="cosine", algorithm="brute", weights="distance")
    return Centroid()

def train_acc(model, rows):
    if len(rows) > cap: rows = np.sort(np.random.default_rng(seed).permutation(rows)[:cap])
    return (model.predict_proba(X[rows]).argmax(1) == y[rows]).mean()

def temperature(P, yy):
    L = np.log(np.clip(P, 1e-12, 1))
    def nll(lt):
        Z = L / np.exp(lt); Z -= Z.max(1, keepdims=True)
        return -(Z[np.arange(len(yy)), yy] - np.log(np.exp(Z).sum(1))).mean()
    return np.exp(minimize_scalar(nll, bounds=(np.log(0.02), np.log(50)), method="bounded").x)

t0 = time.perf_counter(); acc = {}
for kind in spec["strategies"]:
    for samples in spec["samples"]:
        for i, rows in enumerate(samples):
            rows = np.asarray(rows)
            # each size chooses once, on its first seed; the other seeds fit that choice (graft's protocol 6)
            mdl = (make(kind, y[rows]) if i == 0 else fixed(kind, first)).fit(X[rows], y[rows])
            if i == 0: first = mdl
            mdl.predict_proba(Xt); train_acc(mdl, rows)
    allrows = np.arange(n)
    full = make(kind, y).fit(X, y)
    P = full.predict_proba(Xt); train_acc(full, allrows)
    acc[kind] = float((full.classes_[P.argmax(1)] == yt).mean())
    base = fixed(kind, full)
    oof = cross_val_predict(base, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed), method="predict_proba")
    temperature(oof, y)
    if kind == "logistic":
        for C in spec["pathCs"]:
            if C == float(full.C_[0]): continue
            p = LogisticRegression(C=C, max_iter=500, tol=1e-4).fit(X, y)
            p.predict_proba(Xt); train_acc(p, allrows)
ref = X[np.random.default_rng(seed).permutation(n)[:4000]]
NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(ref).kneighbors(Xt)
print(json.dumps({"sec": time.perf_counter() - t0, "acc": acc}))
`;

async function runDataset(dir: string, name: string, curve: Curve, STRATEGIES: string[], seeds: number, workers: number, withSklearn: boolean, skTimeout: number): Promise<Result> {
  const { backboneId, train, test, trainFile, testFile, labelSet, Xtrain, Xtest } = await cachedRows(dir, name);
  const labels = [...labelSet.labels];
  const K = labels.length;
  const yTrain = labelSet.encode(train.map((e) => e.label));
  const yTest = labelSet.encode(test.map((e) => e.label));
  const counts = labelSet.counts(yTrain);
  const sizes = (curve === 'issue' ? ISSUE_SIZES : curve === 'doubling' ? curveSizes(counts) : defaultCurveSizes(counts)).filter((s) => Number.isFinite(s) && sampleSize(counts, s) < yTrain.length);
  process.stderr.write(`${name} (${curve} curve): ${train.length}/${trainFile} train and ${test.length}/${testFile} test rows cached, ${K} classes, sizes ${sizes.join(',')},all × ${seeds} seeds\n`);

  const loadBefore = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let last = t0;
  const ticks: number[] = [];
  let prev = t0;
  const r: BakeoffResult = await runBakeoff({
    labels, yTrain, yTest, embeddings: [{ backbone: backboneId, train: Xtrain, test: Xtest }],
    ...bakeoffStrategies(STRATEGIES), seed: SEED, seeds, workers, sizes,
    onProgress: (p) => {
      if (p.done > ticks.length) { const now = performance.now(); ticks.push((now - prev) / 1000); prev = now; }
      if (performance.now() - last > 20_000) { last = performance.now(); process.stderr.write(`  ${name}: ${p.done}/${p.total} fits, ${((last - t0) / 1000).toFixed(0)} s\n`); }
    },
  });
  const oursSec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const oursAcc = Object.fromEntries(r.entries.map((e) => [e.strategy, e.accuracy.mean]));
  if (workers === 1) {
    // Where the time went, from the order runBakeoff reports its units in (in one thread): every
    // strategy's full-set fit, calibration and path, then OOD, then every strategy's curve by size.
    let at = 0;
    const take = (k: number): number => ticks.slice(at, (at += k)).reduce((s, v) => s + v, 0);
    const phases: string[] = [];
    for (const s of STRATEGIES) {
      const full = take(1), cal = take(1), path = s === 'logistic' ? take(PATH_CS.length) : 0;
      phases.push(`${s}: full ${full.toFixed(1)} s, calibration ${cal.toFixed(1)} s${s === 'logistic' ? `, path ${path.toFixed(1)} s` : ''}`);
    }
    phases.push(`ood ${take(1).toFixed(1)} s`);
    for (const s of STRATEGIES) phases.push(`${s} curve ${sizes.map((n) => `${n}: ${take(seeds).toFixed(1)}`).join(', ')} s`);
    process.stderr.write(`${name}: ${phases.join('; ')}\n`);
  }
  process.stderr.write(`${name}: graft ${oursSec.toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU) ${JSON.stringify(oursAcc)}\n`);
  const dump = arg('dump');
  if (dump) writeFileSync(resolve(dump.replace('{name}', name).replace('{curve}', curve)), JSON.stringify(curvePoints(r), null, 1));

  let skSec: number | null = null;
  let skAcc: Record<string, number> | null = null;
  if (withSklearn) {
    const tmp = mkdtempSync(join(tmpdir(), 'graft-bakeoff-speed-'));
    try {
      writeFileSync(join(tmp, 'Xtrain.f32'), Buffer.from(Xtrain.data.buffer, Xtrain.data.byteOffset, Xtrain.data.byteLength));
      writeFileSync(join(tmp, 'ytrain.i32'), Buffer.from(yTrain.buffer));
      writeFileSync(join(tmp, 'Xtest.f32'), Buffer.from(Xtest.data.buffer, Xtest.data.byteOffset, Xtest.data.byteLength));
      writeFileSync(join(tmp, 'ytest.i32'), Buffer.from(yTest.buffer));
      const samples = sizes.map((s) => Array.from({ length: seeds }, (_, k) => Array.from(sampleFewShot(yTrain, s, K, SEED + k))));
      writeFileSync(join(tmp, 'spec.json'), JSON.stringify({
        n: Xtrain.rows, m: Xtest.rows, dim: Xtrain.cols, classes: K, seed: SEED, strategies: STRATEGIES, samples,
        Cs: [...DEFAULT_CS], ks: [...DEFAULT_KS], pathCs: [...PATH_CS], trainAccuracyRows: TRAIN_ACCURACY_ROWS,
      }));
      const py = spawnSync('/usr/bin/python3', ['-c', PY, tmp], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: skTimeout * 1000 });
      if (py.error && (py.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
        skSec = -skTimeout; // a lower bound: reported as "> timeout"
        process.stderr.write(`${name}: sklearn still running after ${skTimeout} s, stopped\n`);
      } else {
        if (py.status !== 0) throw new Error(`sklearn failed: ${py.stderr}`);
        const out = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as { sec: number; acc: Record<string, number> };
        skSec = out.sec;
        skAcc = out.acc;
        process.stderr.write(`${name}: sklearn ${skSec.toFixed(1)} s ${JSON.stringify(skAcc)}\n`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const fits = STRATEGIES.length * (sizes.length * seeds + 1);
  return {
    name, curve, sizeList: sizes, measured: new Date().toISOString().slice(0, 16).replace('T', ' '), strategies: STRATEGIES, train: train.length, test: test.length, trainFile, testFile, classes: K,
    sizes: sizes.length + 1, seeds, workers, fits, oursSec, oursCpuSec: (cpu.user + cpu.system) / 1e6, skSec, oursAcc, skAcc,
    loadBefore, loadAfter: loadavg()[0]!,
  };
}

/** Every strategy's curve points (size, rows, accuracy mean and interval) and path, for comparing two runs' numbers. */
function curvePoints(r: BakeoffResult): unknown {
  return r.entries.map((e) => ({
    strategy: e.strategy,
    points: e.points.map((p) => ({ perClass: p.perClass, n: p.n, accuracy: p.accuracy, macroF1: p.macroF1, interval: p.interval })),
    path: e.regularizationPath ?? null,
  }));
}

function curveLabel(r: Result): string {
  const sizes = r.sizeList ? `${r.sizeList.join(', ')}, all` : '8, 16, 32, … all';
  return `${r.curve ?? 'doubling'}: ${sizes}${r.measured ? '' : ' (earlier run)'}`;
}

function section(results: Result[]): string {
  const sk = spawnSync('/usr/bin/python3', ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  const pct = (x: number | undefined): string => (x === undefined ? '–' : (100 * x).toFixed(1));
  const L = [
    '## bakeoff-speed',
    '',
    `The bake-off (\`graft eval\`'s work after embedding): logistic, knn, centroid (fewer where the table says so) × a learning curve × the seeds, ` +
      'with temperature calibration (on each head\'s own out-of-fold probabilities), logistic\'s regularization path (6 values of C, the chosen one reused) and the OOD section, on cached use-lite embeddings. ' +
      `Target (issue 3): ≤ ${TARGET_SECONDS} s for 3 strategies × 6 sizes × 5 seeds on 10,000 examples. ` +
      'Curves (per class): **issue** = the issue\'s protocol, 8, 16, 32, 64, 128, then all; **doubling** = 8, 16, 32, … while smaller than the training set, then all ' +
      '(`graft eval`\'s default until defaultCurveSizes, and the curve of the earlier rows); **default** = `graft eval`\'s default now, doubling up to half the training rows, then all. ' +
      'At the full set every seed draws the same rows, so it is fitted once, with a bootstrap interval over test rows; below it, one fit per seed, and (from bake-off protocol 6, session 6) each size chooses C or k once, on its first seed\'s sample, the other seeds fitting that choice, on both sides (docs/bakeoff.md; rows measured before it searched at every seed). ' +
      'Peer: the same protocol and the same sampled rows in scikit-learn ' +
      `${sk[0] ?? '?'} (numpy ${sk[1] ?? '?'}), in the same run: LogisticRegressionCV / GridSearchCV(KNeighborsClassifier) / a cosine NearestCentroid, ` +
      'cross_val_predict + temperature for calibration, LogisticRegression per C for the path, NearestNeighbors for OOD. ' +
      'graft\'s logistic inner-CV and path fits stop at a relative decrease of 1e-6 (innerFtol, and the path fits at the same 1e-6), scikit-learn\'s at its defaults (tol 1e-4, scipy\'s ftol); both refit at the chosen C to the defaults, except graft\'s learning-curve points, whose heads are only scored (scoreOnly): their refit stops at innerFtol too. ' +
      `Only rows already in the embedding cache are used (nothing is embedded). Machine: ${cpus().length} cores, shared; load = 1-minute load average before/after.`,
    '',
    '| dataset | curve (per class) | strategies | train rows (cached/file) | test rows | classes | sizes × seeds | fits (curve + full) | graft s (CPU s), workers | sklearn s | ratio graft/sklearn | ≤ 120 s | graft acc % (per strategy) | sklearn acc % | load |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const acc = (a: Record<string, number> | null): string => (a ? r.strategies.map((s) => pct(a[s])).join(' / ') : '–');
    const sk = r.skSec === null ? '–' : r.skSec < 0 ? `> ${-r.skSec}` : r.skSec.toFixed(1);
    const ratio = r.skSec === null ? '–' : r.skSec < 0 ? `< ${(r.oursSec / -r.skSec).toFixed(2)}` : (r.oursSec / r.skSec).toFixed(2);
    L.push(
      `| ${r.name} | ${curveLabel(r)} | ${r.strategies.join(', ')} | ${r.train}/${r.trainFile} | ${r.test}/${r.testFile} | ${r.classes} | ${r.sizes} × ${r.seeds} | ${r.fits} | ${r.oursSec.toFixed(1)} (${r.oursCpuSec.toFixed(1)}), ${r.workers} | ` +
      `${sk} | ${ratio} | ${r.oursSec <= TARGET_SECONDS ? 'yes' : 'no'} | ${acc(r.oursAcc)} | ${acc(r.skAcc)} | ${r.loadBefore.toFixed(1)}/${r.loadAfter.toFixed(1)} |`,
    );
  }
  return L.join('\n') + '\n';
}

function writeSection(text: string): void {
  const path = resolve('bench/RESULTS.md');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const start = old.search(/^## bakeoff-speed$/m);
  let next: string;
  if (start < 0) next = `${old.trimEnd()}\n\n${text}`;
  else {
    const rest = old.slice(start + 1);
    const end = rest.search(/^## /m);
    next = old.slice(0, start) + text + (end < 0 ? '' : `\n${rest.slice(end)}`);
  }
  writeFileSync(path, next);
}

/** Key of a row in the saved results: the dataset's name for the doubling curve (the only one before curves were named). */
function storeKey(name: string, curve: Curve): string {
  return curve === 'doubling' ? name : `${name}:${curve}`;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/datasets');
  const only = arg('only')?.split(',') ?? [...DATASETS];
  const seeds = Number(arg('seeds') ?? 5);
  const workers = Number(arg('workers') ?? Math.min(2, availableParallelism()));
  const withoutLogistic = arg('without-logistic')?.split(',') ?? [];
  const skTimeout = Number(arg('sklearn-timeout') ?? 1800);
  if (process.argv.includes('--render')) {
    // Rewrites the section from the saved rows, without running anything.
    const saved = JSON.parse(readFileSync(join(graftHome(), 'bench-bakeoff-speed.json'), 'utf8')) as Record<string, Result>;
    writeSection(section(DATASETS.flatMap((n) => CURVES.map((c) => saved[storeKey(n, c)]).filter((r): r is Result => r !== undefined))));
    return;
  }
  const curves = (arg('curves')?.split(',') ?? [...CURVES]) as Curve[];
  if (curves.some((c) => !CURVES.includes(c))) throw new Error(`--curves takes ${CURVES.join(', ')}, got ${arg('curves')}`);
  const results: Result[] = [];
  for (const name of only) {
    if (!existsSync(join(dir, name, 'train.jsonl'))) {
      process.stderr.write(`${name}: not found in ${dir}, skipped\n`);
      continue;
    }
    const strategies = withoutLogistic.includes(name) ? ALL_STRATEGIES.filter((s) => s !== 'logistic') : ALL_STRATEGIES;
    for (const curve of curves) {
      results.push(await runDataset(dir, name, curve, strategies, seeds, workers, !process.argv.includes('--no-sklearn'), skTimeout));
      // Written after each row, so an interrupted run keeps what it measured; rows measured by
      // earlier runs (kept in GRAFT_HOME/bench-bakeoff-speed.json) stay in the section.
      if (!process.argv.includes('--no-write')) {
        const store = join(graftHome(), 'bench-bakeoff-speed.json');
        const saved: Record<string, Result> = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) as Record<string, Result> : {};
        saved[storeKey(name, curve)] = results.at(-1)!;
        writeFileSync(store, JSON.stringify(saved, null, 1));
        const rows = DATASETS.flatMap((n) => CURVES.map((c) => saved[storeKey(n, c)]).filter((r): r is Result => r !== undefined));
        writeSection(section(rows));
      }
    }
  }
  process.stdout.write(section(results));
  for (const r of results) process.stdout.write(`${summaryLine(r)}\n`);
}

/** One line per row, for a quiet re-run: wall and CPU seconds, the peer, the ratio, the goal, accuracies, load. */
function summaryLine(r: Result): string {
  const pct = (a: Record<string, number> | null): string => (a === null ? '–' : r.strategies.map((s) => (a[s] === undefined ? '–' : (100 * a[s]!).toFixed(1))).join('/'));
  const sk = r.skSec === null ? 'not run' : r.skSec < 0 ? `> ${-r.skSec} s` : `${r.skSec.toFixed(1)} s`;
  const ratio = r.skSec === null ? '–' : r.skSec < 0 ? `< ${(r.oursSec / -r.skSec).toFixed(2)}` : (r.oursSec / r.skSec).toFixed(2);
  return `SUMMARY bakeoff-speed ${r.name} ${r.curve ?? 'doubling'}: graft ${r.oursSec.toFixed(1)} s wall, ${r.oursCpuSec.toFixed(1)} s CPU, ${r.workers} workers, ` +
    `${r.fits} fits; sklearn ${sk}; ratio ${ratio}; ≤ ${TARGET_SECONDS} s: ${r.oursSec <= TARGET_SECONDS ? 'yes' : 'no'}; ` +
    `acc % ${r.strategies.join('/')} ${pct(r.oursAcc)} (sklearn ${pct(r.skAcc)}); load ${r.loadBefore.toFixed(1)}/${r.loadAfter.toFixed(1)}`;
}

await main();
