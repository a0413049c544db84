/**
 * Renaming and deleting a task over HTTP: the routes answer what the Workspace did, a task with
 * a job still open is refused (409) rather than changed under the job, and a deleted task is no
 * longer predicted from the server's cache of restored heads.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditSchema, DeleteTaskSchema, PredictResultSchema, RenameSchema, TaskListSchema } from '../../src/serve/schemas.js';
import { JobStore, openDb } from '../../src/store/index.js';
import { body, failure, serverFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await serverFixture();
});
after(() => f.close());

const post = (url: string, payload: unknown) => f.app.inject({ method: 'POST', url, payload: payload as object });
const del = (url: string) => f.app.inject({ method: 'DELETE', url });
const get = (url: string) => f.app.inject({ method: 'GET', url });

test('POST /v1/tasks/{task}/rename: the task answers under its new name, its audit log follows', async () => {
  body(await post('/v1/tasks/sports/predict', { texts: ['rain'] }), PredictResultSchema);
  const r = body(await post('/v1/tasks/sports/rename', { to: 'games' }), RenameSchema);
  assert.deepEqual([r.from, r.to], ['sports', 'games']);
  assert.equal(body(await post('/v1/tasks/games/predict', { texts: ['rain'] }), PredictResultSchema).task, 'games');
  failure(await post('/v1/tasks/sports/predict', { texts: ['rain'] }), 404, 'no_task');
  const audit = body(await get('/v1/tasks/games/audit'), AuditSchema);
  assert.deepEqual(audit.entries.map((e) => e.action), ['fit', 'rename']);

  failure(await post('/v1/tasks/games/rename', { to: 'topics' }), 400, 'task_exists');
  failure(await post('/v1/tasks/nope/rename', { to: 'other' }), 404, 'no_task');
  failure(await post('/v1/tasks/games/rename', { to: 'Not A Name' }), 400, 'bad_request');
  failure(await post('/v1/tasks/games/rename', {}), 400, 'bad_request');
});

test('DELETE /v1/tasks/{task}: gone from the list and from predict at once, the audit log keeps a record', async () => {
  body(await post('/v1/tasks/games/predict', { texts: ['rain'] }), PredictResultSchema); // its head is now in the server's cache
  const d = body(await del('/v1/tasks/games'), DeleteTaskSchema);
  assert.deepEqual([d.task, d.versions, d.examples], ['games', 1, 30]);
  failure(await post('/v1/tasks/games/predict', { texts: ['rain'] }), 404, 'no_task');
  assert.deepEqual(body(await get('/v1/tasks'), TaskListSchema).tasks.map((t) => t.name), ['topics']);
  assert.deepEqual(body(await get('/v1/tasks/games/audit'), AuditSchema).entries.map((e) => e.action), ['fit', 'rename', 'delete']);
  failure(await del('/v1/tasks/games'), 404, 'no_task');
  failure(await del('/v1/tasks/Bad%20Name'), 400, 'bad_request');
});

test('a task with a job still open is neither renamed nor deleted (409 naming the job); once it ends, it may be', async () => {
  // A job another server on the same store has queued: in the store only, so it stays open until told.
  const db = openDb(f.home);
  try {
    const jobs = new JobStore(db);
    const job = jobs.create({ kind: 'fit', task: 'topics' });
    const busy = await del('/v1/tasks/topics');
    failure(busy, 409, 'task_busy');
    assert.match((busy.json() as { error: { message: string } }).error.message, new RegExp(`fit job queued \\(${job.id}\\)`));
    failure(await post('/v1/tasks/topics/rename', { to: 'weather' }), 409, 'task_busy');
    jobs.start(job.id);
    failure(await del('/v1/tasks/topics'), 409, 'task_busy');
    jobs.finish(job.id, 'cancelled');
  } finally {
    db.close();
  }
  body(await del('/v1/tasks/topics'), DeleteTaskSchema);
  assert.deepEqual(body(await get('/v1/tasks'), TaskListSchema).tasks, []);
});
