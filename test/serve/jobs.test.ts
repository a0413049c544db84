/**
 * Fits and evaluations as jobs: validated data in, `202` and a job out; the job's state,
 * progress (also as server-sent events) and result; runs and the HTML report; cancelling.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetFromExamples } from '../../src/data/index.js';
import { JobListSchema, JobSchema, RunListSchema, RunSchema, PredictResultSchema } from '../../src/serve/schemas.js';
import { body, csv, failure, multipart, serverFixture, settled, topicExamples, topicRows } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await serverFixture({ limits: { uploadBytes: 64 * 1024 } });
});
after(() => f.close());

const post = (url: string, payload: unknown) => f.app.inject({ method: 'POST', url, payload: payload as object });

test('POST /v1/tasks/{task}/fit with JSON rows: 202, then a new live version', async () => {
  const res = await post('/v1/tasks/topics/fit', { rows: topicRows(10, 'json'), strategy: 'centroid', backbone: 'hashing', folds: 3 });
  const job = body(res, JobSchema, 202);
  assert.equal(res.headers.location, `/v1/jobs/${job.id}`);
  assert.deepEqual([job.kind, job.task, job.state], ['fit', 'topics', 'queued']);
  const done = await settled(f.app, job.id);
  assert.equal(done.state, 'succeeded', JSON.stringify(done.error));
  const result = done.result as { version: number; examples: number; metrics: { accuracy: number } };
  assert.equal(result.version, 3);
  assert.equal(result.examples, 30);
  assert.ok(result.metrics.accuracy > 0.5);
  assert.equal(body(await post('/v1/tasks/topics/predict', { texts: ['rain'] }), PredictResultSchema).version, 3);
});

test('fit with a CSV upload: ids and error paths name the uploaded file', async () => {
  const up = multipart({ strategy: 'centroid', backbone: 'hashing', folds: '0' }, { name: 'toy.csv', content: csv(topicRows(5, 'upload')) });
  const job = body(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...up }), JobSchema, 202);
  const done = await settled(f.app, job.id);
  assert.equal(done.state, 'succeeded', JSON.stringify(done.error));
  assert.equal((done.result as { examples: number }).examples, 15);
  // bad data: the 4th line has no label; answered at once, with the file's name, line and column
  const bad = csv(topicRows(5, 'bad')).split('\n');
  bad[3] = '"storm and rain",';
  const e = failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...multipart({}, { name: 'toy.csv', content: bad.join('\n') }) }), 400, 'data_invalid');
  assert.ok(e.issues!.some((i) => i.path.startsWith('toy.csv:4')), JSON.stringify(e.issues));
  assert.ok(!e.message.includes('graft-upload-'), 'the server\'s temporary path is not shown');
  failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...multipart({}, { name: 'toy.txt', content: 'a,b' }) }), 400, 'data_invalid');
  failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...multipart({ folds: '0' }) }), 400, 'no_data');
  failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...multipart({ folds: 'many' }, { name: 'toy.csv', content: csv(topicRows(5)) }) }), 400, 'bad_request');
  failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...multipart({ colour: 'red' }, { name: 'toy.csv', content: csv(topicRows(5)) }) }), 400, 'bad_request');
  const big = csv(Array.from({ length: 2000 }, (_, i) => ({ text: `a long enough line of text number ${i}`, label: i % 2 ? 'a' : 'b' })));
  failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/uploaded/fit', ...multipart({}, { name: 'big.csv', content: big }) }), 413, 'upload_too_large');
});

test('fit: bad JSON rows are a 400 naming the row; no job is made', async () => {
  const before = body(await f.app.inject({ method: 'GET', url: '/v1/jobs' }), JobListSchema).jobs.length;
  const oneClass = failure(await post('/v1/tasks/topics/fit', { rows: [{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }], folds: 0 }), 400, 'data_invalid');
  assert.equal(oneClass.issues![0]!.code, 'single_class');
  const empty = failure(await post('/v1/tasks/topics/fit', { rows: [{ text: 'rain', label: 'a' }, { text: '  ', label: 'b' }], folds: 0 }), 400, 'data_invalid');
  assert.equal(empty.issues![0]!.path, 'rows:2');
  failure(await post('/v1/tasks/topics/fit', { rows: [{ label: 'a' }] }), 400, 'bad_request');
  failure(await post('/v1/tasks/topics/fit', { rows: topicRows(5), folds: 1 }), 400, 'bad_request');
  failure(await post('/v1/tasks/topics/fit', { rows: topicRows(5), privacy: 'shout' }), 400, 'bad_request');
  failure(await post('/v1/tasks/Topics!/fit', { rows: topicRows(5) }), 400, 'bad_request');
  failure(await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/fit' }), 400, 'no_data');
  assert.equal(body(await f.app.inject({ method: 'GET', url: '/v1/jobs' }), JobListSchema).jobs.length, before);
});

test('a fit that fails in the job (labels that do not match the task) reads as failed with the reason', async () => {
  const rows = topicRows(5, 'other').map((r) => ({ ...r, label: r.label === 'weather' ? 'climate' : r.label }));
  const job = body(await post('/v1/tasks/topics/fit', { rows, backbone: 'hashing', folds: 0 }), JobSchema, 202);
  const done = await settled(f.app, job.id);
  assert.equal(done.state, 'failed');
  assert.equal((done.error as { code: string }).code, 'task_mismatch');
});

test('GET /v1/jobs/{id}/events: the job now, then each change, ending with the job\'s end', async () => {
  // Followed while it waits behind another fit (one job runs at a time), so no change is missed.
  const first = body(await post('/v1/tasks/events/fit', { rows: topicRows(10, 'first'), strategy: 'centroid', backbone: 'hashing', folds: 0 }), JobSchema, 202);
  const job = body(await post('/v1/tasks/events/fit', { rows: topicRows(10, 'sse'), strategy: 'centroid', backbone: 'hashing', folds: 3 }), JobSchema, 202);
  const res = await f.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}/events` });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/event-stream/);
  const events = res.body.split('\n\n').filter((b) => b.includes('data: ')).map((b) => {
    assert.match(b, /^id: \d+\nevent: job\n/);
    return JobSchema.parse(JSON.parse(b.slice(b.indexOf('data: ') + 6)));
  });
  assert.equal(events[0]!.state, 'queued');
  assert.equal((await settled(f.app, first.id)).state, 'succeeded');
  assert.ok(events.length >= 3, `${events.length} events`);
  assert.equal(events.at(-1)!.state, 'succeeded');
  const progress = events.filter((e) => e.progress !== null && e.state === 'running');
  assert.ok(progress.some((e) => e.progress!.phase.startsWith('embed')), 'embedding progress');
  assert.ok(progress.some((e) => e.progress!.phase.startsWith('cv')), 'cross-validation progress');
  // a job that has ended gives one event and the end of the stream
  const again = await f.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}/events` });
  assert.equal(again.body.split('\n\n').filter((b) => b.includes('data: ')).length, 1);
  failure(await f.app.inject({ method: 'GET', url: '/v1/jobs/job_0000000000000000/events' }), 404, 'unknown_job');
});

test('evaluations: a quick leaderboard and a bake-off, saved as runs with an HTML report', async () => {
  const quick = body(await post('/v1/evaluations', { rows: topicRows(10, 'eval'), mode: 'quick', backbones: ['hashing'], strategies: ['centroid', 'knn'], folds: 3 }), JobSchema, 202);
  assert.equal(quick.task, null);
  const q = await settled(f.app, quick.id);
  assert.equal(q.state, 'succeeded', JSON.stringify(q.error));
  const qr = q.result as { runId: string; rows: { strategy: string; accuracy: number }[] };
  assert.deepEqual(qr.rows.map((r) => r.strategy).sort(), ['centroid', 'knn']);
  const run = body(await f.app.inject({ method: 'GET', url: `/v1/runs/${qr.runId}` }), RunSchema);
  assert.equal(run.kind, 'evaluate');
  failure(await f.app.inject({ method: 'GET', url: `/v1/runs/${qr.runId}/report` }), 409, 'no_report');

  const up = multipart({ backbones: 'hashing', strategies: 'centroid', folds: '3' }, { name: 'topics.csv', content: csv(topicRows(10, 'bake')) });
  const bake = body(await f.app.inject({ method: 'POST', url: '/v1/evaluations', ...up }), JobSchema, 202);
  const b = await settled(f.app, bake.id);
  assert.equal(b.state, 'succeeded', JSON.stringify(b.error));
  const br = b.result as { runId: string; report: string };
  const report = await f.app.inject({ method: 'GET', url: br.report });
  assert.equal(report.statusCode, 200);
  assert.match(report.headers['content-type'] as string, /^text\/html/);
  assert.match(report.headers['content-security-policy'] as string, /default-src 'none'/);
  assert.match(report.body, new RegExp(br.runId));
  const runs = body(await f.app.inject({ method: 'GET', url: '/v1/runs' }), RunListSchema).runs;
  assert.deepEqual(runs.map((r) => r.id).sort(), [qr.runId, br.runId].sort());
  assert.deepEqual(body(await f.app.inject({ method: 'GET', url: '/v1/runs?kind=bakeoff' }), RunListSchema).runs.map((r) => r.id), [br.runId]);
  failure(await f.app.inject({ method: 'GET', url: '/v1/runs/nope' }), 404);
  failure(await f.app.inject({ method: 'GET', url: '/v1/runs/nope/report' }), 404);
  failure(await f.app.inject({ method: 'GET', url: '/v1/runs?limit=0' }), 400, 'bad_request');
  failure(await post('/v1/evaluations', { rows: topicRows(10), mode: 'slow' }), 400, 'bad_request');
});

/** Everything a fit or a cancelled fit could change, read through the Workspace. */
async function storeState() {
  const tasks = await f.ws.tasks();
  const detail = await Promise.all(tasks.map(async (t) => ({ task: await f.ws.task(t.name), audit: await f.ws.audit(t.name) })));
  return { tasks, detail, runs: await f.ws.runs() };
}

