/**
 * Benchmark: many tasks on one backbone.
 *
 *   node --expose-gc --import tsx bench/multitask.ts [datasetsDir=../shared/datasets]
 *
 * - RSS with 1, 10 and 100 tasks loaded (target: ≤ 1 MB per extra task). Tasks are 77-class
 *   logistic heads (Banking77, the widest head we ship), saved in a scratch workspace and
 *   restored from their saved JSON (the head alone: no training examples).
 * - `Workspace.predictMany` over 10 tasks vs one task's prediction vs 10 separate predictions, on texts
 *   the backbone has not seen (no cache), so the embedding pass is paid as in serving
 *   (target: predictMany over 10 tasks ≤ 1.5× one prediction). Medians of 6 rounds.
 * Embeddings of the training rows go through the shared cache in GRAFT_HOME.
 */
import { join, resolve } from 'node:path';
import { CachedBackbone, createBackbone } from '../src/backbones/index.js';
import { LabelSet } from '../src/core/index.js';
import { readFileSync as readText } from 'node:fs';
import { sampleFewShot } from '../src/eval/index.js';
import { createStrategy } from '../src/heads/index.js';
import { restoreHead } from '../src/heads/index.js';
import type { FittedHead } from '../src/heads/index.js';
import { openWorkspace, workspaceContext, toPredictions } from '../src/pipeline/index.js';
import { SqliteEmbeddingCache, graftHome, openDb } from '../src/store/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const gc = (globalThis as { gc?: () => void }).gc;
function rssMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? '../shared/datasets');
  if (!gc) process.stderr.write('note: run with node --expose-gc for stable RSS numbers\n');
  const train = readJsonl(join(dir, 'banking77', 'train.jsonl'));
  const test = readJsonl(join(dir, 'banking77', 'test.jsonl'));
  const ls = new LabelSet(train.examples.map((e) => e.label));
  const labels = [...ls.labels];
  const y = ls.encode(train.examples.map((e) => e.label));
  const db = openDb(graftHome());
  const cached = new CachedBackbone(createBackbone('use-lite'), new SqliteEmbeddingCache(db));
  const raw = createBackbone('use-lite');
  try {
    // Ten distinct heads (different samples and seeds), saved under 100 task names.
    // The tasks live in a scratch workspace whose backbone is the uncached model: its embedding
    // rows are deleted before every timed call, so each call pays the embedding pass as in serving.
    const ws = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-multitask-')), backbones: () => raw });
    const ctx = workspaceContext(ws);
    const tasks = ctx.tasks;
    const heads = [];
    for (let h = 0; h < 10; h++) {
      const idx = sampleFewShot(y, 16, labels.length, 100 + h);
      const X = await cached.embed(Array.from(idx, (i) => train.examples[i]!.text));
      const head = await createStrategy('logistic', { C: 1 }).fit(X, Int32Array.from(idx, (i) => y[i]!), { seed: h, labels });
      heads.push(head.toJSON());
    }
    for (let t = 0; t < 100; t++) {
      const name = `task-${String(t).padStart(3, '0')}`;
      tasks.createOrGetTask({ name, backbone: cached.id, labels });
      tasks.saveHeadVersion({ task: name, kind: 'logistic', strategy: { C: 1 }, seed: t, head: heads[t % 10]!, dataHash: 'bench', metrics: {}, examples: [] });
    }

    // Warm the backbone (model load, worker start) so RSS and timings count tasks, not the model.
    await raw.embed(['warm up the encoder']);
    const base = rssMb();
    const loaded: { name: string; head: FittedHead }[] = [];
    const rss: Record<number, number> = {};
    for (let t = 0; t < 100; t++) {
      const name = `task-${String(t).padStart(3, '0')}`;
      loaded.push({ name, head: restoreHead(tasks.getHeadVersion(name).head) });
      if (t + 1 === 1 || t + 1 === 10 || t + 1 === 100) rss[t + 1] = rssMb();
    }
    const perTask = (rss[100]! - rss[1]!) / 99;
    process.stdout.write(`RSS: backbone loaded ${base.toFixed(0)} MB; tasks loaded 1: ${rss[1]!.toFixed(1)} MB, 10: ${rss[10]!.toFixed(1)} MB, 100: ${rss[100]!.toFixed(1)} MB → ${perTask.toFixed(3)} MB per extra task\n`);

    // The raw backbone has no cache, so every call pays the embedding pass as in serving. The
    // three variants run on the same texts, in rotating order, so load spikes hit all alike.
    const ten = loaded.slice(0, 10);
    const round = (r: number): string[] => test.examples.slice(r * 32, r * 32 + 32).map((e) => e.text);
    const time = async (f: () => Promise<unknown>): Promise<number> => {
      ctx.cache.clear();
      const t0 = performance.now();
      await f();
      return (performance.now() - t0) / 1000;
    };
    const one: number[] = [], many: number[] = [], separate: number[] = [];
    for (let r = 0; r < 6; r++) {
      const texts = round(r);
      const runs: [number[], () => Promise<unknown>][] = [
        [one, () => ws.predictMany([ten[0]!.name], texts)],
        [many, () => ws.predictMany(ten.map((t) => t.name), texts)],
        [separate, async () => {
          for (const t of ten) toPredictions(t.head, t.head.predictProba(await raw.embed(texts)));
        }],
      ];
      for (let k = 0; k < 3; k++) {
        const [out, f] = runs[(k + r) % 3]!;
        out.push(await time(f));
      }
    }
    const median = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1]!;
    const m1 = median(one), m10 = median(many), ms = median(separate);
    process.stdout.write(`predict 32 new texts: 1 task ${(m1 * 1000).toFixed(0)} ms; predictMany 10 tasks ${(m10 * 1000).toFixed(0)} ms ` +
      `(${(m10 / m1).toFixed(2)}× one); 10 separate predictions ${(ms * 1000).toFixed(0)} ms (${(ms / m10).toFixed(1)}× predictMany)\n`);
    process.stdout.write(JSON.stringify({ rssMb: rss, baseRssMb: base, perTaskMb: perTask, seconds: { one: m1, predictMany10: m10, separate10: ms } }) + '\n');
    await ws.close();
  } finally {
    await cached.close();
    await raw.close();
    db.close();
  }
}

/** The benchmark files as they are (sst2 has a few conflicting duplicates the loader rightly refuses). */
function readJsonl(path: string): { examples: { text: string; label: string }[] } {
  const lines = readText(path, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return { examples: lines.map((l) => JSON.parse(l) as { text: string; label: string }) };
}

await main();
