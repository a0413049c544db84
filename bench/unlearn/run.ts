/**
 * Unlearning benchmark: forget one example from a 10,000-example task whose embeddings are
 * cached, and time every phase of it (wall clock and CPU): reading the cached embeddings,
 * refitting the head (same strategy and seed), refitting its novelty detector, the writes +
 * audit record, and rebuilding the file when one is needed. Peer in the same run:
 * scikit-learn's LogisticRegressionCV (same C grid, 3 stratified folds, lbfgs, same tol)
 * refitting the same embeddings, through /usr/bin/python3.
 *
 *   npx tsx bench/unlearn/run.ts [--backbone use-lite|hashing] [--strategies logistic,centroid,knn] [--novelty refit,drop]
 *     [--shards default,1,10] [--forgets N] [--no-peer] [--write]
 *
 * `--shards S` fits the task with `graft fit --shards S` (S > 1: sharded, a forget refits one
 * shard; 1: one head); `default` (the default) fits it as `graft fit` does without --shards,
 * which chooses S from the data. Each (strategy, shards, novelty) forgets `--forgets` examples
 * (default 1), one row each. The last line printed is the goal's: the default task's forgets
 * with the default novelty detector, wall and CPU seconds, and the load.
 * Before any forget is timed, a child process (`--prepare`) fits missing tasks, gives a live version without a keyed-block
 * detector of today's block count (none, or an older one) one unreported forget, and refills the cache: the first timed
 * forget is then the first of its process, as a `graft forget` command's is (the command's start-up is not in it).
 *
 * The texts are 10,000 distinct lines of SpamAssassin message bodies (label: spam or ham).
 * The first run embeds them once (cached in bench/out/unlearn); later runs only read the
 * cache. Each forget removes one more text (every example carrying it).
 *
 * `--command --home DIR --task NAME --ids ID[,ID…] [--runs N] [--cli A.js[,B.js]]` times the compiled
 * `graft forget` (npm run build first) as a user runs it, a fresh process each, on copies of a store:
 * wall, CPU and its split (Node's start, imports and store, the forget's phases); see command.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabelSet, sha256 } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { backboneNameOf, embedTexts, openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { NoveltyStore } from '../../src/store/index.js';
import type { ForgetResult } from '../../src/pipeline/index.js';
import { DEFAULT_CS } from '../../src/heads/index.js';
import type { StrategyName } from '../../src/heads/index.js';
import { formatBackboneSpec, parseBackboneSpec } from '../../src/backbones/index.js';
import { OOD_KNN_BLOCKS } from '../../src/eval/index.js';
import { unlearnLines } from './lines.js';
import { writeSection } from '../pii/results.js';
import { commandMode } from './command.js';

const args = process.argv.slice(2);
// `--command`: the compiled `graft forget` in fresh processes, start-up included (command.ts says how).
if (args.includes('--command')) commandMode(args);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1] ?? def;
};
const backbone = formatBackboneSpec(parseBackboneSpec(opt('--backbone', 'use-lite')));
const strategies = opt('--strategies', 'logistic').split(',') as StrategyName[]; // fit refuses an unknown kind
const modes = opt('--novelty', 'refit,drop').split(',') as Array<'refit' | 'drop'>;
const shardCounts = opt('--shards', 'default').split(',').map((v) => (v === 'default' ? 'default' : Number(v)));
const forgets = Number(opt('--forgets', '1'));
const withPeer = !args.includes('--no-peer');

// scikit-learn's LogisticRegressionCV on the same rows: graft's default logistic (C from the
// same grid by 3-fold stratified CV on log-loss, lbfgs, tol 1e-4, then a refit at the chosen C).
const PY = `
import json, sys, time
import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
d, n, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
Cs = [float(c) for c in sys.argv[4].split(",")]
X = np.fromfile(d + "/X.f32", dtype="<f4").reshape(n, dim).astype(np.float64)
y = np.fromfile(d + "/y.i32", dtype="<i4")
m = LogisticRegressionCV(Cs=Cs, cv=StratifiedKFold(3, shuffle=True, random_state=1), scoring="neg_log_loss", solver="lbfgs", tol=1e-4, max_iter=500)
t, c = time.perf_counter(), time.process_time()
m.fit(X, y)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "C": float(m.C_[0])}))
`;

function sklearnPeer(X: Float32Array, y: Int32Array, dim: number): { wall: number; cpu: number; C: number } {
  const dir = mkdtempSync(join(tmpdir(), 'graft-unlearn-'));
  try {
    writeFileSync(join(dir, 'X.f32'), X);
    writeFileSync(join(dir, 'y.i32'), y);
    const py = spawnSync('/usr/bin/python3', ['-c', PY, dir, String(y.length), String(dim), DEFAULT_CS.join(',')], { encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`sklearn failed: ${py.stderr}`);
    return JSON.parse(py.stdout) as { wall: number; cpu: number; C: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f2 = (v: number): string => v.toFixed(2);

/**
 * The live version's first example whose (stored, redacted) text no other example shares, so that forgetting it
 * removes one row, and whose embedding is still cached (a store from before forget kept the vectors of texts other
 * tasks hold may lack some: embedding one again loads the model, ~1.2 s in a fresh process).
 */
