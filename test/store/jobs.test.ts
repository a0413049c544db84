import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { JobStore, jobOwner, openMemoryDb } from '../../src/store/index.js';
import { clock } from './fixtures.js';

test('a job goes queued → running → ended once; progress is kept while it runs', () => {
  const jobs = new JobStore(openMemoryDb(), { now: clock() });
  const j = jobs.create({ kind: 'fit', task: 'spam' });
  assert.deepEqual([j.state, j.task, j.progress, j.startedAt], ['queued', 'spam', null, null]);
  jobs.start(j.id);
  jobs.progress(j.id, { phase: 'embed', done: 5, total: 10, unit: 'texts' });
  assert.deepEqual(jobs.get(j.id).progress, { phase: 'embed', done: 5, total: 10, unit: 'texts' });
  const done = jobs.finish(j.id, 'succeeded', { result: { version: 3 } });
  assert.deepEqual([done.state, done.result], ['succeeded', { version: 3 }]);
  assert.ok(done.finishedAt);
  // the first ending stands
  assert.equal(jobs.finish(j.id, 'cancelled').state, 'succeeded');
  jobs.progress(j.id, { phase: 'late', done: 1, total: 1 });
  assert.equal(jobs.get(j.id).progress!.phase, 'embed');
  assert.throws(() => jobs.get('job_nope'), /No job "job_nope"/);
});

test('unfinished jobs of a dead owner on this host read as interrupted; a live owner\'s and another host\'s are left', () => {
  const db = openMemoryDb();
  const mine = new JobStore(db);
  const dead = new JobStore(db, { owner: `${hostname()}:999999:abcd` });
  const alive = new JobStore(db, { owner: `${hostname()}:1:abcd` });
  const elsewhere = new JobStore(db, { owner: 'other-host:999999:abcd' });
  const restarted = new JobStore(db, { owner: `${hostname()}:${process.pid}:0000` }); // this pid, another instance
  const d = dead.create({ kind: 'fit' });
  dead.start(d.id);
  const q = dead.create({ kind: 'evaluation' });
  const a = alive.create({ kind: 'fit' });
  const e = elsewhere.create({ kind: 'fit' });
  const r = restarted.create({ kind: 'fit' });
  const m = mine.create({ kind: 'fit' });
  const swept = mine.sweepInterrupted((pid) => pid === 1);
  assert.deepEqual(swept.sort(), [d.id, q.id, r.id].sort());
  for (const id of swept) {
    const j = mine.get(id);
    assert.equal(j.state, 'interrupted');
    assert.equal(j.error!.code, 'interrupted');
  }
  for (const id of [a.id, e.id, m.id]) assert.equal(mine.get(id).state, 'queued');
  assert.match(jobOwner(), new RegExp(`^${hostname()}:${process.pid}:[0-9a-f]{8}$`));
});

test('list: newest first, by state and task', () => {
  const jobs = new JobStore(openMemoryDb(), { now: clock() });
  const a = jobs.create({ kind: 'fit', task: 'a' });
  const b = jobs.create({ kind: 'fit', task: 'b' });
  jobs.finish(a.id, 'cancelled');
  assert.deepEqual(jobs.list().map((j) => j.id), [b.id, a.id]);
  assert.deepEqual(jobs.list({ state: 'cancelled' }).map((j) => j.id), [a.id]);
  assert.deepEqual(jobs.list({ task: 'b' }).map((j) => j.id), [b.id]);
  assert.deepEqual(jobs.list({ limit: 1 }).map((j) => j.id), [b.id]);
});
