/**
 * Peak memory of a fit and of a prediction file, per 10,000 rows, against the size of the
 * embedding matrix (rows × 4096 float32 with the hashing backbone). Goal (issue 13): a fit's
 * peak stays within 3× the matrix; predicting a file stays flat in its length (streamed, as
 * `graft predict --file` does: predict-stream; predict-whole reads the file at once, for comparison).
 *
 *   npm run bench -- memory                      # 5,000, 10,000 and 20,000 rows
 *   tsx bench/memory.ts --rows 2000,4000         # other sizes (check runs on small ones)
 *   tsx bench/memory.ts --ops fit                # some operations only (fit, predict-stream, predict-whole)
 *
 * Each measurement runs in a fresh process: its peak resident set (getrusage maxrss) minus its
 * resident set just before the operation, so module loading and the synthetic data do not
 * count. Prints a table; figures go into RESULTS.md only when a quiet machine measured them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const DIM = 4096;
const WORDS = ('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon ' +
  'phi chi psi omega invoice refund login password shipping delivery').split(' ');

/** Deterministic synthetic rows: 20 words each, 4 labels whose word use differs a little. */
export function syntheticRows(n: number, seed = 1): Array<{ id: string; text: string; label: string }> {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => {
    const label = i % 4;
    const words = Array.from({ length: 20 }, () => WORDS[(Math.floor(rnd() * WORDS.length) + (rnd() < 0.3 ? label * 7 : 0)) % WORDS.length]!);
    return { id: `r${i}`, text: `${words.join(' ')} ${i}`, label: `c${label}` };
  });
}

const OPS = ['fit', 'predict-stream', 'predict-whole'];

interface Measured { op: string; rows: number; peakMb: number; baseMb: number; seconds: number }

/** Child: one operation in this process, then its numbers as one JSON line. */
async function child(op: string, rows: number, file: string): Promise<void> {
  const { datasetFromExamples, loadDataset } = await import('../src/data/index.js');
  const { predictFile } = await import('../src/cli/predict-file.js');
  const { openWorkspace } = await import('../src/pipeline/index.js');
  const home = mkdtempSync(join(tmpdir(), 'graft-bench-mem-'));
  const ws = openWorkspace(home);
  const train = datasetFromExamples(syntheticRows(op === 'fit' ? rows : 400), { source: 'bench' });
  if (op !== 'fit') await ws.fit(train, { task: 'm', backbone: 'hashing', seed: 1, folds: 0, privacy: 'allow' });
  global.gc?.();
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  if (op === 'fit') {
    await ws.fit(train, { task: 'm', backbone: 'hashing', seed: 1, folds: 5, privacy: 'allow' });
  } else if (op === 'predict-stream') {
    // The path `graft predict --file` takes: a block read, predicted and written at a time.
    let n = 0;
    await predictFile(ws, { path: file, first: [], task: 'm' }, { block: (r) => { n += r.predictions.length; }, end: () => {} });
    if (n !== rows) throw new Error(`predicted ${n} of ${rows}`);
  } else {
    const ds = await loadDataset(file, { requireLabels: false });
    await ws.predict('m', ds.examples.map((e) => e.text));
  }
  const seconds = (performance.now() - t0) / 1000;
  await ws.close();
  const m: Measured = { op, rows, peakMb: process.resourceUsage().maxRSS / 1024, baseMb: base / 2 ** 20, seconds };
  process.stdout.write(JSON.stringify(m) + '\n');
}

function main(): void {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '5000,10000,20000' }, ops: { type: 'string', default: OPS.join(',') }, child: { type: 'string' }, file: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.child) {
    void child(values.child, Number(values.rows), values.file ?? '');
    return;
  }
  const sizes = values.rows!.split(',').map(Number);
  const ops = values.ops!.split(',');
  const unknown = ops.filter((o) => !OPS.includes(o));
  if (unknown.length > 0) throw new Error(`--ops: unknown ${unknown.join(', ')}; use some of ${OPS.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'graft-bench-mem-files-'));
  const out: Measured[] = [];
  for (const rows of sizes) {
    const file = join(dir, `predict-${rows}.csv`);
    writeFileSync(file, 'text\n' + syntheticRows(rows, 7).map((r) => r.text).join('\n') + '\n');
    for (const op of ops) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', op, '--rows', String(rows), '--file', file],
        { encoding: 'utf8', maxBuffer: 1 << 20 });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        console.error(`${op} ${rows}: failed (exit ${r.status}) ${r.stderr.slice(-800)}`);
        process.exitCode = 1;
        continue;
      }
      out.push(JSON.parse(line) as Measured);
    }
  }
  console.log('op              rows   matrix MB   peak MB   op extra MB   extra/matrix   extra per 10k rows   seconds');
  for (const m of out) {
    const matrix = (m.rows * DIM * 4) / 2 ** 20;
    const extra = m.peakMb - m.baseMb;
    console.log(
      `${m.op.padEnd(14)} ${String(m.rows).padStart(6)}   ${matrix.toFixed(0).padStart(9)}   ${m.peakMb.toFixed(0).padStart(7)}   ` +
        `${extra.toFixed(0).padStart(11)}   ${(extra / matrix).toFixed(2).padStart(12)}   ${((extra * 10_000) / m.rows).toFixed(0).padStart(18)}   ${m.seconds.toFixed(1).padStart(7)}`,
    );
  }
  // Fixed costs (wasm memory, worker pools) dominate small runs: the growth per row is the measure.
  console.log('\nop              rows          growth per row   × matrix row (16 KB)');
  for (const op of ops) {
    const ms = out.filter((m) => m.op === op).sort((a, b) => a.rows - b.rows);
    for (let i = 1; i < ms.length; i++) {
      const a = ms[i - 1]!, b = ms[i]!;
      const perRow = (((b.peakMb - b.baseMb) - (a.peakMb - a.baseMb)) * 1024) / (b.rows - a.rows);
      console.log(`${op.padEnd(14)} ${`${a.rows}→${b.rows}`.padStart(13)}   ${perRow.toFixed(1).padStart(11)} KB   ${(perRow / ((DIM * 4) / 1024)).toFixed(2).padStart(18)}`);
    }
  }
  console.log('goal: a fit grows by at most 3 matrix rows per row; predict-stream by ~0 (predict-whole, for comparison, grows with the file).');
}

main();