function uniqueExample(task: string): { id: string } {
  const t = ctx.tasks.getTask(task);
  const kept = ctx.tasks.trainingExamples(task, t.liveVersion!);
  const count = new Map<string, number>();
  for (const e of kept) count.set(e.text, (count.get(e.text) ?? 0) + 1);
  // A backbone the cache does not keep (hashing: computing is cheaper than reading) has no cached vectors to check.
  return kept.find((e) => count.get(e.text) === 1 && ctx.cache.getMany(t.backbone, [sha256(e.text)]).size === 1) ?? kept.find((e) => count.get(e.text) === 1)!;
}
/**
 * Puts back, untimed, the cached vectors of the task's texts that are missing (deleted by forgets before a forget
 * kept the vectors of texts another task holds; the tasks here share their texts): the bench measures a task whose
 * embeddings are all cached. Counted in SQL, so that a cold process stays cold when nothing is missing.
 */
async function refillCache(task: string): Promise<void> {
  const t = ctx.tasks.getTask(task);
  const { missing } = ctx.db.prepare(
    `SELECT COUNT(DISTINCT e.text_hash) AS missing FROM training_examples e
     WHERE e.task = ? AND e.version = ? AND NOT EXISTS (SELECT 1 FROM embedding_keys m JOIN embedding_backbones b ON b.id = m.backbone
       WHERE b.name = ? AND m.text_hash = unhex(e.text_hash))`,
  ).get(task, t.liveVersion, t.backbone) as { missing: number };
  if (missing === 0) return;
  const texts = ctx.tasks.trainingExamples(task, t.liveVersion!).map((e) => e.text);
  process.stderr.write(`${task}: embedding ${missing} texts another task's forget removed from the cache (untimed)\n`);
  await embedTexts(ctx, backboneNameOf(t.backbone), texts);
}
const phase = (r: ForgetResult, k: keyof ForgetResult['timings']): string => `${f2(r.timings[k])} (${f2(r.cpu[k])})`;
/** The forget's phases in the order they run, with the table's names for them. */
const PHASES: Array<keyof ForgetResult['timings']> = ['find', 'embed', 'refit', 'novelty', 'write', 'wipe', 'compact'];
const PHASE_NAMES = ['find examples', 'read embeddings', 'refit head', 'refit novelty detector', 'write (one transaction, audit included)', 'wipe log', 'rebuild file'];
/** One line: every phase's wall seconds (CPU in brackets), milliseconds apart. */
const phaseSplit = (r: ForgetResult): string =>
  PHASES.map((k, i) => `${PHASE_NAMES[i]!.split(' (')[0]} ${r.timings[k].toFixed(3)} (${r.cpu[k].toFixed(3)})`).join(', ');

const taskOf = (strategy: StrategyName, S: number | 'default'): string => `unlearn-${backbone}-${strategy}${S === 'default' ? '-default' : S > 1 ? `-s${S}` : ''}`;

/**
 * Untimed, in a child process (`--prepare`), so that the first measured forget is the first of
 * its process, as a `graft forget` command's is: fits the tasks not fitted yet; gives a detector to
 * a live version without one of today's blocks (the bench's last forget dropped it: a first refit
 * would search every pair, which is what a fresh fit costs, not what a forget costs); then puts
 * back the cached vectors another task's forget removed (after all the forgets: they share texts).
 */
