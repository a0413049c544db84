/**
 * Benchmark: the adapter on Banking77's full training set (77 classes, ~10,000 rows).
 * Target: < 2 GB peak RSS and < 2 minutes on 2 cores for the adapter fit (pairs + inner head).
 *
 *   npx tsx bench/adapter-scale.ts [datasetsDir=../shared/datasets] [--rank=32] [--C=100] [--maxIter=N] [--only=adapter|logistic]
 *
 * The parent embeds train and test through the shared SQLite cache in GRAFT_HOME (use-lite),
 * then runs each fit in a fresh child process that reads the cached embeddings, so the peak
 * RSS reported (the kernel's VmHWM of the child) counts the fit and not the encoder.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { CachedBackbone, createBackbone } from '../src/backbones/index.js';
import { LabelSet } from '../src/core/index.js';
import { readFileSync as readText } from 'node:fs';
import { createStrategy } from '../src/heads/index.js';
import { SqliteEmbeddingCache, graftHome, openDb } from '../src/store/index.js';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function embedded(dir: string) {
  const train = readJsonl(join(dir, 'banking77', 'train.jsonl'));
  const test = readJsonl(join(dir, 'banking77', 'test.jsonl'));
  const labels = new LabelSet(train.examples.map((e) => e.label));
  const db = openDb(graftHome());
  const backbone = new CachedBackbone(createBackbone('use-lite'), new SqliteEmbeddingCache(db));
  try {
    const X = await backbone.embed(train.examples.map((e) => e.text));
    const Xt = await backbone.embed(test.examples.map((e) => e.text));
    return {
      labels: [...labels.labels], X, y: labels.encode(train.examples.map((e) => e.label)),
      Xt, yt: labels.encode(test.examples.map((e) => e.label)),
    };
  } finally {
    await backbone.close();
    db.close();
  }
}

async function child(dir: string, kind: string, params: object): Promise<void> {
  const d = await embedded(dir);
  const base = peakRssMb();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const head = await createStrategy(kind, params).fit(d.X, d.y, { seed: 1, labels: d.labels });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const P = head.predictProba(d.Xt);
  let ok = 0;
  for (let i = 0; i < P.rows; i++) {
    const r = P.row(i);
    let b = 0;
    for (let j = 1; j < r.length; j++) if (r[j]! > r[b]!) b = j;
    if (b === d.yt[i]) ok++;
  }
  process.stdout.write(JSON.stringify({
    kind, params, rows: d.X.rows, classes: d.labels.length, seconds, cpuSeconds, loadAverage: loadavg(), peakRssMb: peakRssMb(), rssBeforeFitMb: base,
    testAccuracy: ok / P.rows, diagnostics: head.diagnostics,
  }) + '\n');
}

async function main(): Promise<void> {
  const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/datasets');
  if (process.argv.includes('--child')) {
    await child(dir, arg('kind')!, JSON.parse(arg('params')!));
    return;
  }
  const t0 = performance.now();
  const d = await embedded(dir);
  process.stderr.write(`banking77: ${d.X.rows} train / ${d.Xt.rows} test rows embedded (or cached) in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  const rank = Number(arg('rank') ?? 32);
  // A fixed C: choosing it by inner CV multiplies the dominant cost (the 77-class logistic
  // on 10k rows) by grid size × folds. 100 is what logistic's own CV picks on Banking77.
  const C = Number(arg('C') ?? 100);
  const maxIter = arg('maxIter') === undefined ? {} : { maxIter: Number(arg('maxIter')) };
  const runs: [string, object][] = [
    ['adapter', { rank, head: { kind: 'logistic', params: { C, ...maxIter } } }],
    ['logistic', { C, ...maxIter }],
  ].filter(([k]) => !arg('only') || arg('only') === k) as [string, object][];
  for (const [kind, params] of runs) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dir, '--child',
      `--kind=${kind}`, `--params=${JSON.stringify(params)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`child ${kind} failed with status ${r.status}`);
    const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number; peakRssMb: number; testAccuracy: number };
    process.stdout.write(`${kind.padEnd(10)} ${JSON.stringify(params).padEnd(44)} fit ${res.seconds.toFixed(1)} s wall, ${res.cpuSeconds.toFixed(1)} s CPU  ` +
      `peak RSS ${res.peakRssMb.toFixed(0)} MB  test accuracy ${(res.testAccuracy * 100).toFixed(2)}%\n`);
    process.stdout.write(`  ${JSON.stringify(res)}\n`);
  }
}

/** The benchmark files as they are (sst2 has a few conflicting duplicates the loader rightly refuses). */
function readJsonl(path: string): { examples: { text: string; label: string }[] } {
  const lines = readText(path, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return { examples: lines.map((l) => JSON.parse(l) as { text: string; label: string }) };
}

await main();
