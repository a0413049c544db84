/**
 * `POST /v1/advice`: the advice as a job (JSON rows or an upload), saved as a run of kind
 * `advise` that `GET /v1/runs` lists and `GET /v1/runs/{id}/report` shows; bad options are a 400
 * before any job exists.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdvice } from '../../src/advisor/index.js';
import { JobListSchema, JobSchema, RunListSchema, RunSchema } from '../../src/serve/schemas.js';
import { body, csv, failure, multipart, serverFixture, settled, topicRows } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await serverFixture({ tasks: false });
});
after(() => f.close());

const OPTIONS = { backbones: ['hashing'], strategies: ['centroid'], quick: true, targetAccuracy: 0.99, budgetUsd: 5 };

test('POST /v1/advice: 202 and a job whose result names the saved advice, its decision and its report', async () => {
  const res = await f.app.inject({ method: 'POST', url: '/v1/advice', payload: { rows: topicRows(40, 'advice'), name: 'topics', ...OPTIONS } });
  const job = body(res, JobSchema, 202);
  assert.equal(res.headers.location, `/v1/jobs/${job.id}`);
  assert.deepEqual([job.kind, job.task], ['advice', null]);
  const done = await settled(f.app, job.id);
  assert.equal(done.state, 'succeeded', JSON.stringify(done.error));
  const r = done.result as { runId: string; reusedFrom: string | null; bakeoffRunId: string; decision: { action: string; headline: string }; report: string };
  assert.equal(r.reusedFrom, null);
  const run = body(await f.app.inject({ method: 'GET', url: `/v1/runs/${r.runId}` }), RunSchema);
  assert.equal(run.kind, 'advise');
  const advice = parseAdvice(run.result);
  assert.equal(advice.dataset.name, 'topics');
  assert.equal(advice.dataset.rows, 120);
  assert.equal(advice.settings.constraints.targetAccuracy, 0.99);
  assert.equal(advice.settings.constraints.budgetUsd, 5);
  assert.deepEqual(r.decision, { action: advice.decision.action, headline: advice.decision.headline });
  assert.equal(r.bakeoffRunId, advice.alternatives.bakeoffRunId);
  assert.deepEqual(body(await f.app.inject({ method: 'GET', url: '/v1/runs?kind=advise' }), RunListSchema).runs.map((x) => x.id), [r.runId]);
  const page = await f.app.inject({ method: 'GET', url: r.report });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  assert.match(page.body, /<section id="advice">/);
  assert.match(page.body, new RegExp(r.runId));

  // the same data as an upload (options as fields; topics.csv names it topics) is the same advice: reused
  const up = multipart({ backbones: 'hashing', strategies: 'centroid', quick: 'true', targetAccuracy: '0.99', budgetUsd: '5' }, { name: 'topics.csv', content: csv(topicRows(40, 'advice')) });
  const again = await settled(f.app, body(await f.app.inject({ method: 'POST', url: '/v1/advice', ...up }), JobSchema, 202).id);
  assert.equal(again.state, 'succeeded', JSON.stringify(again.error));
  assert.equal((again.result as { reusedFrom: string | null }).reusedFrom, r.runId);
});

test('POST /v1/advice: bad options and bad data are a 400 before any job', async () => {
  const jobs = async () => body(await f.app.inject({ method: 'GET', url: '/v1/jobs' }), JobListSchema).jobs.length;
  const before = await jobs();
  for (const bad of [{ targetAccuracy: 90 }, { targetAccuracy: 0 }, { budgetUsd: -1 }, { latencyMs: 0 }, { speed: 'fast' }]) {
    failure(await f.app.inject({ method: 'POST', url: '/v1/advice', payload: { rows: topicRows(10), ...bad } }), 400);
  }
  failure(await f.app.inject({ method: 'POST', url: '/v1/advice', payload: { rows: [] } }), 400);
  assert.equal(await jobs(), before);
});
