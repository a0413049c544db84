/**
 * kill -9 during a fit, on a real `graft serve` process: after a restart the job reads as
 * interrupted, the version that was live still serves, and nothing of the fit was written.
 * Then SIGTERM with a job running: the job ends as interrupted and the process exits 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFromExamples } from '../../src/data/index.js';
import { openDb } from '../../src/store/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { topicExamples, topicRows } from './fixture.js';
import { request, serveProcess, storeRows } from './process.js';
import type { ServerProcess } from './process.js';

/** Starts a fit long enough to be killed mid-way and waits until it reports progress. */
async function runningFit(s: ServerProcess): Promise<string> {
  const rows = topicRows(1000, 'long');
  const job = await request(s, 'POST', '/v1/tasks/topics/fit', { rows, strategy: 'mlp', backbone: 'hashing', folds: 10 });
  assert.equal(job.status, 202, JSON.stringify(job.json));
  for (;;) {
    const j = await request(s, 'GET', `/v1/jobs/${job.json.id}`);
    assert.ok(['queued', 'running'].includes(j.json.state), `the fit ended early: ${JSON.stringify(j.json)}`);
    if (j.json.state === 'running' && j.json.progress !== null) return job.json.id;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('kill -9 during a fit job, then restart: interrupted, the old version serves, nothing half-written', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-kill-'));
  const ws = openWorkspace(home);
  await ws.fit(datasetFromExamples(topicExamples(10), { source: 'toy' }), { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
  await ws.close();
  const before = storeRows(home);

  const first = await serveProcess(home);
  let second: ServerProcess | undefined;
  try {
    const id = await runningFit(first);
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');
    assert.deepEqual(storeRows(home), before, 'nothing of the fit reached the store');

    second = await serveProcess(home, ['--grace', '0']);
    const job = await request(second, 'GET', `/v1/jobs/${id}`);
    assert.equal(job.json.state, 'interrupted');
    assert.equal(job.json.error.code, 'interrupted');
    const p = await request(second, 'POST', '/v1/tasks/topics/predict', { texts: ['rain and storm today'] });
    assert.equal(p.status, 200);
    assert.equal(p.json.version, 1);

    // SIGTERM while a job runs (no grace): the job ends as interrupted, the process exits 0
    const running = await runningFit(second);
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.output().stderr);
    assert.match(second.output().stderr, /stopped\./);
    const db = openDb(home);
    const state = db.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(running);
    db.close();
    assert.equal(state, 'interrupted');
    assert.deepEqual(storeRows(home), before);
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    if (second && second.child.exitCode === null && second.child.signalCode === null) second.child.kill('SIGKILL');
  }
});
