/**
 * Adversarial suite, injected I/O faults (issue 13). SQLite's own write path is made to fail
 * ("disk full", "disk I/O error") at the k-th write statement of an operation, for every k the
 * operation reaches (sampled evenly when there are many): the operation must fail with a
 * StoreError that says what happened, leave the store exactly as it was (tasks, versions, live
 * version, examples, audit log), and succeed once the fault is gone. Then the database file
 * itself is damaged at random bytes: reading it gives its data or a StoreError, never a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, openSync, readFileSync, closeSync, writeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GraftError, Rng } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { Workspace } from '../../src/pipeline/index.js';
import { StoreError } from '../../src/store/index.js';
import { graftInProcess } from '../cli/in-process.js';

// Every write statement of better-sqlite3 goes through Statement.prototype.run.
const STATEMENT = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as { run: (...a: unknown[]) => unknown };
const realRun = STATEMENT.run;
const fault = { countdown: Infinity, writes: 0, code: 'SQLITE_FULL' };
STATEMENT.run = function run(this: unknown, ...args: unknown[]) {
  fault.writes++;
  if (--fault.countdown === 0) throw new Database.SqliteError(fault.code === 'SQLITE_FULL' ? 'database or disk is full' : 'disk I/O error', fault.code);
  return realRun.apply(this, args);
};

function examples(tag: string) {
  const out = [];
  for (const [label, words] of [['weather', ['rain', 'snow', 'storm', 'wind']], ['cooking', ['oven', 'bake', 'flour', 'sauce']]] as const) {
    for (let i = 0; i < 8; i++) out.push({ id: `${label}-${i}`, text: `${words[i % 4]} and ${words[(i + 1) % 4]} ${i} ${tag}${i === 2 ? ' mail ada.byron@example.com' : ''}`, label, line: out.length + 2 });
  }
  return datasetFromExamples(out, { source: `${tag}.jsonl` });
}

const fitOpts = { task: 'toy', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 } as const;

/** A store with task "toy" at versions 1 and 2 (2 live), copied afresh for every case. */
const base = await (async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'graft-faults-base-')), 'home');
  const ws = openWorkspace(home);
  await ws.fit(examples('one'), fitOpts);
  await ws.fit(examples('two'), fitOpts);
  await ws.close();
  return home;
})();

let copies = 0;
function freshStore(): string {
  const home = join(mkdtempSync(join(tmpdir(), 'graft-faults-')), `home-${copies++}`);
  cpSync(base, home, { recursive: true });
  return home;
}

function snapshot(ws: Workspace): string {
  const db = workspaceContext(ws).db;
  return JSON.stringify([
    db.prepare('SELECT name, live_version FROM tasks ORDER BY name').all(),
    db.prepare('SELECT task, version, deleted_at FROM head_versions ORDER BY task, version').all(),
    db.prepare('SELECT task, version, position, text_hash FROM training_examples ORDER BY task, version, position').all(),
    db.prepare('SELECT id, task, action FROM audit ORDER BY id').all(),
  ]);
}

const OPERATIONS: Record<string, (ws: Workspace) => Promise<unknown>> = {
  fit: (ws) => ws.fit(examples('three'), fitOpts),
  deploy: (ws) => ws.deploy('toy', 1),
  rollback: (ws) => ws.rollback('toy'),
  forget: (ws) => ws.forget('toy', { id: 'weather-3' }),
  'forget by value': (ws) => ws.forget('toy', { value: 'ada.byron@example.com' }),
  'delete task': (ws) => ws.deleteTask('toy'),
  'rename task': (ws) => ws.renameTask('toy', 'toy-renamed'),
};

/** Up to `n` fault points spread over 1..k, always including both ends. */
function points(k: number, n: number): number[] {
  if (k <= n) return Array.from({ length: k }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: n }, (_, i) => 1 + Math.round((i * (k - 1)) / (n - 1))))];
}

