/**
 * Unlearning benchmark: forget one example from a 10,000-example task whose embeddings are
 * cached, and time the refit, the writes + audit record, and the file compaction (VACUUM).
 *
 *   npx tsx bench/unlearn/run.ts [--backbone use-lite|hashing] [--strategies centroid,knn,logistic] [--novelty refit,drop] [--write]
 *
 * The texts are 10,000 distinct lines of SpamAssassin message bodies (label: spam or ham).
 * The first run embeds them once (cached in bench/out/unlearn); later runs only read the
 * cache. Each run forgets one more example.
 */
import { cpus, loadavg } from 'node:os';
import { Rng } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { ExampleInput } from '../../src/data/index.js';
import { backboneNameOf, embedTexts, fitTask, openWorkspace } from '../../src/pipeline/index.js';
import { forget } from '../../src/privacy/index.js';
import { UnlearningStore } from '../../src/store/index.js';
import { messagesById } from '../pii/corpus.js';
import { writeSection } from '../pii/results.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const backbone = opt('--backbone', 'use-lite');
const strategies = opt('--strategies', 'centroid,knn,logistic').split(',');
const modes = opt('--novelty', 'refit,drop').split(',') as Array<'refit' | 'drop'>;
const N = 10_000;

function lines(): ExampleInput[] {
  const out: ExampleInput[] = [];
  const seen = new Set<string>();
  for (const [id, text] of messagesById()) {
    const body = text.slice(text.indexOf('\n\n') + 2);
    for (const line of body.split('\n')) {
      const t = line.trim();
      if (t.length < 30 || t.length > 200 || /[<>=]{2}|^[A-Za-z0-9+/]{40,}$/.test(t) || seen.has(t)) continue;
      seen.add(t);
      out.push({ id: `${id}#${out.length}`, text: t, label: id.startsWith('spam') ? 'spam' : 'ham' });
    }
  }
  const rng = new Rng(11);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, N).map((e, i) => ({ ...e, line: i + 1 }));
}

const ws = openWorkspace(new URL('../out/unlearn', import.meta.url).pathname);
const rows: string[] = [];
try {
  const ds = datasetFromExamples(lines(), { source: 'spamassassin-lines' });
  for (const strategy of strategies) {
    const task = `unlearn-${backbone}-${strategy}`;
    if (!ws.tasks.listTasks().some((t) => t.name === task)) {
      const t0 = performance.now();
      await fitTask(ws, ds, { task, strategy, backbone, seed: 1, folds: 0 });
      process.stderr.write(`fitted ${task} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
    for (const novelty of modes) {
      const live = ws.tasks.getTask(task).liveVersion!;
      const victim = ws.tasks.trainingExamples(task, live)[0]!;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await forget({
        db: ws.db, tasks: ws.tasks, audit: ws.audit,
        embed: async (id, texts) => (await embedTexts(ws, backboneNameOf(id), texts)).X,
      }, task, { id: victim.id }, { compact: false, novelty });
      const tForget = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      new UnlearningStore(ws.db).compact();
      const tCompact = (performance.now() - t1) / 1000;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      const tm = r.timings;
      rows.push(`| ${strategy} | ${novelty} | ${r.refitted[0]!.rows} | ${tm.embed.toFixed(2)} | ${tm.refit.toFixed(2)} | ${tm.novelty.toFixed(2)} | ${tm.write.toFixed(2)} | ${tCompact.toFixed(2)} | ${(tForget + tCompact).toFixed(2)} | ${cpu.toFixed(2)} |`);
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  }
} finally {
  await ws.close();
}
const body = [
  `Run ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}), Node ${process.version}; backbone ${backbone}, embeddings cached.`,
  'Forget one example (by id) from a 10,000-example task: find it, read the cached embeddings of the rest, refit the head (same strategy and seed) and its novelty detector, write the new version, delete the old one, write the audit record; then VACUUM so no stale copy survives. With novelty = drop, the version\'s novelty detector is deleted instead of refitted.',
  '',
  'Seconds, wall clock except the last column (the machine is shared: see the load average).',
  '',
  '| strategy | novelty detector | rows refitted | read embeddings | refit head | refit novelty detector | writes + audit | VACUUM | total | total CPU |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
process.stdout.write(body + '\n');
if (args.includes('--write')) writeSection('unlearn', body);
