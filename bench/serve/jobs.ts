/**
 * bench/serve/jobs: what a running fit job costs the server's other requests, and how long a
 * cancel takes, with jobs on the server's own thread (`createServer` without `jobs.thread`, as
 * `graft serve` ran them before) and in a job thread (as it runs them now), side by side in one
 * run. Each mode: a fresh store with a small task, an mlp fit job of `--rows` rows per label
 * (3 labels, 512-d hashing vectors, 5 folds), then /healthz and a predict every 100 ms for `--seconds`, then
 * `DELETE /v1/jobs/{id}`.
 *
 *   npx tsx bench/serve/jobs.ts                          # 1,000 rows per label, 10 s
 *   npx tsx bench/serve/jobs.ts --rows 100 --seconds 3   # a check that it runs
 *
 * Printed only (the lead times it on a quiet machine).
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { createServer } from '../../src/serve/index.js';
import type { GraftServer } from '../../src/serve/index.js';
import { topicExamples, topicRows } from '../../test/serve/fixture.js';

const { values } = parseArgs({ options: { rows: { type: 'string' }, seconds: { type: 'string' } } });
const ROWS = Number(values.rows ?? 1000);
const SECONDS = Number(values.seconds ?? 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row { mode: string; healthz: number[]; predict: number[]; cancel: number; cancelled: string; jobSeconds: number }

async function timed(app: GraftServer, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object): Promise<{ ms: number; status: number; json: any }> {
  const t0 = performance.now();
  const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
  return { ms: performance.now() - t0, status: res.statusCode, json: res.json() };
}

async function measure(mode: 'server thread' | 'job thread'): Promise<Row> {
  const home = mkdtempSync(join(tmpdir(), 'graft-bench-jobs-'));
  const ws = openWorkspace(home);
  await ws.fit(datasetFromExamples(topicExamples(10), { source: 'toy' }), { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
  const app = await createServer(ws, { backbones: ['hashing'], dashboard: false, jobs: mode === 'job thread' ? { thread: { home } } : {} });
  try {
    await timed(app, 'POST', '/v1/tasks/topics/predict', { texts: ['warm up'] });
    const t0 = performance.now();
    // A task of its own on 512-d hashing vectors: the fit's cost is mlp's epochs, not the width.
    const job = (await timed(app, 'POST', '/v1/tasks/bench/fit', { rows: topicRows(ROWS, 'bench'), strategy: 'mlp', backbone: 'hashing?dim=512', folds: 5 })).json;
    const healthz: number[] = [];
    const predict: number[] = [];
    await sleep(100);
    while (performance.now() - t0 < SECONDS * 1000) {
      healthz.push((await timed(app, 'GET', '/healthz')).ms);
      predict.push((await timed(app, 'POST', '/v1/tasks/topics/predict', { texts: ['rain and storm today'] })).ms);
      await sleep(100);
    }
    const cancel = await timed(app, 'DELETE', `/v1/jobs/${job.id}`);
    const end = (await timed(app, 'GET', `/v1/jobs/${job.id}`)).json;
    return {
      mode, healthz, predict, cancel: cancel.ms,
      cancelled: cancel.status === 200 ? 'cancelled' : `${end.state} first (${cancel.status})`, jobSeconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await app.close();
    await ws.close();
  }
}

const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const rows: Row[] = [];
for (const mode of ['server thread', 'job thread'] as const) rows.push(await measure(mode));
console.log(`## jobs and the server's other requests (mlp fit of ${ROWS * 3} rows of 512-d hashing vectors, 5 folds; load average ${loadavg()[0]!.toFixed(1)})\n`);
console.log('| jobs run on | requests answered during the fit | /healthz p50 | /healthz max | predict max | cancel answered after | cancel |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) {
  console.log(`| ${r.mode} | ${r.healthz.length} | ${ms(q(r.healthz, 0.5))} | ${ms(Math.max(...r.healthz))} | ${ms(Math.max(...r.predict))} | ${ms(r.cancel)} | ${r.cancelled} |`);
}
