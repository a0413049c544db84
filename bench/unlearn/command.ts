/**
 * `--command` mode of bench/unlearn/run.ts: times `graft forget` as a user runs it, the compiled
 * command in a fresh process, start-up included, on a copy of a store the user fitted (e.g. a
 * default use-lite task of SST-2's first 10,000 rows).
 *
 *   npm run build
 *   npx tsx bench/unlearn/run.ts --command --home DIR --task NAME --ids ID[,ID…] [--runs N]
 *     [--cli dist/cli-bundle/main.js[,OTHER/dist/cli/main.js]]
 *
 * Each run copies DIR to a fresh temporary folder (DIR itself is never written), then runs
 * `node CLI forget --task NAME --id ID --json` there (ids in turn; CLI by default what an installed
 * graft runs: dist/cli-bundle/main.js, else dist/cli/main.js), and `node CLI --version`
 * beside it. Given two CLIs (e.g. main's build and a branch's), their runs alternate, so the
 * two see the same load. A line per run and a median per CLI give the wall clock and the CPU
 * seconds of the whole process (all its threads) and its split: Node's own start (until the
 * first preloaded module runs), the CLI's imports with opening and closing the store (the
 * process's time outside the forget), and the forget's phases as it reports them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Preloaded in the timed process: its Node start (wall, CPU) when it runs, and its totals at exit, on stderr. */
const PROBE = `data:text/javascript,${encodeURIComponent(`
const boot = performance.now(), c0 = process.cpuUsage();
process.on('exit', () => {
  const c = process.cpuUsage();
  process.stderr.write('GRAFT_BENCH_PROCESS ' + JSON.stringify({ boot: boot / 1000, bootCpu: (c0.user + c0.system) / 1e6, wall: performance.now() / 1000, cpu: (c.user + c.system) / 1e6 }) + '\\n');
});`)}`;

const PHASES = ['find', 'embed', 'refit', 'novelty', 'write', 'wipe', 'compact'] as const;
type Phase = (typeof PHASES)[number];

interface ProcessTimes { boot: number; bootCpu: number; wall: number; cpu: number }
interface Run {
  cli: string;
  /** Wall seconds as the parent saw the process, spawn to exit. */
  outer: number;
  process: ProcessTimes;
  /** The forget's own seconds and phases (wall and CPU); absent for --version. */
  forget?: { seconds: number; timings: Record<Phase, number>; cpu: Record<Phase, number>; shards: string };
}

class BenchUsageError extends Error {}

function opt(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new BenchUsageError(`${name} needs a value`);
  return v;
}

