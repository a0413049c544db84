/**
 * Can a forget of the default head be a warm start instead of a fresh fit? Measures, on cached
 * rows, what issue 15 asks before such a refit could be called exact:
 *
 * - the fresh default fit on D (logistic, C chosen by `--inner-folds` stratified folds, then
 *   calibrated): CPU seconds, C, temperature T, how its final L-BFGS fit stopped and the largest
 *   gradient component there (on sklearn's scale, where `tol` is 1e-4);
 * - for each of `--removals` rows r: the fresh default fit of D ∖ {r} (its C and T: a new draw of
 *   folds, since removing a row re-deals the stratified folds), and a warm start from D's weights
 *   at D's C on D ∖ {r}, run on the gradient test alone (ftol 0) to `--tol`: steps, CPU seconds,
 *   where it stopped; then, on the test rows, how many labels and how much probability differ
 *   between the warm refit (with D's T) and the fresh fit of D ∖ {r}.
 *
 * `C·‖∇F‖₂` is the distance to the optimum that the penalty's modulus 1/(C·n) would give if every
 * parameter were penalised; the intercepts are not (sklearn's model), so it is indicative, not a
 * bound (see issue 15's notes).
 *
 *   npx tsx bench/unlearn/warm-start.ts [--datasets DIR] [--dataset banking77] [--rows 10000] [--removals 3]
 *     [--inner-folds 5] [--tol 1e-4] [--binary]
 *
 * D is a seeded sample of `--rows` training rows. `--binary` relabels the classes into two halves
 * (a binary task on the same vectors). Uses only
 * rows whose use-lite vector is already cached in GRAFT_HOME; embeds nothing; writes nothing.
 */
import { cpus, loadavg } from 'node:os';
import { Matrix, Rng, decodeF64 } from '../../src/core/index.js';
import { accuracy, argmaxRows } from '../../src/eval/index.js';
import { applyTemperature, createStrategy, withCalibration } from '../../src/heads/index.js';
import type { HeadJSON } from '../../src/heads/index.js';
import { fitLogistic } from '../../src/heads/logistic/solve.js';
import { classLogits, freeRows, makeObjective, prepare } from '../../src/heads/logistic/objective.js';
import { cachedRows } from '../lib/cached-rows.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const datasetsDir = opt('--datasets', new URL('../../../shared/datasets', import.meta.url).pathname);
const name = opt('--dataset', 'banking77');
const rowsWanted = Number(opt('--rows', '10000'));
const removals = Number(opt('--removals', '3'));
const innerFolds = Number(opt('--inner-folds', '5'));
const tol = Number(opt('--tol', '1e-4'));
const SEED = 1;

const cpuNow = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
const f2 = (v: number): string => v.toFixed(2);
const e2 = (v: number): string => v.toExponential(2);

const data = await cachedRows(datasetsDir, name);
const n = Math.min(rowsWanted, data.Xtrain.rows);
// D: a seeded sample of n training rows (the files are sorted by label), in file order.
const sample = new Rng(SEED).shuffle(Int32Array.from({ length: data.Xtrain.rows }, (_, i) => i)).slice(0, n).sort();
/** D's rows, or D without its `skip`-th row. */
const keepRows = (skip: number): Int32Array => sample.filter((_, i) => i !== skip);
let yAll = data.labelSet.encode(data.train.map((e) => e.label));
let yTest = data.labelSet.encode(data.test.map((e) => e.label));
let labels = [...data.labelSet.labels];
if (args.includes('--binary')) {
  const half = Math.floor(labels.length / 2);
  yAll = Int32Array.from(yAll, (v) => (v < half ? 0 : 1));
  yTest = Int32Array.from(yTest, (v) => (v < half ? 0 : 1));
  labels = ['first half', 'second half'];
}
const K = labels.length, d = data.Xtrain.cols, size = (d + 1) * freeRows(K);
const strategy = withCalibration(createStrategy('logistic', { innerFolds }));

interface Fresh { cpu: number; C: number; T: number; theta: Float64Array; stop: string; maxGradient: number; P: Matrix }

/** The head's [W | b] over its classes in the solver's layout (binary: class 1's row only). */
function thetaOf(json: HeadJSON): { theta: Float64Array; T: number } {
  const state = json.state as { temperature: number; base: HeadJSON };
  const base = state.base.state as { W: string; b: string };
  const W = decodeF64(base.W), b = decodeF64(base.b);
  const theta = new Float64Array(size);
  if (K === 2) { theta.set(W.subarray(d, 2 * d)); theta[d] = b[1]!; } else { theta.set(W); theta.set(b, K * d); }
  return { theta, T: state.temperature };
}

