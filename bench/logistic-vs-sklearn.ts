/**
 * Benchmark: graft's logistic head vs scikit-learn's LogisticRegression on the same
 * use-lite embeddings, same C, same stopping rules (scipy L-BFGS-B's gtol and ftol tests), in
 * the same run.
 *
 *   npx tsx bench/logistic-vs-sklearn.ts [datasetsDir=../shared/datasets] [--C=1] [--only=sst2,emotion] [--cv]
 *
 * --cv: C chosen by inner CV on both sides (graft's default logistic: DEFAULT_CS, 3 stratified
 * folds, held-out log-loss, refit from the folds' mean solution; sklearn's LogisticRegressionCV
 * with the same grid, folds and scoring), written to the `logistic-vs-sklearn-cv` section.
 * Datasets: sst2, ag_news, banking77, emotion and banking150 (banking77 plus 73 seeded synthetic
 * classes: 15,000 rows, 150 classes, issue 15's shape; bench/lib/banking-sets.ts). Each case also
 * prints one `SUMMARY` line on stdout: both sides' seconds and CPU seconds, the ratio, both
 * accuracies and the load, so a run is read off at a glance.
 *
 * Embeddings go through the SQLite embedding cache in GRAFT_HOME, so a second run only fits.
 * sklearn runs in a /usr/bin/python3 subprocess on the same float32 matrices (binary files
 * in a temp dir); only the two `fit` calls are timed. Writes its section of bench/RESULTS.md.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { CachedBackbone, createBackbone } from '../src/backbones/index.js';
import { LabelSet, Rng } from '../src/core/index.js';
import { accuracy, argmaxRows } from '../src/eval/index.js';
import { DEFAULT_CS, createStrategy } from '../src/heads/index.js';
import type { LogisticDiagnostics } from '../src/heads/logistic/index.js';
import { SCIPY_FTOL } from '../src/heads/logistic/lbfgs.js';
import { SqliteEmbeddingCache, openDb } from '../src/store/index.js';
import { writeSection } from './lib/results-section.js';
import { banking150, banking77, type Data } from './lib/banking-sets.js';
import { readJsonl } from './lib/fewshot-data.js';

const DATASETS = ['sst2', 'ag_news', 'banking77', 'emotion', 'banking150'] as const;
const SST2_TRAIN_ROWS = 5000; // sst2 has 67k training phrases; a seeded sample keeps the bench short
const SEED = 20261128;
const TOL = 1e-4; // sklearn's default: max |∇| of Σ CE + ‖W‖²/(2C); graft's `tol` means the same
const MAX_ITER = 1000;

interface Result {
  name: string; nTrain: number; nTest: number; classes: number;
  oursAcc: number; skAcc: number; oursSec: number; skSec: number; oursCpu: number; skCpu: number; load: [number, number];
  oursIter: number; skIter: number; oursConverged: boolean; skGrad: number;
  oursStop: string; oursGrad: number; skStop: string;
  oursC: number; skC: number;
}



const PY = `
import json, sys, time, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression
d, n, m, dim, C, tol, max_iter = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
Cs = [float(c) for c in sys.argv[8].split(",")] if len(sys.argv) > 8 else None
X = np.fromfile(d + "/Xtrain.f32", dtype="<f4").reshape(n, dim).astype(np.float64)
y = np.fromfile(d + "/ytrain.i32", dtype="<i4")
Xt = np.fromfile(d + "/Xtest.f32", dtype="<f4").reshape(m, dim).astype(np.float64)
yt = np.fromfile(d + "/ytest.i32", dtype="<i4")
if Cs:
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold
    clf = LogisticRegressionCV(Cs=Cs, cv=StratifiedKFold(3, shuffle=True, random_state=0), scoring="neg_log_loss", solver="lbfgs", tol=tol, max_iter=max_iter)
else:
    clf = LogisticRegression(C=C, solver="lbfgs", tol=tol, max_iter=max_iter)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    t = time.perf_counter(); c = time.process_time(); clf.fit(X, y); sec = time.perf_counter() - t; cpu = time.process_time() - c
acc = float((clf.classes_[clf.predict_proba(Xt).argmax(1)] == yt).mean())
# Largest gradient component of sum(CE) + |W|^2/(2C) where sklearn stopped (its tol scale).
P = clf.predict_proba(X)
if P.shape[1] == 2:
    R = (P[:, 1] - (y == clf.classes_[1]))[:, None]
else:
    R = P - (y[:, None] == clf.classes_[None, :])
Cf = float(clf.C_[0]) if Cs else C
G = np.concatenate([(R.T @ X + clf.coef_ / Cf).ravel(), R.sum(0)])
print(json.dumps({"acc": acc, "sec": sec, "cpu": cpu, "iter": int(clf.n_iter_.max()), "grad": float(np.abs(G).max()), "C": Cf, "warnings": [str(x.message) for x in w]}))
`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/datasets');
  const C = Number(args.find((a) => a.startsWith('--C='))?.slice(4) ?? 1);
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const cv = args.includes('--cv');
  const names = DATASETS.filter((n) => !only || only.includes(n));
  const loadStart = loadavg()[0]!;
  const db = openDb();
  const backbone = new CachedBackbone(createBackbone('use-lite'), new SqliteEmbeddingCache(db));
  const results: Result[] = [];
  try {
    for (const name of names) {
      const { X, y, Xt, yt, labels } = name === 'banking150' ? banking150(await banking77(dir)) : await load(dir, name, backbone);
      const load0 = loadavg()[0]!;
      const s = performance.now(), c0 = process.cpuUsage();
      const head = await createStrategy('logistic', cv ? { tol: TOL, maxIter: MAX_ITER } : { C, tol: TOL, maxIter: MAX_ITER }).fit(X, y, { seed: SEED, labels });
      const oursSec = (performance.now() - s) / 1000;
      const c1 = process.cpuUsage(c0), oursCpu = (c1.user + c1.system) / 1e6;
      const oursAcc = accuracy(yt, argmaxRows(head.predictProba(Xt)));

      const tmp = mkdtempSync(join(tmpdir(), 'graft-bench-'));
      try {
        writeFileSync(join(tmp, 'Xtrain.f32'), X.data);
        writeFileSync(join(tmp, 'ytrain.i32'), y);
        writeFileSync(join(tmp, 'Xtest.f32'), Xt.data);
        writeFileSync(join(tmp, 'ytest.i32'), yt);
        const py = spawnSync('/usr/bin/python3', ['-c', PY, tmp, String(X.rows), String(Xt.rows), String(X.cols), String(C), String(TOL), String(MAX_ITER), ...(cv ? [DEFAULT_CS.join(',')] : [])], { encoding: 'utf8' });
        if (py.status !== 0) throw new Error(`sklearn failed: ${py.stderr}`);
        const sk = JSON.parse(py.stdout) as { acc: number; sec: number; cpu: number; iter: number; grad: number; C: number; warnings: string[] };
        if (cv) process.stderr.write(`${name}: chosen C graft ${String(head.diagnostics.chosen?.C)}, sklearn ${sk.C}\n`);
        const stop = (head.diagnostics as LogisticDiagnostics).stop;
        // sklearn does not expose scipy's message; scipy tests the gradient first, so a stop
        // before max_iter without a ConvergenceWarning and with max |∇| > tol is the ftol test.
        const skStop = sk.warnings.length > 0 ? 'warned' : sk.grad <= TOL ? 'gtol' : sk.iter >= MAX_ITER ? 'maxIter' : 'ftol';
        const r: Result = {
          name, nTrain: X.rows, nTest: Xt.rows, classes: labels.length, oursAcc, skAcc: sk.acc, oursSec, skSec: sk.sec, oursCpu, skCpu: sk.cpu, load: [load0, loadavg()[0]!],
          oursIter: head.diagnostics.iterations ?? 0, skIter: sk.iter, oursConverged: head.diagnostics.converged ?? false, skGrad: sk.grad,
          oursStop: stop?.criterion ?? '?', oursGrad: stop?.maxGradient ?? NaN, skStop,
          oursC: Number(head.diagnostics.chosen?.C ?? C), skC: sk.C,
        };
        results.push(r);
        process.stdout.write(summary(r, cv) + '\n');
        process.stderr.write(`${name}: ours ${(100 * oursAcc).toFixed(2)}% in ${oursSec.toFixed(2)} s (${r.oursIter} it, ${r.oursStop}, max|∇| ${r.oursGrad.toExponential(1)}) | sklearn ${(100 * sk.acc).toFixed(2)}% in ${sk.sec.toFixed(2)} s (${sk.iter} it, ${skStop}, max|∇| ${sk.grad.toExponential(1)}) ${sk.warnings.join(' ')}\n`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    await backbone.close();
    db.close();
  }
  const table = cv ? renderCv(results, loadStart, loadavg()[0]!) : render(results, C, loadStart, loadavg()[0]!);
  process.stdout.write(table + '\n');
  writeSection(table, cv ? '## logistic-vs-sklearn-cv' : '## logistic-vs-sklearn');
}

/** One line per case: both sides' wall and CPU seconds, the ratio (wall, and CPU), both accuracies, the load before/after. */
function summary(r: Result, cv: boolean): string {
  return `SUMMARY logistic-vs-sklearn${cv ? '-cv' : ''} ${r.name} (${r.nTrain} rows, ${r.classes} classes): graft ${r.oursSec.toFixed(1)} s (${r.oursCpu.toFixed(1)} CPU-s), ` +
    `sklearn ${r.skSec.toFixed(1)} s (${r.skCpu.toFixed(1)} CPU-s), ratio ${(r.oursSec / r.skSec).toFixed(2)} wall, ${(r.oursCpu / r.skCpu).toFixed(2)} CPU; ` +
    `accuracy graft ${(100 * r.oursAcc).toFixed(2)}%, sklearn ${(100 * r.skAcc).toFixed(2)}% (Δ ${(100 * (r.oursAcc - r.skAcc)).toFixed(2)} points); ` +
    `C graft ${r.oursC}, sklearn ${r.skC}; load ${r.load[0].toFixed(1)}/${r.load[1].toFixed(1)}`;
}

