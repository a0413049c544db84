import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, throwIfAborted } from '../../src/core/index.js';
import { JobQueueFullError, JobRunner } from '../../src/jobs/index.js';
import type { JobContext } from '../../src/jobs/index.js';
import { JobStore, openMemoryDb } from '../../src/store/index.js';
import type { Job } from '../../src/store/index.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** Work that runs until released (or aborted), reporting progress every few ms. */
function controlled() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  let started = false;
  const work = async ({ signal, onProgress }: JobContext) => {
    started = true;
    for (let i = 0; ; i++) {
      throwIfAborted(signal);
      onProgress({ phase: 'step', done: i, total: 1000 });
      const r = await Promise.race([done.then(() => 'done'), tick(2)]);
      if (r === 'done') return { steps: i };
    }
  };
  return { work, release, started: () => started };
}

test('jobs run one at a time by default, record progress, and end with their result', async () => {
  const store = new JobStore(openMemoryDb());
  const runner = new JobRunner(store, { progressIntervalMs: 0 });
  const a = controlled();
  const b = controlled();
  const ja = runner.submit({ kind: 'fit', task: 't' }, a.work);
  const jb = runner.submit({ kind: 'fit', task: 't' }, b.work);
  assert.equal(ja.state, 'queued');
  const seen: Job[] = [];
  runner.subscribe(ja.id, (j) => seen.push(j));
  while (!a.started()) await tick();
  await tick(20);
  assert.equal(b.started(), false, 'the second waits for the first');
  assert.equal(store.get(ja.id).state, 'running');
  assert.equal(store.get(ja.id).progress!.phase, 'step');
  assert.equal(runner.active, 2);
  a.release();
  const done = await runner.settled(ja.id);
  assert.equal(done.state, 'succeeded');
  assert.deepEqual(Object.keys(done.result as object), ['steps']);
  assert.ok(seen.some((j) => j.progress !== null) && seen.at(-1)!.state === 'succeeded');
  while (!b.started()) await tick();
  b.release();
  assert.equal((await runner.settled(jb.id)).state, 'succeeded');
  assert.equal(runner.active, 0);
});

test('cancel: a queued job at once, a running one once it has stopped; a job that ends first keeps its ending', async () => {
  const runner = new JobRunner(new JobStore(openMemoryDb()));
  const a = controlled();
  const ja = runner.submit({ kind: 'fit' }, a.work);
  const jb = runner.submit({ kind: 'fit' }, controlled().work);
  assert.equal((await runner.cancel(jb.id)).state, 'cancelled');
  while (!a.started()) await tick();
  const c = await runner.cancel(ja.id);
  assert.deepEqual([c.state, c.error!.code], ['cancelled', 'cancelled']);
  // work that does not look at its signal and finishes: it succeeded
  const stubborn = runner.submit({ kind: 'fit' }, async () => { await tick(30); return { ok: true }; });
  await tick(5);
  assert.equal((await runner.cancel(stubborn.id)).state, 'succeeded');
  assert.equal((await runner.cancel(stubborn.id)).state, 'succeeded');
});

test('failures: a GraftError keeps its code and issues; anything else is hidden and reported', async () => {
  const errors: unknown[] = [];
  const runner = new JobRunner(new JobStore(openMemoryDb()), { onError: (_j, e) => errors.push(e) });
  const bad = runner.submit({ kind: 'fit' }, async () => { throw new DataError([{ code: 'x', path: 'rows:2', message: 'is empty' }]); });
  const e1 = (await runner.settled(bad.id)).error!;
  assert.deepEqual([e1.code, e1.issues], ['data_invalid', [{ code: 'x', path: 'rows:2', message: 'is empty' }]]);
  assert.equal(errors.length, 0);
  const bug = runner.submit({ kind: 'fit' }, async () => { throw new TypeError('secret internals'); });
  const e2 = (await runner.settled(bug.id)).error!;
  assert.equal(e2.code, 'internal');
  assert.ok(!e2.message.includes('secret'));
  assert.equal(errors.length, 1);
});

test('a full queue refuses with 429; close lets running jobs finish within the grace, stops the rest as interrupted', async () => {
  const runner = new JobRunner(new JobStore(openMemoryDb()), { maxQueued: 1 });
  const quick = runner.submit({ kind: 'fit' }, async () => { await tick(20); return 1; });
  const waiting = runner.submit({ kind: 'fit' }, async () => 2);
  assert.throws(() => runner.submit({ kind: 'fit' }, async () => 3), (e: unknown) => e instanceof JobQueueFullError && e.status === 429);
  await runner.close(1000);
  assert.equal((await runner.settled(quick.id)).state, 'succeeded');
  assert.equal((await runner.settled(waiting.id)).state, 'interrupted');
  assert.throws(() => runner.submit({ kind: 'fit' }, async () => 4), /shutting down/);

  const slow = new JobRunner(new JobStore(openMemoryDb()));
  const c = controlled();
  const j = slow.submit({ kind: 'fit' }, c.work);
  while (!c.started()) await tick();
  await slow.close(20);
  const ended = await slow.settled(j.id);
  assert.deepEqual([ended.state, ended.error!.code], ['interrupted', 'interrupted']);
});
