import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError } from '../../src/core/index.js';
import { newRunId, openDb, openMemoryDb, RunStore } from '../../src/store/index.js';
import { clock } from './fixtures.js';

const result = { metrics: { accuracy: { mean: 0.9, std: 0.01, values: [0.9, 0.9] } }, proba: [[0.25, 0.75]], labels: ['a', 'b'] };
const run = { kind: 'eval', seed: 3, dataHash: 'h1', versions: { graft: '0.1.0', backbone: 'use-lite@1' }, config: { folds: 5 }, result };

test('run ids are short, time-ordered and unique', () => {
  const id = newRunId(new Date(Date.UTC(2026, 10, 28, 11, 20, 33, 123)));
  assert.match(id, /^20261128-112033-[0-9a-f]{6}$/);
  const later = newRunId(new Date(Date.UTC(2026, 10, 28, 11, 20, 34)));
  assert.ok(later > id);
  const many = new Set(Array.from({ length: 500 }, () => newRunId(new Date(0))));
  assert.ok(many.size >= 495);
});

test('saveRun then getRun returns the same data; listRuns is newest first without results', () => {
  const runs = new RunStore(openMemoryDb(), { now: clock() });
  const a = runs.saveRun(run);
  const b = runs.saveRun({ ...run, kind: 'bakeoff', seed: 4 });
  assert.notEqual(a, b);
  const got = runs.getRun<typeof result>(a);
  assert.equal(got.id, a);
  assert.deepEqual(got.result, result);
  assert.deepEqual(got.versions, run.versions);
  assert.deepEqual(got.config, run.config);
  assert.equal(got.seed, 3);
  assert.equal(got.dataHash, 'h1');
  const list = runs.listRuns();
  assert.deepEqual(list.map((r) => r.id), [b, a]);
  assert.ok(!('result' in list[0]!));
  assert.deepEqual(runs.listRuns({ kind: 'eval' }).map((r) => r.id), [a]);
  assert.deepEqual(runs.listRuns({ limit: 1 }).map((r) => r.id), [b]);
});

test('many runs in the same second still get unique ids', () => {
  const at = new Date(Date.UTC(2026, 0, 1));
  const runs = new RunStore(openMemoryDb(), { now: () => at });
  const ids = Array.from({ length: 200 }, () => runs.saveRun(run));
  assert.equal(new Set(ids).size, 200);
});

test('an unknown run id is a NotFoundError naming recent runs', () => {
  const runs = new RunStore(openMemoryDb(), { now: clock() });
  assert.throws(() => runs.getRun('x'), /no stored runs yet/);
  const id = runs.saveRun(run);
  assert.throws(() => runs.getRun('x'), (e: unknown) => e instanceof NotFoundError && e.message.includes(`Recent runs: ${id}`));
});

test('a run survives reopening the database file', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-runs-'));
  try {
    let db = openDb(home);
    const id = new RunStore(db).saveRun(run);
    db.close();
    db = openDb(home);
    assert.deepEqual(new RunStore(db).getRun(id).result, result);
    db.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