/** A dataset's train/test rows on use-lite (sst2 sampled to SST2_TRAIN_ROWS); embedding is not timed. */
async function load(dir: string, name: string, backbone: CachedBackbone): Promise<Data> {
  let train = readJsonl(join(dir, name, 'train.jsonl'));
  const test = readJsonl(join(dir, name, 'test.jsonl'));
  if (name === 'sst2') train = new Rng(SEED).shuffle([...train]).slice(0, SST2_TRAIN_ROWS);
  const labelSet = new LabelSet(train.map((r) => r.label));
  const t0 = performance.now();
  const X = await backbone.embed(train.map((r) => r.text));
  const Xt = await backbone.embed(test.map((r) => r.text));
  process.stderr.write(`${name}: embedded ${train.length}+${test.length} texts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return { name, X, y: labelSet.encode(train.map((r) => r.label)), Xt, yt: labelSet.encode(test.map((r) => r.label)), labels: [...labelSet.labels] };
}

function render(results: Result[], C: number, loadStart: number, loadEnd: number): string {
  const sk = spawnSync('/usr/bin/python3', ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  const lines = [
    '## logistic-vs-sklearn',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `Node ${process.version}, scikit-learn ${sk[0]} (numpy ${sk[1]}). Load average ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end ` +
      '(the 2 cores are shared with other engineers\' jobs, so times are noisy).',
    '',
    `Backbone use-lite (512-d); C = ${C}, no inner CV, max_iter = ${MAX_ITER}. Both sides use the same two stopping tests, ` +
      `the ones scipy's L-BFGS-B applies under sklearn 1.2: **gtol** — max |∇| of F = Σ CE + ‖W‖²/(2C) ≤ tol = ${TOL}; ` +
      `**ftol** — one step lowers F by a relative (F_k − F_{k+1}) / max(|F_k|, |F_{k+1}|, 1) ≤ ftol = ${SCIPY_FTOL.toExponential(2)} ` +
      '(scipy\'s default 1e7·eps: sklearn 1.2.1 passes only gtol and maxiter to scipy). Both count an ftol stop as converged, ' +
      'though the gradient can then still be above tol: the max |∇| columns show where each side stopped. ' +
      'graft reports the test in `diagnostics.stop`; sklearn does not expose it, so its column is inferred ' +
      '(gtol if its max |∇| ≤ tol, else ftol, as scipy tests the gradient first). The line searches differ ' +
      '(graft: strong Wolfe with cubic zoom; scipy: MINPACK-2 dcsrch), so the two do not stop at the same iterate. ' +
      `sst2: ${SST2_TRAIN_ROWS} training rows sampled with seed ${SEED}. Time = the fit call only; ratio = graft / sklearn.`,
    '',
    '| dataset | train | test | classes | graft acc % | sklearn acc % | Δ points | graft fit s (iter, stop) | sklearn fit s (iter, stop) | graft max \\|∇\\| | sklearn max \\|∇\\| | time ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.name} | ${r.nTrain} | ${r.nTest} | ${r.classes} | ${(100 * r.oursAcc).toFixed(2)} | ${(100 * r.skAcc).toFixed(2)} | ` +
      `${(100 * (r.oursAcc - r.skAcc)).toFixed(2)} | ${r.oursSec.toFixed(2)} (${r.oursIter}, ${r.oursStop}${r.oursConverged ? '' : ', not converged'}) | ` +
      `${r.skSec.toFixed(2)} (${r.skIter}, ${r.skStop}) | ${r.oursGrad.toExponential(1)} | ${r.skGrad.toExponential(1)} | ${(r.oursSec / r.skSec).toFixed(2)} |`),
    '',
  ];
  return lines.join('\n');
}

