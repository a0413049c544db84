/**
 * Where a forget's secure write goes: one forget on a copy of the unlearn bench's store (run
 * `bench/unlearn/run.ts` first), with every SQLite statement timed (wall and CPU seconds, calls)
 * and the pages its transaction wrote to the log counted by table (the log is copied just before
 * the wipe empties it; frame page numbers are mapped through `dbstat`).
 *
 *   npx tsx bench/unlearn/write-profile.ts [--task NAME] [--victim N] [--novelty refit|drop]
 *
 * `--victim N`: the Nth example whose text no other example shares (default 40: past the few the
 * bench itself forgets first, whose vectors another task's forget may have removed from the cache).
 * The wipe phase printed here includes copying the files for the page count. The bench's own store is not touched. Untimed first, as run.ts does: texts whose cached vectors
 * another task's forget removed are embedded again, and when the live version has no detector of
 * today's blocks (the bench's last forget dropped it), one forget fits it. Timing wraps each statement, so the totals read a little
 * higher than an unwrapped forget's.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { OOD_KNN_BLOCKS } from '../../src/eval/index.js';
import { backboneNameOf, embedTexts, openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { NoveltyStore, UnlearningStore } from '../../src/store/index.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const task = opt('--task', 'unlearn-use-lite-logistic-default');
const nth = Number(opt('--victim', '40'));
const novelty = opt('--novelty', 'refit') as 'refit' | 'drop';
const PAGE = 4096;

const dir = mkdtempSync(join(tmpdir(), 'graft-write-profile-'));
cpSync(new URL('../out/unlearn', import.meta.url).pathname, dir, { recursive: true });

/** Per statement (its SQL, shortened): calls, wall and CPU seconds. */
const stats = new Map<string, { n: number; wall: number; cpu: number }>();
let on = false;
function timed<A extends unknown[], R>(key: (self: { source?: string }, a: A) => string, f: (...a: A) => R): (...a: A) => R {
  return function (this: { source?: string }, ...a: A): R {
    if (!on) return f.apply(this, a);
    const t = performance.now();
    const c = process.cpuUsage();
    try {
      return f.apply(this, a);
    } finally {
      const d = process.cpuUsage(c);
      const k = key(this, a);
      const s = stats.get(k) ?? { n: 0, wall: 0, cpu: 0 };
      s.n++;
      s.wall += (performance.now() - t) / 1000;
      s.cpu += (d.user + d.system) / 1e6;
      stats.set(k, s);
    }
  };
}
const probe = new Database(':memory:');
const stmtProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
for (const m of ['run', 'get', 'all']) stmtProto[m] = timed((s) => `${m} ${s.source!.replace(/\s+/g, ' ').slice(0, 100)}`, stmtProto[m]!);
const dbProto = Object.getPrototypeOf(probe) as Record<string, (...a: unknown[]) => unknown>;
dbProto.pragma = timed((_s, a) => `pragma ${String(a[0])}`, dbProto.pragma!);
probe.close();

// The log as the transaction left it, just before the wipe empties it.
const wipe = UnlearningStore.prototype.wipe;
UnlearningStore.prototype.wipe = function (this: UnlearningStore, o?: { timeoutMs?: number }) {
  copyFileSync(join(dir, 'graft.db'), join(dir, 'snap.db'));
  copyFileSync(join(dir, 'graft.db-wal'), join(dir, 'snap.db-wal'));
  return wipe.call(this, o);
};

const ws = openWorkspace(dir);
const load0 = loadavg()[0]!;
try {
  const ctx = workspaceContext(ws);
  const own = (): Array<{ id: string; text: string }> => {
    const kept = ctx.tasks.trainingExamples(task, ctx.tasks.getTask(task).liveVersion!);
    const count = new Map<string, number>();
    for (const e of kept) count.set(e.text, (count.get(e.text) ?? 0) + 1);
    return kept.filter((e) => count.get(e.text) === 1);
  };
  const t = ctx.tasks.getTask(task);
  if (novelty === 'refit' && new NoveltyStore(ctx.db).get<number>(task, t.liveVersion!, '$.blocks.blocks') !== OOD_KNN_BLOCKS) {
    process.stderr.write(`${task}: the live version has no detector of ${OOD_KNN_BLOCKS} blocks; one unmeasured forget fits it\n`);
    await ws.forget(task, { id: own()[nth + 1]!.id }, { novelty: 'refit' });
  }
  await embedTexts(ctx, backboneNameOf(t.backbone), own().map((e) => e.text));
  const victim = own()[nth];
  if (victim === undefined) throw new Error(`task ${task} has fewer than ${nth + 1} examples with a text of their own`);
  on = true;
  const c0 = process.cpuUsage();
  const r = await ws.forget(task, { id: victim.id }, { novelty });
  const c = process.cpuUsage(c0);
  on = false;
  const f3 = (v: number): string => v.toFixed(3);
  const refit = r.refitted[0]!;
  process.stdout.write(`forget of ${victim.id} from ${task} (load ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}): ${f3(r.seconds)} s wall, ${f3((c.user + c.system) / 1e6)} s CPU; ` +
    `shards refitted ${refit.shards ? `${refit.shards.refitted.length} of ${refit.shards.total}` : '—'}, detector searches ${refit.novelty ? `${refit.novelty.searched} of ${refit.novelty.pairs}` : '—'}\n`);
  process.stdout.write(`PHASES wall s (CPU s): ${Object.keys(r.timings).map((k) => `${k} ${f3(r.timings[k as keyof typeof r.timings])} (${f3(r.cpu[k as keyof typeof r.cpu])})`).join(', ')}\n\n`);
  process.stdout.write('| statement | calls | wall s | CPU s |\n|---|---:|---:|---:|\n');
  for (const [k, s] of [...stats].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 20)) {
    process.stdout.write(`| \`${k.replace(/\|/g, '\\|')}\` | ${s.n} | ${f3(s.wall)} | ${f3(s.cpu)} |\n`);
  }
} finally {
  await ws.close();
}

const log = readFileSync(join(dir, 'snap.db-wal'));
const pages: number[] = [];
for (let at = 32; at + 24 + PAGE <= log.length; at += 24 + PAGE) pages.push(log.readUInt32BE(at));
const snap = new Database(join(dir, 'snap.db'), { readonly: true });
const owner = new Map<number, string>();
for (const r of snap.prepare('SELECT name, pageno FROM dbstat').all() as Array<{ name: string; pageno: number }>) owner.set(r.pageno, r.name);
snap.close();
const byTable = new Map<string, number>();
for (const p of pages) byTable.set(owner.get(p) ?? '(freed, zeroed)', (byTable.get(owner.get(p) ?? '(freed, zeroed)') ?? 0) + 1);
process.stdout.write(`\nThe transaction's log: ${pages.length} pages (${(log.length / 1e6).toFixed(1)} MB)\n\n| table or index | pages |\n|---|---:|\n`);
for (const [t, n] of [...byTable].sort((a, b) => b[1] - a[1])) process.stdout.write(`| ${t} | ${n} |\n`);
rmSync(dir, { recursive: true, force: true });
