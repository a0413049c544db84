/**
 * Benchmark (issue 15): logistic's two solvers side by side on one fit — L-BFGS (the default)
 * and trust-region Newton-CG (`solver: 'newton'`) — at weak regularisation, where L-BFGS takes
 * hundreds of steps: banking77's use-lite vectors, C = 100, at 8/16/32/64 rows per class (each
 * class's first rows in file order) and the full set, from zero and warm-started from the fit at
 * C = 10 (as a fold's path runs), at the inner CV's tolerance (ftol 1e-6, Float32 products) and
 * the saved head's (scipy's 2.2e-9). Per fit: CPU-seconds, gradient passes, Hessian–vector
 * products (each about one gradient pass of Float32 products), the final loss and max |∇F| in
 * Float64 (sklearn's scale), and test accuracy.
 *
 *   npx tsx bench/speed-fit-solvers.ts [DIR | --datasets DIR] [--sizes=8,16,32,64,all] [--C=100] [--print-only]
 *
 * Embeddings go through the SQLite cache in GRAFT_HOME (bench/lib/banking-sets.ts). CPU-seconds
 * are this process's; the machine is shared, so compare the two solvers of one row.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SharedRows, maxAbs } from '../src/math/index.js';
import { SCIPY_FTOL } from '../src/heads/logistic/lbfgs.js';
import { classLogits, makeObjective, prepare } from '../src/heads/logistic/objective.js';
import { fitLogistic, type Solver } from '../src/heads/logistic/solve.js';
import { writeSection } from './lib/results-section.js';
import { banking77, type Data } from './lib/banking-sets.js';

const { values, positionals } = parseArgs({
  options: {
    datasets: { type: 'string' }, sizes: { type: 'string', default: '8,16,32,64,all' }, C: { type: 'string', default: '100' },
    'print-only': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

const WARM_C = 10;
const MAX_ITER = 1000;

const cpuSeconds = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/** Rows of the first `per` training rows of each class (all rows when per is Infinity). */
function firstPerClass(y: Int32Array, K: number, per: number): Int32Array {
  const count = new Int32Array(K);
  return Int32Array.from(Array.from(y.keys()).filter((i) => count[y[i]!]!++ < per));
}

function testAccuracy(data: Data, theta: Float64Array, K: number): number {
  const m = data.Xt.rows, d = data.Xt.cols;
  const Z = classLogits(prepare({ X: data.Xt.data, n: m, d, K }), theta, m, d, K);
  let hit = 0;
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (Z[i * K + k]! > Z[i * K + best]!) best = k;
    if (best === data.yt[i]) hit++;
  }
  return hit / m;
}

async function main(): Promise<void> {
  const dir = resolve(values.datasets ?? positionals[0] ?? '../shared/datasets');
  const C = Number(values.C);
  const data = await banking77(dir);
  const { X } = data, d = X.cols, K = data.labels.length;
  const shared = SharedRows.create(X.data, X.rows, d);
  const rows: string[] = [];
  for (const size of values.sizes!.split(',')) {
    const R = firstPerClass(data.y, K, size === 'all' ? Infinity : Number(size));
    const n = R.length;
    const problem = { X: X.data, rows: R, n, d, K, y: Int32Array.from(R, (i) => data.y[i]!), sw: null, C, shared };
    const prep = prepare(problem);
    const exact = makeObjective(problem, prepare({ ...problem, shared: null }));
    for (const ftol of [1e-6, SCIPY_FTOL]) {
      const opts = { maxIter: MAX_ITER, tol: 1e-4, ftol, memory: ftol >= 1e-7 ? 30 : 10 };
      const warm = fitLogistic({ ...problem, C: WARM_C }, null, opts, prep).theta;
      for (const [start, x0] of [['zero', null], [`C = ${WARM_C}`, warm]] as const) {
        const cells: string[] = [];
        const loss: number[] = [];
        for (const solver of ['lbfgs', 'newton'] as Solver[]) {
          const load0 = loadavg()[0]!;
          const c0 = cpuSeconds();
          const fit = fitLogistic(problem, x0, { ...opts, solver }, prep);
          const cpu = cpuSeconds() - c0;
          const g = new Float64Array(fit.theta.length);
          loss.push(exact(fit.theta, g));
          const line = `${cpu.toFixed(2)} | ${fit.evaluations} + ${fit.products} | ${(maxAbs(g) * n).toExponential(1)} | ${(100 * testAccuracy(data, fit.theta, K)).toFixed(2)}`;
          cells.push(line);
          process.stderr.write(`${size}/class n=${n} ftol ${ftol.toExponential(1)} from ${start} ${solver}: ${line} (${fit.stop}, load ${load0.toFixed(1)}/${loadavg()[0]!.toFixed(1)})\n`);
        }
        rows.push(`| ${size} | ${n} | ${ftol.toExponential(1)} | ${start} | ${cells.join(' | ')} | ${((loss[1]! - loss[0]!) / loss[0]!).toExponential(1)} | ${loadavg()[0]!.toFixed(1)} |`);
      }
    }
  }
  const section = [
    '## speed-fit-solvers',
    '',
    `Run ${new Date().toISOString()}, \`npx tsx bench/speed-fit-solvers.ts --datasets DIR --sizes=${values.sizes} --C=${C}\`: one logistic fit on banking77 (use-lite, ${K} classes), ` +
      `C = ${C}, L-BFGS against trust-region Newton-CG. passes = gradient evaluations + Hessian–vector products; max |∇F| on sklearn's scale (Float64); ` +
      'Δ loss = (Newton − L-BFGS) / L-BFGS in the Float64 objective (negative: Newton stopped closer to the optimum). CPU-s of this process; load = 1-minute load average after the row.',
    '',
    '| rows per class | n | ftol | start | L-BFGS CPU-s | passes | max \\|∇F\\| | acc % | Newton CPU-s | passes | max \\|∇F\\| | acc % | Δ loss | load |',
    '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(section + '\n');
  if (!values['print-only']) writeSection(section, '## speed-fit-solvers');
}

await main();