function renderCv(results: Result[], loadStart: number, loadEnd: number): string {
  const sk = spawnSync('/usr/bin/python3', ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' }).stdout.trim();
  return [
    '## logistic-vs-sklearn-cv',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, scikit-learn ${sk}. ` +
      `Load average ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end (shared cores: times are noisy).`,
    '',
    `The default logistic head (C not given) against LogisticRegressionCV: C from [${DEFAULT_CS.join(', ')}] by 3 stratified folds on held-out ` +
      'log-loss, each fold warm-started along the grid, then a refit at the chosen C from the folds\' mean solution (both sides; the folds ' +
      `themselves differ: graft's are seeded by the fit seed, sklearn's by random_state 0). tol = ${TOL}, ftol as above, max_iter = ${MAX_ITER}; ` +
      'graft\'s inner-CV fits (not its refit) stop at innerFtol = 1e-6 with a 30-pair L-BFGS history, sklearn\'s run to the same tests as its refit. ' +
      'Iterations: graft the refit, sklearn the most of any fold/C. Time = the whole fit (CV + refit); ratio = graft / sklearn.',
    '',
    '| dataset | train | test | classes | graft C | sklearn C | graft acc % | sklearn acc % | Δ points | graft fit s (refit iter, stop) | sklearn fit s | time ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.name} | ${r.nTrain} | ${r.nTest} | ${r.classes} | ${r.oursC} | ${r.skC} | ${(100 * r.oursAcc).toFixed(2)} | ${(100 * r.skAcc).toFixed(2)} | ` +
      `${(100 * (r.oursAcc - r.skAcc)).toFixed(2)} | ${r.oursSec.toFixed(2)} (${r.oursIter}, ${r.oursStop}) | ${r.skSec.toFixed(2)} | ${(r.oursSec / r.skSec).toFixed(2)} |`),
    '',
  ].join('\n');
}

await main();