test('a write that fails at any point leaves the store as it was, says why, and the operation then succeeds', async (t) => {
  let cases = 0;
  for (const [name, op] of Object.entries(OPERATIONS)) {
    // How many writes the operation makes when nothing fails.
    const clean = openWorkspace(freshStore());
    fault.writes = 0;
    await op(clean);
    const writes = fault.writes;
    await clean.close();
    assert.ok(writes > 0, `${name} writes`);
    for (const [i, k] of points(writes, 6).entries()) {
      fault.code = i % 2 ? 'SQLITE_IOERR_WRITE' : 'SQLITE_FULL';
      const ws = openWorkspace(freshStore());
      try {
        const before = snapshot(ws);
        fault.countdown = k;
        const where = `${name}, ${fault.code} at write ${k} of ${writes}`;
        const failed = await op(ws).then(() => undefined, (e: unknown) => e);
        fault.countdown = Infinity;
        if (failed === undefined) {
          // Only a write after the change was complete may fail unseen (a wipe retried on the next open).
          assert.notEqual(snapshot(ws), before, `${where}: succeeded without changing anything`);
        } else {
          assert.ok(failed instanceof StoreError, `${where}: ${failed instanceof Error ? `${failed.name}: ${failed.message}` : String(failed)} is not a StoreError\n${failed instanceof Error ? failed.stack : ""}`);
          assert.match(failed.message, fault.code === 'SQLITE_FULL' ? /disk .* is full/ : /failed \(SQLITE_IOERR/);
          assert.equal(snapshot(ws), before, `${where}: the store changed although the operation failed`);
          await op(ws);
        }
        cases++;
      } finally {
        fault.countdown = Infinity;
        await ws.close();
      }
    }
  }
  t.diagnostic(`cases: ${cases}`);
  assert.ok(cases >= 30, `${cases} cases`);
});

test('the CLI names an injected disk fault instead of "unexpected error", with exit code 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-faults-cli-'));
  cpSync(base, join(dir, '.graft'), { recursive: true });
  const probe = join(mkdtempSync(join(tmpdir(), 'graft-faults-cli-probe-')), '.graft');
  cpSync(base, probe, { recursive: true });
  fault.writes = 0;
  assert.equal((await graftInProcess(join(probe, '..'), ['deploy', 'toy', '1'])).code, 0);
  fault.code = 'SQLITE_FULL';
  fault.countdown = fault.writes; // the deploy's last write, past opening the store
  try {
    const r = await graftInProcess(dir, ['deploy', 'toy', '1']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^graft deploy: The disk holding .*graft\.db is full \(SQLITE_FULL\); nothing was saved/);
    assert.doesNotMatch(r.err, /unexpected error/);
  } finally {
    fault.countdown = Infinity;
  }
});

test('a database file damaged at random bytes reads as before or fails with a StoreError, never a crash', async (t) => {
  const CASES = 40;
  const outcomes = { read: 0, refused: 0 };
  for (let seed = 1; seed <= CASES; seed++) {
    const rng = new Rng(seed);
    const home = freshStore();
    const file = join(home, 'graft.db');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    for (let n = 1 + rng.int(16); n > 0; n--) writeSync(fd, Buffer.from([rng.int(256)]), 0, 1, rng.int(size));
    closeSync(fd);
    const where = `seed ${seed}`;
    const ws = openWorkspace(home);
    try {
      await ws.tasks();
      await ws.predict('toy', ['rain and snow']);
      await ws.audit('toy');
      outcomes.read++;
    } catch (e) {
      assert.ok(e instanceof GraftError, `${where}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} is not a GraftError\n${e instanceof Error ? e.stack : ""}`);
      outcomes.refused++;
    } finally {
      await ws.close().catch(() => undefined);
    }
    assert.ok(readFileSync(file).length >= size, `${where}: the damaged file was not truncated`);
  }
  t.diagnostic(`cases: ${CASES} (read ${outcomes.read}, refused ${outcomes.refused})`);
});