async function freshFit(rows: Int32Array): Promise<Fresh> {
  const X = data.Xtrain.selectRows(rows), y = Int32Array.from(rows, (i) => yAll[i]!);
  const t = cpuNow();
  const head = await strategy.fit(X, y, { seed: SEED, labels, threads: 1 });
  const cpu = cpuNow() - t;
  const stop = head.diagnostics as { stop?: { criterion: string; maxGradient: number } };
  const { theta, T } = thetaOf(head.toJSON());
  return { cpu, C: head.diagnostics.chosen!.C as number, T, theta, stop: stop.stop!.criterion, maxGradient: stop.stop!.maxGradient, P: head.predictProba(data.Xtest) };
}

/** ‖∇F‖₂ at theta on these rows (F = n·f, sklearn's scale). */
function gradNorm(rows: Int32Array, C: number, theta: Float64Array): number {
  const problem = { X: data.Xtrain.data, rows, n: rows.length, d, K, y: Int32Array.from(rows, (i) => yAll[i]!), sw: null, C };
  const g = new Float64Array(size);
  makeObjective(problem, prepare(problem))(theta, g);
  let s = 0;
  for (const v of g) s += v * v;
  return Math.sqrt(s) * rows.length;
}

function tempered(theta: Float64Array, T: number): Matrix {
  const Z = classLogits(prepare({ X: data.Xtest.data, n: data.Xtest.rows, d, K }), theta, data.Xtest.rows, d, K);
  const P = new Matrix(data.Xtest.rows, K);
  for (let i = 0; i < P.rows; i++) {
    let max = -Infinity, sum = 0;
    for (let k = 0; k < K; k++) max = Math.max(max, Z[i * K + k]!);
    for (let k = 0; k < K; k++) sum += Math.exp(Z[i * K + k]! - max);
    for (let k = 0; k < K; k++) P.data[i * K + k] = Math.exp(Z[i * K + k]! - max) / sum;
  }
  return applyTemperature(P, T);
}

const load0 = loadavg()[0]!;
const all = keepRows(-1);
const base = await freshFit(all);
const out: string[] = [];
out.push(`${name}${args.includes('--binary') ? ' (two halves of its classes)' : ''}: ${n} training rows, ${data.Xtest.rows} test rows, ${K} classes; ` +
  `${cpus().length}× ${cpus()[0]?.model.trim()}, load ${f2(load0)} at start; default head: logistic, C by ${innerFolds} stratified folds, calibrated`);
out.push(`fresh fit of D: ${f2(base.cpu)} CPU s, C = ${base.C}, T = ${base.T.toFixed(4)}, stopped on ${base.stop} with max|∇F| = ${e2(base.maxGradient)} ` +
  `(tol ${tol}); ‖∇F‖₂ = ${e2(gradNorm(all, base.C, base.theta))}, C·‖∇F‖₂ = ${e2(base.C * gradNorm(all, base.C, base.theta))}; test accuracy ${f2(100 * accuracy(yTest, argmaxRows(base.P)))} %`);
out.push('');
out.push('| removed row | fresh fit of D∖{r}: CPU s | its C | its T | its stop, max|∇F| | warm start at D\'s C: CPU s | steps | stop, max|∇F| | C·‖∇F‖₂ | test labels differing (warm vs fresh) | max |Δp| |');
out.push('|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|');
for (let k = 0; k < removals; k++) {
  const r = Math.floor((k * n) / Math.max(1, removals));
  const rows = keepRows(r);
  const removed = sample[r]!;
  const fresh = await freshFit(rows);
  const problem = { X: data.Xtrain.data, rows, n: rows.length, d, K, y: Int32Array.from(rows, (i) => yAll[i]!), sw: null, C: base.C };
  const t = cpuNow();
  const warm = fitLogistic(problem, base.theta, { maxIter: 5000, tol, ftol: 0 });
  const warmCpu = cpuNow() - t;
  const Pw = tempered(warm.theta, base.T);
  const lw = argmaxRows(Pw), lf = argmaxRows(fresh.P);
  let differ = 0, worst = 0;
  for (let i = 0; i < lw.length; i++) if (lw[i] !== lf[i]) differ++;
  for (let j = 0; j < Pw.data.length; j++) worst = Math.max(worst, Math.abs(Pw.data[j]! - fresh.P.data[j]!));
  out.push(`| ${removed} | ${f2(fresh.cpu)} | ${fresh.C} | ${fresh.T.toFixed(4)} | ${fresh.stop}, ${e2(fresh.maxGradient)} | ${f2(warmCpu)} | ${warm.iterations} | ` +
    `${warm.stop}, ${e2(warm.gradMax)} | ${e2(base.C * gradNorm(rows, base.C, warm.theta))} | ${differ} of ${lw.length} | ${worst.toFixed(4)} |`);
  process.stderr.write(`${out[out.length - 1]}\n`);
}
out.push('', `load ${f2(loadavg()[0]!)} at end`);
process.stdout.write(`${out.join('\n')}\n`);