async function prepare(): Promise<void> {
  const ds = datasetFromExamples(unlearnLines(), { source: 'spamassassin-lines' });
  const tasks: string[] = [];
  for (const strategy of strategies) {
    for (const S of shardCounts) {
      const task = taskOf(strategy, S);
      tasks.push(task);
      if (!ctx.tasks.listTasks().some((t) => t.name === task)) {
        const t0 = performance.now();
        const fit = await ws.fit(ds, { task, strategy, backbone, seed: 1, folds: 0, shards: S === 'default' ? undefined : S });
        process.stderr.write(`fitted ${task} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${fit.sharding?.shards} shards (${fit.sharding?.why})\n`);
      }
      const blocks = new NoveltyStore(ctx.db).get<number>(task, ctx.tasks.getTask(task).liveVersion!, '$.blocks.blocks');
      if (modes.includes('refit') && blocks !== OOD_KNN_BLOCKS) {
        await refillCache(task);
        const r = await ws.forget(task, { id: uniqueExample(task).id }, { novelty: 'refit' });
        process.stderr.write(`${task}: warm-up forget (old detector) ${f2(r.seconds)} s\n`);
      }
    }
  }
  for (const task of tasks) await refillCache(task);
}

if (!args.includes('--prepare')) {
  // The same script and loader (tsx) in a fresh process; this one has loaded nothing but its imports yet.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args, '--prepare'], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`preparing the bench's tasks failed (exit ${child.status ?? child.signal})`);
}
const ws = openWorkspace(new URL('../out/unlearn', import.meta.url).pathname);
const ctx = workspaceContext(ws);
if (args.includes('--prepare')) {
  try {
    await prepare();
  } finally {
    await ws.close();
  }
  process.exit(0);
}
const rows: string[] = [];
/** Every forget's total seconds by setup, and how many forgets this process had run before it (0: a cold process, as `graft forget` is). */
const totals = new Map<string, Array<{ wall: number; nth: number }>>();
let nth = 0;
/** The goal's forgets: default task, default detector (refit), default head. */
const goal: Array<{ wall: number; cpu: number; shards: number; rows: number; split: string }> = [];
const loadStart = loadavg()[0]!;
try {
  for (const strategy of strategies) {
    for (const S of shardCounts) {
      const task = taskOf(strategy, S);
      const liveShards = (ctx.tasks.getHeadVersion(task).strategy as { shards?: number }).shards ?? 1;
      for (const novelty of modes) {
        for (let f = 0; f < forgets; f++) {
          await refillCache(task);
          const victim = uniqueExample(task);
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          const r = await ws.forget(task, { id: victim.id }, { novelty });
          const wall = (performance.now() - t0) / 1000;
          const c = process.cpuUsage(c0);
          const cpu = (c.user + c.system) / 1e6;
          const setup = `| ${strategy} | ${S === 'default' ? `default: ${liveShards}` : S} | ${novelty} |`;
          totals.set(setup, [...(totals.get(setup) ?? []), { wall, nth: nth++ }]);
          const refit = r.refitted[0]!;
          // The peer refits the same rows the head was refitted on (unsharded logistic only).
          let peer = '—', ratio = '—';
          if (strategy === 'logistic' && liveShards === 1 && withPeer) {
            const kept = ctx.tasks.trainingExamples(task, refit.to);
            const labelSet = new LabelSet(kept.map((e) => e.label));
            const { X } = await embedTexts(ctx, backbone, kept.map((e) => e.text));
            const sk = sklearnPeer(X.data, labelSet.encode(kept.map((e) => e.label)), X.cols);
            peer = `${f2(sk.wall)} (${f2(sk.cpu)}), C = ${sk.C}`;
            ratio = f2(r.timings.refit / sk.wall);
          }
          const chosen = JSON.stringify(ctx.tasks.getHeadVersion(task, refit.to).head.diagnostics.chosen ?? {});
          const shardCell = refit.shards ? `${refit.shards.refitted.length} of ${refit.shards.total}` : '—';
          const pairs = refit.novelty ? `${refit.novelty.searched} of ${refit.novelty.pairs}` : '—';
          rows.push(`${setup} ${nth - 1} | ${refit.rows} | ${shardCell} | ${pairs} | ${PHASES.map((k) => phase(r, k)).join(' | ')} | **${f2(wall)}** | ${f2(cpu)} | ${peer} | ${ratio} | ${chosen.length > 60 ? `${chosen.slice(0, 57)}...` : chosen} |`);
          process.stderr.write(`${rows[rows.length - 1]}\n${setup} PHASES ${phaseSplit(r)}\n`);
          if (S === 'default' && novelty === 'refit' && strategy === 'logistic') goal.push({ wall, cpu, shards: liveShards, rows: refit.rows, split: phaseSplit(r) });
        }
      }
    }
  }
} finally {
  await ws.close();
}
const body = [
  `Run ${new Date().toISOString().slice(0, 16)}Z on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores, load average ${loadStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end: the cores are shared with other jobs, so wall times are noisy), Node ${process.version}; backbone ${backbone}, embeddings cached.`,
  `Forget one example (by id) from a 10,000-example task fitted with \`graft fit\` (strategy ${strategies.join(', ')}; calibrated and with a novelty detector, as by default; logistic chooses C, knn k by inner CV, centroid fits its temperature by leave-one-out): find it, read the cached embeddings of the rest, refit the head (same strategy and seed: bit-for-bit a fresh fit), refit its novelty detector (or, with \`drop\`, delete it), write the new version, delete the old one with its examples (zeroed on disk by secure_delete), write the audit record. The file is rebuilt (VACUUM) only when it was ever written without secure_delete (once per old file).`,
  '',
  'Seconds, wall clock (CPU of the process in brackets).' + (strategies.includes('logistic') ? ' Peer (logistic rows): scikit-learn 1.2 LogisticRegressionCV (same C grid, 3 stratified folds, neg. log-loss, lbfgs, tol 1e-4, BLAS threads as installed) on the same rows; ratio = graft refit head / sklearn, wall.' : ''),
  '',
  `| strategy | shards | novelty detector | forgets before it in the process | rows refitted | shards refitted | detector searches redone | ${PHASE_NAMES.join(' | ')} | total | total CPU | sklearn LogisticRegressionCV | ratio | chosen |`,
  `|---|---:|---|---:|---:|---:|---:|${PHASES.map(() => '---:|').join('')}---:|---:|---:|---:|---|`,
  ...rows,
  '',
  'Per setup: every forget\'s total; "cold" is a forget that was the first of its process (as each `graft forget` command is), the rest ran after others had warmed the code.',
  '',
  '| strategy | shards | novelty detector | forgets | cold | median of the rest | slowest | ≤ 1 s |',
  '|---|---:|---|---:|---:|---:|---:|---:|',
  ...[...totals].map(([setup, list]) => {
    const cold = list.filter((t) => t.nth === 0).map((t) => f2(t.wall)).join(', ') || '—';
    const warm = list.filter((t) => t.nth > 0).map((t) => t.wall).sort((a, b) => a - b);
    const median = warm.length ? f2(warm.length % 2 ? warm[(warm.length - 1) / 2]! : (warm[warm.length / 2 - 1]! + warm[warm.length / 2]!) / 2) : '—';
    const met = list.filter((t) => t.wall <= 1).length;
    return `${setup} ${list.length} | ${cold} | ${median} | ${f2(Math.max(...list.map((t) => t.wall)))} | ${met} of ${list.length} |`;
  }),
].join('\n');
process.stdout.write(body + '\n');
if (goal.length) {
  const walls = goal.map((g) => g.wall.toFixed(2)).join(', ');
  process.stdout.write(`GOAL forget one example, default \`graft fit\` task (logistic, ${goal[0]!.rows + 1} rows, ${goal[0]!.shards} shards chosen by default, ` +
    `detector refitted): ${walls} s wall, ${goal.map((g) => g.cpu.toFixed(2)).join(', ')} s CPU; ${goal.filter((g) => g.wall <= 1).length} of ${goal.length} ≤ 1 s; ` +
    `load ${loadStart.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}\n`);
  for (const g of goal) process.stdout.write(`GOAL PHASES wall s (CPU s): ${g.split}\n`);
}
if (args.includes('--write')) writeSection('unlearn', body);
