/**
 * `npm run bench [-- NAME ...] [--datasets DIR]`: runs every benchmark (or the named ones)
 * one after another, each in its own process so that one's memory and worker threads do not
 * disturb the next. Each benchmark prints its table and writes its section of RESULTS.md.
 * Benchmarks are never part of `npm test`.
 */
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  options: { datasets: { type: 'string', default: join(here, '..', '..', 'shared', 'datasets') } },
  allowPositionals: true,
});

/** name → entry file: `bench/NAME.ts`, or `bench/NAME/run.ts`. */
const all = new Map<string, string>();
for (const e of readdirSync(here).sort()) {
  const p = join(here, e);
  if (e.endsWith('.ts') && e !== 'run.ts') all.set(e.slice(0, -3), p);
  else if (statSync(p).isDirectory() && existsSync(join(p, 'run.ts'))) all.set(e, join(p, 'run.ts'));
}

const wanted = positionals.length > 0 ? positionals : [...all.keys()];
const unknown = wanted.filter((n) => !all.has(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${[...all.keys()].join(', ')}.`);
  process.exit(2);
}
const datasets = values.datasets!;
if (!existsSync(datasets)) {
  console.error(`Datasets folder ${datasets} not found; pass --datasets DIR (folders with train.jsonl/test.jsonl).`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted) {
  console.log(`\n=== bench ${name} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', all.get(name)!, datasets], { stdio: 'inherit' });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(0)}s ===`);
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
