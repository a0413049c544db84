/**
 * A workspace for the dashboard's view tests, made through the library before the server
 * starts: the task `tickets` (two versions) from the committed file and two bake-off runs of
 * it; then an advice asked of the running server (`POST /v1/advice`, as a user's client
 * would), so the advice view is checked on what the real advise path saves.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { DATA } from './harness.js';
import type { Dashboard } from './harness.js';

export async function prepareWorkspace(home: string): Promise<{ runs: string[] }> {
  const ws = openWorkspace({ home });
  try {
    const ds = await loadDataset(join(DATA, 'tickets.csv'));
    await ws.fit(ds, { task: 'tickets', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 3 });
    await ws.fit(ds, { task: 'tickets', strategy: 'knn', backbone: 'hashing', seed: 1, folds: 3 });
    // knn and centroid: the quick strategies (logistic's inner search takes minutes on a busy machine)
    const a = await ws.bakeoff(ds, { backbones: ['hashing'], strategies: ['knn', 'centroid'], seed: 1, seeds: 3 });
    const b = await ws.bakeoff(ds, { backbones: ['hashing'], strategies: ['knn', 'centroid'], seed: 2, seeds: 3 });
    return { runs: [a.runId, b.runId] };
  } finally {
    await ws.close();
  }
}

/** The ids a succeeded advice job gives: the advice run and the bake-off run it measured. */
export interface AdviceMade { runId: string; bakeoffRunId: string }

/**
 * Asks the server whether to fine-tune on the committed tickets file (hashing, the quick
 * strategies, a 90% target so the plot has its target line) and waits for the job to succeed.
 */
export async function adviseThroughServer(d: Dashboard, timeoutMs = 240_000): Promise<AdviceMade> {
  const ds = await loadDataset(join(DATA, 'tickets.csv'));
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${d.url}${path}`, {
      method, headers: { authorization: `Bearer ${d.keys.train}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = await res.json();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const job = await call('POST', '/v1/advice', {
    name: 'tickets', rows: ds.examples.map((e) => ({ text: e.text, label: e.label })),
    backbones: ['hashing'], strategies: ['knn', 'centroid'], seed: 1, quick: true, targetAccuracy: 0.9,
  });
  const t0 = performance.now();
  for (;;) {
    const j = await call('GET', `/v1/jobs/${job.id}`);
    if (j.state === 'succeeded') return { runId: j.result.runId, bakeoffRunId: j.result.bakeoffRunId };
    assert.ok(['queued', 'running'].includes(j.state), `the advice job: ${JSON.stringify(j)}`);
    assert.ok(performance.now() - t0 < timeoutMs, `the advice job still ${j.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