test('DELETE /v1/jobs/{id}: a queued and a running job stop, and the store is as before', async () => {
  const before = await storeState();
  // a fit big enough to be running when the cancel comes, and one queued behind it
  const big = datasetFromExamples(topicExamples(200, 'big'), { source: 'big' }).examples.map((e) => ({ text: e.text, label: e.label }));
  const running = body(await post('/v1/tasks/topics/fit', { rows: big, strategy: 'mlp', backbone: 'hashing', folds: 10 }), JobSchema, 202);
  const queued = body(await post('/v1/tasks/sports/fit', { rows: topicRows(10, 'queued'), backbone: 'hashing', folds: 0 }), JobSchema, 202);
  const q = body(await f.app.inject({ method: 'DELETE', url: `/v1/jobs/${queued.id}` }), JobSchema);
  assert.equal(q.state, 'cancelled');
  for (let i = 0; ; i++) {
    const j = body(await f.app.inject({ method: 'GET', url: `/v1/jobs/${running.id}` }), JobSchema);
    if (j.state === 'running' && j.progress !== null) break;
    assert.ok(i < 2000, 'the big fit starts');
    await new Promise((r) => setTimeout(r, 10));
  }
  const r = body(await f.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}` }), JobSchema);
  assert.equal(r.state, 'cancelled');
  assert.equal(r.error!.code, 'cancelled');
  assert.deepEqual(await storeState(), before);
  failure(await f.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}` }), 409, 'job_ended');
  failure(await f.app.inject({ method: 'DELETE', url: '/v1/jobs/job_0000000000000000' }), 404, 'unknown_job');
  const list = body(await f.app.inject({ method: 'GET', url: '/v1/jobs?state=cancelled' }), JobListSchema);
  assert.deepEqual(list.jobs.map((j) => j.id).sort(), [queued.id, running.id].sort());
  failure(await f.app.inject({ method: 'GET', url: '/v1/jobs?state=lost' }), 400, 'bad_request');
});
