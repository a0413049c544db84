/**
 * Peak memory of a fit and of a prediction file, per 10,000 rows, against the size of the
 * embedding matrix (rows × 4096 float32 with the hashing backbone). Goal (issue 13): a fit's
 * peak stays within 3× the matrix; predicting a file stays flat in its length (streamed, as
 * `graft predict --file` does: predict-stream; predict-whole reads the file at once, for comparison).
 *
 *   npm run bench -- memory                      # 5,000, 10,000 and 20,000 rows
 *   tsx bench/memory.ts --rows 2000,4000         # other sizes (check runs on small ones)
 *   tsx bench/memory.ts --ops fit                # some operations only (fit, predict-stream, predict-whole)
 *   tsx bench/memory.ts --trace --ops fit        # also which phase sets the peak (RSS sampled every 10 ms)
 *
 * Each measurement runs in a fresh process: its peak resident set (getrusage maxrss) minus its
 * resident set just before the operation, so module loading and the synthetic data do not
 * count. Prints a table; figures go into RESULTS.md only when a quiet machine measured them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
  // Phase marks for --trace: the operation's progress phases, on stderr with the wall clock the
  // sampling parent reads too (a phase lasts until the next mark; the last one until 'done').
  let phase = '';
  const mark = (name: string): void => {
    if (name === phase) return;
    phase = name;
    const m = process.memoryUsage();
    process.stderr.write(`MARK ${JSON.stringify({ t: Date.now(), phase: name, heapMb: m.heapUsed / 2 ** 20, arrayBuffersMb: m.arrayBuffers / 2 ** 20 })}\n`);
  };
  mark('start');
  if (op === 'fit') {
    await ws.fit(train, {
      task: 'm', backbone: 'hashing', seed: 1, folds: 5, privacy: 'allow',
      // After the novelty detector comes the save.
      onProgress: (p) => mark(p.done === p.total ? `after ${p.phase}` : p.phase),
    });
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
  mark('done');
  await ws.close();
  const m: Measured = { op, rows, peakMb: process.resourceUsage().maxRSS / 1024, baseMb: base / 2 ** 20, seconds };
  process.stdout.write(JSON.stringify(m) + '\n');
}

interface Mark { t: number; phase: string; heapMb: number; arrayBuffersMb: number }

/** Runs one measurement in a fresh process; with `trace`, samples its resident set every 10 ms from here. */
function measure(op: string, rows: number, file: string, trace: boolean): Promise<{ m?: Measured; marks: Mark[]; samples: Array<[number, number, number]> }> {
  const args = ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', op, '--rows', String(rows), '--file', file];
  if (!trace) {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    return Promise.resolve(parsed(op, rows, r.status, r.stdout, r.stderr));
  }
  const proc = spawn(process.execPath, args);
  let stdout = '', stderr = '';
  proc.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  proc.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
  const samples: Array<[number, number, number]> = [];
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1], file = /RssFile:\s+(\d+)/.exec(status)?.[1] ?? '0';
      if (kb) samples.push([Date.now(), Number(kb) / 1024, Number(file) / 1024]);
    } catch { /* exited between two samples */ }
  }, 10);
  return new Promise((resolve) => proc.on('close', (code) => {
    clearInterval(timer);
    resolve({ ...parsed(op, rows, code, stdout, stderr), samples });
  }));
}

function parsed(op: string, rows: number, status: number | null, stdout: string, stderr: string): { m?: Measured; marks: Mark[]; samples: Array<[number, number, number]> } {
  const marks = stderr.split('\n').filter((l) => l.startsWith('MARK ')).map((l) => JSON.parse(l.slice(5)) as Mark);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (status !== 0 || !line.startsWith('{')) {
    console.error(`${op} ${rows}: failed (exit ${status}) ${stderr.split('\n').filter((l) => !l.startsWith('MARK ')).join('\n').slice(-800)}`);
    process.exitCode = 1;
    return { marks, samples: [] };
  }
  return { m: JSON.parse(line) as Measured, marks, samples: [] };
}

/** Each phase's highest sampled RSS above the base, and the heap and array buffers at its start. */
function printTrace(m: Measured, marks: Mark[], samples: Array<[number, number, number]>): void {
  console.log(`\n${m.op} ${m.rows} rows: peak by phase (RSS above the base of ${m.baseMb.toFixed(0)} MB; getrusage peak ${(m.peakMb - m.baseMb).toFixed(0)} MB)`);
  // File-backed pages (the store's memory-mapped file, read through) count in RSS too: shown apart.
  console.log('phase                                   seconds   peak extra MB   of it file-mapped MB   heap MB at start   arrayBuffers MB at start');
  for (let i = 0; i + 1 < marks.length; i++) {
    const a = marks[i]!, b = marks[i + 1]!;
    const inside = samples.filter(([t]) => t >= a.t && t <= b.t);
    const top = inside.reduce<[number, number, number] | undefined>((best, s) => (best === undefined || s[1] > best[1] ? s : best), undefined);
    const peak = top ? top[1] - m.baseMb : Number.NaN;
    console.log(`${a.phase.slice(0, 38).padEnd(38)} ${((b.t - a.t) / 1000).toFixed(1).padStart(8)}   ${peak.toFixed(0).padStart(13)}   ${(top?.[2] ?? Number.NaN).toFixed(0).padStart(20)}   ${a.heapMb.toFixed(0).padStart(16)}   ${a.arrayBuffersMb.toFixed(0).padStart(24)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '5000,10000,20000' }, ops: { type: 'string', default: OPS.join(',') }, child: { type: 'string' }, file: { type: 'string' },
      trace: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.child) {
    await child(values.child, Number(values.rows), values.file ?? '');
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
      const r = await measure(op, rows, file, values.trace!);
      if (!r.m) continue;
      out.push(r.m);
      if (values.trace) printTrace(r.m, r.marks, r.samples);
    }
  }
  console.log(`\nload average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (memory does not depend on it; seconds do)`);
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

await main();
