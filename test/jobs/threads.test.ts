/**
 * Job threads: a Workspace call run in a worker thread gives what it gives in this thread,
 * failures keep their class, code and issues, progress and embedding passes come through, and an abort stops even
 * an mlp fit (which never lets a message in) at once, with nothing written and the next job on
 * a fresh thread; a thread idle too long after its job ends.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, PrivacyError, UsageError } from '../../src/core/index.js';
import type { Progress } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { JobThreads, callWorkspace } from '../../src/jobs/index.js';
import type { CallResults, JobContext } from '../../src/jobs/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';

const WORDS = [['rain', 'storm', 'wind', 'snow'], ['oven', 'flour', 'sauce', 'spice'], ['goal', 'match', 'coach', 'league']];
const LABELS = ['weather', 'cooking', 'football'];

/** `n` examples per label, with `tag` in every text. */
function examples(n: number, tag: string): Example[] {
  return LABELS.flatMap((label, c) => Array.from({ length: n }, (_, i) => ({
    id: `${label}-${i}`, text: `${WORDS[c]![i % 4]} ${WORDS[c]![(i * 3 + 1) % 4]} ${tag} ${i}`, label, line: c * n + i + 2,
  })));
}
const data = (n: number, tag: string) => datasetFromExamples(examples(n, tag), { source: `${tag}.jsonl` });
const fit = { task: 'topics', strategy: 'logistic', backbone: 'hashing', seed: 7, folds: 3 } as const;

const home = mkdtempSync(join(tmpdir(), 'graft-threads-'));
const ws = openWorkspace(home);
const embedded: number[] = [];
const threads = new JobThreads({ home }, { onEmbed: (_backbone, stats) => embedded.push(stats.texts) });
after(async () => {
  await threads.close();
  await ws.close();
});

function context(signal = new AbortController().signal): JobContext & { seen: Progress[] } {
  const seen: Progress[] = [];
  return { signal, onProgress: (p) => seen.push(p), seen };
}

test('a fit in a job thread gives the fit this thread gives, with its progress, and saves the version', async () => {
  const job = context();
  const there = await threads.run({ op: 'fit', dataset: data(12, 'a'), options: fit }, job) as CallResults['fit'];
  const elsewhere = openWorkspace(mkdtempSync(join(tmpdir(), 'graft-threads-')));
  const here = await callWorkspace(elsewhere, { op: 'fit', dataset: data(12, 'a'), options: fit }, context()) as CallResults['fit'];
  await elsewhere.close();
  assert.deepEqual([there.version, there.dataHash, there.cv?.metrics, there.strategy], [1, here.dataHash, here.cv?.metrics, here.strategy]);
  assert.ok(job.seen.some((p) => p.phase.startsWith('cv')), `progress: ${job.seen.map((p) => p.phase).join(', ')}`);
  assert.deepEqual(embedded, [36], 'the embedding pass is reported to the server (its cache metrics)');
  // The server's own workspace sees the version the thread wrote.
  assert.equal((await ws.predict('topics', ['rain storm'])).version, 1);
  assert.equal(threads.running, 0);
});

test('an evaluation in a job thread is saved as a run this thread reads', async () => {
  const r = await threads.run({ op: 'evaluate', dataset: data(8, 'e'), options: { backbones: ['hashing'], strategies: ['centroid', 'knn'], folds: 2, seed: 1 } }, context()) as CallResults['evaluate'];
  assert.deepEqual(r.rows.map((row) => row.strategy).sort(), ['centroid', 'knn']);
  assert.equal((await ws.run(r.runId)).id, r.runId);
});

test('a thread idle longer than idleMs after its job ends; one taken by a job within the wait is reused', async () => {
  const brief = new JobThreads({ home }, {}, { idleMs: 150 });
  try {
    const task = { ...fit, task: 'idle', folds: 0 };
    await brief.run({ op: 'fit', dataset: data(6, 'i'), options: task }, context());
    assert.equal(brief.idleThreads, 1);
    await brief.run({ op: 'fit', dataset: data(6, 'j'), options: task }, context());
    assert.equal(brief.idleThreads, 1, 'the second job ran on the kept thread');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(brief.idleThreads, 0, 'ended after 150 ms idle');
    const r = await brief.run({ op: 'fit', dataset: data(6, 'k'), options: task }, context()) as CallResults['fit'];
    assert.equal(r.version, 3, 'a later job starts a thread again');
  } finally {
    await brief.close();
  }
  assert.throws(() => new JobThreads({ home }, {}, { idleMs: -1 }), /idleMs must be a whole number/);
});

test('failures in a job thread keep their class, code and issues', async () => {
  const other = datasetFromExamples(examples(6, 'b').map((e) => ({ ...e, label: e.label === 'weather' ? 'climate' : e.label })), { source: 'b.jsonl' });
  await assert.rejects(threads.run({ op: 'fit', dataset: other, options: fit }, context()), (e: unknown) => e instanceof UsageError && e.code === 'task_mismatch');
  const leaky = datasetFromExamples(examples(6, 'c').map((e, i) => (i === 4 ? { ...e, text: `${e.text} mail jane.doe@example.com` } : e)), { source: 'c.jsonl' });
  await assert.rejects(
    threads.run({ op: 'fit', dataset: leaky, options: { ...fit, task: 'leaky', privacy: 'refuse' } }, context()),
    (e: unknown) => e instanceof PrivacyError && e.issues.length === 1 && e.issues[0]!.path.startsWith('c.jsonl:'),
  );
});

test('an abort stops an mlp fit in a job thread at once, writes nothing, and the next job gets a fresh thread', async () => {
  const before = await ws.task('topics');
  const audit = await ws.audit('topics');
  const abort = new AbortController();
  const job = context(abort.signal);
  const running = threads.run({ op: 'fit', dataset: data(700, 'long'), options: { ...fit, strategy: 'mlp', folds: 10 } }, job);
  while (!job.seen.some((p) => p.phase.startsWith('cv'))) await new Promise((r) => setTimeout(r, 10));
  const t0 = performance.now();
  abort.abort();
  await assert.rejects(running, CancelledError);
  const seconds = (performance.now() - t0) / 1000;
  assert.ok(seconds < 2, `stopped ${seconds.toFixed(2)} s after the abort`);
  assert.deepEqual(await ws.task('topics'), before);
  assert.deepEqual(await ws.audit('topics'), audit);
  await assert.rejects(threads.run({ op: 'fit', dataset: data(6, 'x'), options: fit }, context(abort.signal)), CancelledError, 'an aborted signal starts nothing');
  const next = await threads.run({ op: 'fit', dataset: data(12, 'd'), options: { ...fit, strategy: 'centroid' } }, context()) as CallResults['fit'];
  assert.equal(next.version, 2);
});
