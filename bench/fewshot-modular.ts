/**
 * Benchmark: few-shot rows for the modular heads (mlp, adapter, ensemble) beside logistic,
 * on the same samples as bench/fewshot.ts (its seeded 512-per-class pool and test subset, so
 * the embeddings come from the shared cache).
 *
 *   npx tsx bench/fewshot-modular.ts [datasetsDir=../shared/datasets] [--only=sst2,emotion] [--seeds=3] [--sizes=8,64]
 *
 * Heads: logistic (C by inner CV) on use-lite; mlp and adapter (defaults: logistic C=100 inside) on
 * use-lite; ensemble = use-lite logistic + hashing logistic (soft vote or stack, kept only when
 * it beats its best member significantly on out-of-fold predictions, else the best member).
 * Prints a markdown table; target: at N=64 the best modular head beats logistic on the
 * average over datasets by ≥ 2 points.
 */
import { join, resolve } from 'node:path';
import { CachedBackbone, HashingBackbone, createBackbone } from '../src/backbones/index.js';
import { LabelSet, Matrix } from '../src/core/index.js';
import { readFileSync as readText } from 'node:fs';
import { sampleFewShot } from '../src/eval/index.js';
import { createStrategy } from '../src/heads/index.js';
import type { FittedHead } from '../src/heads/index.js';
import { SqliteEmbeddingCache, graftHome, openDb } from '../src/store/index.js';

const SEED = 20261128; // bench/fewshot.ts's seed: same pool, same test subset, cached embeddings
const POOL_PER_CLASS = 512;
const MAX_TEST = 3100;
const HASH_DIM = 1024;

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function concat(a: Matrix, b: Matrix): Matrix {
  const out = new Matrix(a.rows, a.cols + b.cols);
  for (let i = 0; i < a.rows; i++) {
    out.data.set(a.row(i), i * out.cols);
    out.data.set(b.row(i), i * out.cols + a.cols);
  }
  return out;
}

function accuracy(head: FittedHead, X: Matrix, y: Int32Array): number {
  const P = head.predictProba(X);
  let ok = 0;
  for (let i = 0; i < P.rows; i++) {
    const r = P.row(i);
    let b = 0;
    for (let j = 1; j < r.length; j++) if (r[j]! > r[b]!) b = j;
    if (b === y[i]) ok++;
  }
  return ok / P.rows;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/datasets');
  const only = arg('only')?.split(',') ?? ['sst2', 'sms_spam', 'emotion', 'ag_news', 'banking77'];
  const seeds = Number(arg('seeds') ?? 3);
  const sizes = (arg('sizes') ?? '8,64').split(',').map(Number);
  const db = openDb(graftHome());
  const use = new CachedBackbone(createBackbone('use-lite'), new SqliteEmbeddingCache(db));
  const hashing = new HashingBackbone({ dim: HASH_DIM });
  const heads: Record<string, (d: number) => { kind: string; params: object; wide?: boolean }> = {
    logistic: () => ({ kind: 'logistic', params: {} }),
    mlp: () => ({ kind: 'mlp', params: {} }),
    adapter: () => ({ kind: 'adapter', params: {} }),
    ensemble: (d) => ({
      kind: 'ensemble', wide: true,
      params: { members: [{ kind: 'logistic', columns: [0, d] }, { kind: 'logistic', columns: [d, d + HASH_DIM] }], method: 'auto' },
    }),
  };
  const rows: string[] = [];
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  const std = (a: number[]): number => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
  const avg: Record<string, Record<number, number[]>> = {};
  try {
    for (const name of only) {
      const train = readJsonl(join(dir, name, 'train.jsonl'));
      const test = readJsonl(join(dir, name, 'test.jsonl'));
      const ls = new LabelSet(train.examples.map((e) => e.label));
      const labels = [...ls.labels];
      const K = labels.length;
      const yAll = ls.encode(train.examples.map((e) => e.label));
      const pool = sampleFewShot(yAll, POOL_PER_CLASS, K, SEED);
      const yTestAll = ls.encode(test.examples.map((e) => e.label));
      const testIdx = test.examples.length > MAX_TEST
        ? sampleFewShot(yTestAll, Math.ceil(MAX_TEST / K), K, SEED + 1)
        : Int32Array.from(test.examples, (_, i) => i);
      const poolTexts = Array.from(pool, (i) => train.examples[i]!.text);
      const testTexts = Array.from(testIdx, (i) => test.examples[i]!.text);
      const Xp = await use.embed(poolTexts);
      const Xt = await use.embed(testTexts);
      const XpWide = concat(Xp, await hashing.embed(poolTexts));
      const XtWide = concat(Xt, await hashing.embed(testTexts));
      const yPool = Int32Array.from(pool, (i) => yAll[i]!);
      const yt = Int32Array.from(testIdx, (i) => yTestAll[i]!);
      for (const n of sizes) {
        const res: Record<string, number[]> = {};
        const notes: string[] = [];
        for (let s = 0; s < seeds; s++) {
          const idx = sampleFewShot(yPool, n, K, SEED + 100 + s);
          const y = Int32Array.from(idx, (i) => yPool[i]!);
          for (const [h, spec] of Object.entries(heads)) {
            const { kind, params, wide } = spec(Xp.cols);
            const t0 = performance.now();
            const head = await createStrategy(kind, params).fit((wide ? XpWide : Xp).selectRows(idx), y, { seed: s, labels });
            (res[h] ??= []).push(accuracy(head, wide ? XtWide : Xt, yt));
            if (h === 'ensemble') notes.push(String(head.diagnostics.chosen?.selected));
            process.stderr.write(`${name} N=${n} seed ${s} ${h}: ${(res[h]!.at(-1)! * 100).toFixed(1)}% in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
          }
        }
        const cells = Object.keys(heads).map((h) => `${(mean(res[h]!) * 100).toFixed(1)} ± ${(std(res[h]!) * 100).toFixed(1)}`);
        rows.push(`| ${name} | ${n} | ${cells.join(' | ')} | ${notes.join(', ')} |`);
        for (const h of Object.keys(heads)) ((avg[h] ??= {})[n] ??= []).push(mean(res[h]!));
        process.stdout.write(rows.at(-1)! + '\n');
      }
    }
  } finally {
    await use.close();
    db.close();
  }
  process.stdout.write(`\n| dataset | N | ${Object.keys(heads).join(' | ')} | ensemble chose |\n| --- | --- |${' --- |'.repeat(Object.keys(heads).length + 1)}\n`);
  process.stdout.write(rows.join('\n') + '\n');
  for (const n of sizes) {
    process.stdout.write(`| **average** | ${n} | ${Object.keys(heads).map((h) => (mean(avg[h]![n]!) * 100).toFixed(1)).join(' | ')} | |\n`);
  }
}

/** The benchmark files as they are (sst2 has a few conflicting duplicates the loader rightly refuses). */
function readJsonl(path: string): { examples: { text: string; label: string }[] } {
  const lines = readText(path, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return { examples: lines.map((l) => JSON.parse(l) as { text: string; label: string }) };
}

await main();