/** One timed `node CLI ARGS` in home `home`; throws with the command's stderr when it fails. */
function timed(cli: string, argv: string[], home: string): { outer: number; process: ProcessTimes; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', PROBE, cli, ...argv], {
    env: { ...process.env, GRAFT_HOME: home, CI: 'true' }, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  const outer = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${cli} ${argv.join(' ')} exited ${r.status ?? r.signal} in ${home}:\n${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('GRAFT_BENCH_PROCESS '));
  if (!line) throw new Error(`node ${cli} ${argv.join(' ')} did not report its times (stderr: ${r.stderr.slice(0, 500)})`);
  return { outer, process: JSON.parse(line.slice('GRAFT_BENCH_PROCESS '.length)) as ProcessTimes, stdout: r.stdout };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f2 = (v: number): string => v.toFixed(2);
const f3 = (v: number): string => v.toFixed(3);

/** Start-up, imports and store (wall and CPU): the process's time outside Node's start and the forget. */
function outside(r: Run): { wall: number; cpu: number } {
  const fw = r.forget?.seconds ?? 0;
  const fc = r.forget ? PHASES.reduce((s, k) => s + r.forget!.cpu[k], 0) : 0;
  return { wall: r.process.wall - r.process.boot - fw, cpu: r.process.cpu - r.process.bootCpu - fc };
}

function describe(r: Run): string {
  const o = outside(r);
  const head = `${r.cli}: ${f2(r.outer)} s wall, ${f2(r.process.cpu)} CPU-s; node start ${f3(r.process.boot)} (${f3(r.process.bootCpu)}), ` +
    `imports+store ${f3(o.wall)} (${f3(o.cpu)})`;
  if (!r.forget) return head;
  const f = r.forget;
  return `${head}, forget ${f3(f.seconds)} [${PHASES.filter((k) => k !== 'compact' || f.timings[k] > 0).map((k) => `${k} ${f3(f.timings[k])} (${f3(f.cpu[k])})`).join(', ')}], ${f.shards}`;
}

function summary(label: string, runs: readonly Run[]): string {
  const o = runs.map(outside);
  const parts = [
    `${label}: median of ${runs.length}: ${f2(median(runs.map((r) => r.outer)))} s wall, ${f2(median(runs.map((r) => r.process.cpu)))} CPU-s`,
    `node start ${f3(median(runs.map((r) => r.process.boot)))} (${f3(median(runs.map((r) => r.process.bootCpu)))})`,
    `imports+store ${f3(median(o.map((x) => x.wall)))} (${f3(median(o.map((x) => x.cpu)))})`,
  ];
  const forgets = runs.filter((r) => r.forget);
  if (forgets.length) {
    parts.push(`forget ${f3(median(forgets.map((r) => r.forget!.seconds)))} [${PHASES.map((k) =>
      `${k} ${f3(median(forgets.map((r) => r.forget!.timings[k])))} (${f3(median(forgets.map((r) => r.forget!.cpu[k])))})`).join(', ')}]`);
  }
  return parts.join(', ');
}

export function runCommandBench(args: readonly string[]): void {
  const home = opt(args, '--home');
  const task = opt(args, '--task');
  const ids = opt(args, '--ids')?.split(',').filter(Boolean) ?? [];
  if (!home || !task || ids.length === 0) {
    throw new BenchUsageError('--command needs --home DIR (a graft home holding a fitted task; it is copied, never written), --task NAME and --ids ID[,ID…] (examples to forget, one per run)');
  }
  if (!existsSync(join(home, 'graft.db'))) throw new BenchUsageError(`--home ${home} has no graft.db: give the folder a graft fit wrote (its GRAFT_HOME)`);
  const runsN = Number(opt(args, '--runs') ?? '3');
  if (!Number.isInteger(runsN) || runsN < 1) throw new BenchUsageError(`--runs must be a whole number ≥ 1, got ${opt(args, '--runs')}`);
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // By default what an installed graft runs (bin/graft.js): the bundled CLI, else tsc's output.
  const bundled = join(root, 'dist', 'cli-bundle', 'main.js');
  const clis = (opt(args, '--cli') ?? (existsSync(bundled) ? bundled : join(root, 'dist', 'cli', 'main.js'))).split(',').map((c) => resolve(c));
  for (const c of clis) if (!existsSync(c)) throw new BenchUsageError(`no compiled CLI at ${c}: run \`npm run build\` (or give --cli PATH/dist/cli/main.js)`);

  const loadStart = loadavg()[0]!;
  const forgets: Run[] = [];
  const versions: Run[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'graft-forget-cmd-'));
  try {
    for (let i = 0; i < runsN; i++) {
      const id = ids[i % ids.length]!;
      // Alternate which CLI goes first, so neither always follows the other's file reads.
      for (const cli of i % 2 ? [...clis].reverse() : clis) {
        const copy = join(scratch, `home-${i}-${clis.indexOf(cli)}`);
        cpSync(home, copy, { recursive: true });
        const v = timed(cli, ['--version'], copy);
        versions.push({ cli, outer: v.outer, process: v.process });
        process.stderr.write(`--version ${describe(versions[versions.length - 1]!)}\n`);
        const r = timed(cli, ['forget', '--task', task, '--id', id, '--json'], copy);
        const res = JSON.parse(r.stdout) as { seconds: number; timings: Record<Phase, number>; cpu: Record<Phase, number>; refitted: Array<{ shards?: { refitted: number[]; total: number } }> };
        const sh = res.refitted[0]?.shards;
        forgets.push({ cli, outer: r.outer, process: r.process, forget: { seconds: res.seconds, timings: res.timings, cpu: res.cpu, shards: sh ? `${sh.refitted.length} of ${sh.total} shards refitted` : 'one head' } });
        process.stderr.write(`forget ${id} ${describe(forgets[forgets.length - 1]!)}\n`);
        rmSync(copy, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`graft forget as a command (compiled, a fresh process each, on copies of ${home}, task ${task}), load ${loadStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}; wall s (CPU s)\n`);
  for (const cli of clis) {
    process.stdout.write(`COMMAND forget ${summary(cli, forgets.filter((r) => r.cli === cli))}\n`);
    process.stdout.write(`COMMAND --version ${summary(cli, versions.filter((r) => r.cli === cli))}\n`);
  }
}

/** Runs the mode, printing a usage error as one line (exit 2). */
export function commandMode(args: readonly string[]): never {
  try {
    runCommandBench(args);
    process.exit(0);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`bench/unlearn --command: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}
