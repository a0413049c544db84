import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskStore, openDb } from '../../src/store/index.js';

const CHILD = join(import.meta.dirname, 'child.ts');

interface ChildResult { ok: boolean; error?: string; code?: string; versions?: number[]; tables?: number }

/** Runs `child.ts command home startAt ...args` and resolves with its JSON line. */
function child(command: string, home: string, startAt: number, ...args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, command, home, String(startAt), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += String(c)));
    p.stderr.on('data', (c) => (err += String(c)));
    p.on('error', reject);
    p.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        resolve({ ok: false, error: `exit ${code}: ${err.slice(0, 500)}` });
      }
    });
  });
}

/** Children start loading now and act together once all have loaded (tsx start-up takes a while on a busy machine). */
const startAt = (processes: number): number => Date.now() + 2500 + 250 * processes;

test('eight processes opening one fresh GRAFT_HOME at the same instant all get the full schema (migrations under BEGIN IMMEDIATE)', async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'graft-race-open-')), 'home');
  const at = startAt(8);
  const results = await Promise.all(Array.from({ length: 8 }, () => child('open', home, at)));
  assert.deepEqual(results.filter((r) => !r.ok), [], 'a process failed to open the store');
  const db = openDb(home);
  const tables = (db.prepare("SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  assert.ok(results.every((r) => r.tables === tables), 'every process saw the whole schema');
  db.close();
});

test('six processes saving versions together, two of them on the same task, lose nothing: every version saved, numbers unique', async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'graft-race-save-')), 'home');
  openDb(home).close();
  const plan = ['shared', 'shared', 'task-a', 'task-b', 'task-c', 'task-d'];
  const at = startAt(plan.length);
  const results = await Promise.all(plan.map((task) => child('save', home, at, task, '3')));
  assert.deepEqual(results.filter((r) => !r.ok), [], 'a write was lost to the lock');
  const db = openDb(home);
  const tasks = new TaskStore(db);
  assert.deepEqual(tasks.listVersions('shared').map((v) => v.version), [1, 2, 3, 4, 5, 6]);
  for (const t of ['task-a', 'task-b', 'task-c', 'task-d']) assert.deepEqual(tasks.listVersions(t).map((v) => v.version), [1, 2, 3]);
  const shared = results.slice(0, 2).flatMap((r) => r.versions ?? []).sort((a, b) => a - b);
  assert.deepEqual(shared, [1, 2, 3, 4, 5, 6], 'each process got its own version numbers');
  assert.equal(tasks.trainingExamples('shared', 6).length, 200);
  db.close();
});
