/**
 * Cancel is prompt and the server keeps answering while a fit computes, on a real `graft serve`:
 * the mlp fit runs in a job thread, so /healthz and predict answer during it, DELETE
 * /v1/jobs/{id} stops it within a second or so whatever the head is doing (an mlp fit of 3,000
 * rows takes minutes on this thread and checks no message), and the store is as before. The
 * next job gets a fresh thread and succeeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { topicExamples, topicRows } from './fixture.js';
import { request, serveProcess, storeRows } from './process.js';
import type { ServerProcess } from './process.js';

/**
 * Seconds a request takes, and its answer; one not answered in 30 s fails the test (a fit on
 * the server's thread holds every request for minutes).
 */
async function timed(s: ServerProcess, method: string, path: string, payload?: unknown): Promise<{ seconds: number; status: number; json: any }> {
  const t0 = performance.now();
  const r = await request(s, method, path, payload, 30_000);
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

const slowest = (xs: number[]): number => Math.max(...xs);

test('DELETE /v1/jobs/{id} stops a running mlp fit within seconds, the server answers during it, and nothing is kept', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cancel-'));
  const ws = openWorkspace(home);
  await ws.fit(datasetFromExamples(topicExamples(10), { source: 'toy' }), { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
  await ws.close();
  const before = storeRows(home);
  const s = await serveProcess(home);
  try {
    const quiet: number[] = [];
    const quietPredicts: number[] = [];
    await request(s, 'POST', '/v1/tasks/topics/predict', { texts: ['warm the head up'] });
    for (let i = 0; i < 5; i++) {
      quiet.push((await timed(s, 'GET', '/healthz')).seconds);
      quietPredicts.push((await timed(s, 'POST', '/v1/tasks/topics/predict', { texts: ['rain and storm today'] })).seconds);
    }
    const t0 = performance.now();

    const job = await request(s, 'POST', '/v1/tasks/topics/fit', { rows: topicRows(1000, 'long'), strategy: 'mlp', backbone: 'hashing', folds: 10 });
    assert.equal(job.status, 202, JSON.stringify(job.json));
    for (let i = 0; ; i++) {
      const j = await timed(s, 'GET', `/v1/jobs/${job.json.id}`);
      assert.ok(['queued', 'running'].includes(j.json.state), `the fit ended early: ${JSON.stringify(j.json)}`);
      if (j.json.state === 'running' && j.json.progress?.phase?.startsWith('cv')) break;
      assert.ok(i < 6000, 'the fit reaches its folds');
      await new Promise((r) => setTimeout(r, 20));
    }
    // While the folds compute: health checks and predictions are answered.
    const busy: number[] = [];
    const predicts: number[] = [];
    for (let i = 0; i < 5; i++) {
      busy.push((await timed(s, 'GET', '/healthz')).seconds);
      const p = await timed(s, 'POST', '/v1/tasks/topics/predict', { texts: ['rain and storm today'] });
      assert.equal(p.status, 200, JSON.stringify(p.json));
      assert.equal(p.json.version, 1);
      predicts.push(p.seconds);
      await new Promise((r) => setTimeout(r, 100));
    }
    const still = await request(s, 'GET', `/v1/jobs/${job.json.id}`);
    assert.equal(still.json.state, 'running', 'the fit was still computing while those were answered');

    const cancel = await timed(s, 'DELETE', `/v1/jobs/${job.json.id}`);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.json));
    assert.equal(cancel.json.state, 'cancelled');
    assert.equal((await request(s, 'GET', `/v1/jobs/${job.json.id}`)).json.state, 'cancelled');
    // On a quiet machine these are milliseconds; the bounds leave room for a loaded CI runner
    // and still fail when the fit holds the server's thread (minutes).
    assert.ok(cancel.seconds < 3, `the cancel took ${cancel.seconds.toFixed(2)} s`);
    assert.ok(slowest(busy) < 3 && slowest(predicts) < 3, `during the fit: /healthz ${busy.map((x) => x.toFixed(3))} s, predict ${predicts.map((x) => x.toFixed(3))} s`);
    process.stdout.write(`# before the fit: /healthz max ${slowest(quiet).toFixed(3)} s, predict max ${slowest(quietPredicts).toFixed(3)} s; `
      + `during it (${((performance.now() - t0) / 1000).toFixed(1)} s in): /healthz max ${slowest(busy).toFixed(3)} s, predict max ${slowest(predicts).toFixed(3)} s; cancel ${cancel.seconds.toFixed(3)} s\n`);
    assert.deepEqual(storeRows(home), before, 'nothing of the cancelled fit reached the store');

    // The next job runs on a fresh thread and its version goes live.
    const next = await request(s, 'POST', '/v1/tasks/topics/fit', { rows: topicRows(10, 'after'), strategy: 'centroid', backbone: 'hashing', folds: 0 });
    for (let i = 0; ; i++) {
      const j = await request(s, 'GET', `/v1/jobs/${next.json.id}`);
      if (j.json.state === 'succeeded') break;
      assert.ok(['queued', 'running'].includes(j.json.state) && i < 3000, JSON.stringify(j.json));
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await request(s, 'POST', '/v1/tasks/topics/predict', { texts: ['rain'] })).json.version, 2);
  } finally {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  }
});
