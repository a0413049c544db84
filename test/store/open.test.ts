import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, TaskStore, openDb, storeErrorOf } from '../../src/store/index.js';
import { labels, version } from './fixtures.js';

const STORE = join(import.meta.dirname, '../../src/store/index.ts');

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${(e as Error).constructor.name}: ${(e as Error).message}`);
    return e;
  }
  assert.fail('expected a StoreError');
}

/** A fresh store folder holding task 'spam' with one version of `rows` examples. */
function storeWithSpam(prefix: string, rows: number): string {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const db = openDb(home);
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 'spam', backbone: 'hashing@1', labels });
  tasks.saveHeadVersion(version('spam', rows));
  db.close();
  return home;
}

/** Runs a script that imports the store as `s`, in a child process, as a user who cannot write `home` (nobody when we are root). */
function asReader(home: string, body: string): { status: number | null; out: string; err: string } {
  const script = `import * as s from ${JSON.stringify(STORE)};\n${body}`;
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script];
  const root = process.getuid?.() === 0;
  if (!root) chmodSync(home, 0o555);
  try {
    const cmd = root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
    const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', timeout: 60_000, cwd: join(import.meta.dirname, '../..') });
    return { status: r.status, out: r.stdout, err: r.stderr };
  } finally {
    if (!root) chmodSync(home, 0o755);
  }
}

test('a damaged file is named as damaged, with restore advice, not an unexpected error', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-corrupt-'));
  writeFileSync(join(home, 'graft.db'), 'this is not a database\n'.repeat(400));
  const e = storeError(() => openDb(home));
  assert.equal(e.code, 'store_corrupt');
  assert.match(e.message, /damaged or is not a graft database \(SQLITE_NOTADB\)/);
  assert.match(e.message, /Restore it from a backup/);
  assert.match(e.message, /graft\.db\.damaged/);
  assert.equal(storeError(() => openDb(home, { readOnly: true })).code, 'store_corrupt');
});

test('a page damaged inside a valid file: queries fail with SQLITE_CORRUPT, which storeErrorOf names as damaged', () => {
  const home = storeWithSpam('graft-corrupt-page-', 300);
  // Overwrite every page after the schema with noise, keeping the header and page 1 intact.
  const raw = new Database(join(home, 'graft.db'));
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  const noise = Buffer.alloc(pageSize * 40, 0x5a);
  const f = openSync(join(home, 'graft.db'), 'r+');
  writeSync(f, noise, 0, noise.length, pageSize);
  closeSync(f);
  let mapped: StoreError | undefined;
  try {
    const again = openDb(home);
    new TaskStore(again).trainingExamples('spam', 1);
    again.close();
  } catch (e) {
    mapped = e instanceof StoreError ? e : storeErrorOf(e, join(home, 'graft.db'));
  }
  assert.ok(mapped, 'reading a damaged page fails');
  assert.equal(mapped.code, 'store_corrupt');
});

test('GRAFT_HOME under /proc (where Node\'s recursive mkdir loops forever) fails at once with a StoreError', () => {
  // In a child with a deadline: the old behaviour hangs the process.
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    `import { openDb } from ${JSON.stringify(STORE)}; try { openDb('/proc/graft-test-home/x'); console.log('opened'); } catch (e) { console.log(e.code + ' ' + e.message); }`],
  { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, 'timed out: opening hangs');
  assert.match(r.stdout, /^store_unavailable Cannot create the graft folder \/proc\/graft-test-home/);
});

test('GRAFT_HOME that is a file, a graft.db that is a folder, a newer schema: each a StoreError saying what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-home-file-'));
  writeFileSync(join(dir, 'home'), 'x');
  assert.match(storeError(() => openDb(join(dir, 'home'))).message, /must be a folder/);
  mkdirSync(join(dir, 'h2', 'graft.db'), { recursive: true });
  assert.match(storeError(() => openDb(join(dir, 'h2'))).message, /not a regular file/);
  const h3 = join(dir, 'h3');
  openDb(h3).close();
  const raw = new Database(join(h3, 'graft.db'));
  raw.pragma('user_version = 99');
  raw.close();
  const e = storeError(() => openDb(h3));
  assert.equal(e.code, 'store_newer');
  assert.equal(storeError(() => openDb(join(dir, 'missing'), { readOnly: true })).code, 'store_unavailable');
});

test('a read-only store folder: readOnly auto reads tasks and versions, creates no file there, and a write is named read-only', () => {
  const home = storeWithSpam('graft-readonly-', 5);
  chmodSync(home, 0o755);
  const before = readdirSync(home).sort();
  const r = asReader(home, `
    const db = s.openDb(${JSON.stringify(home)}, { readOnly: 'auto' });
    const t = new s.TaskStore(db);
    console.log(JSON.stringify({ tasks: t.listTasks().map((x) => x.name), live: t.getHeadVersion('spam').version }));
    try { t.createOrGetTask({ name: 'other', backbone: 'hashing@1', labels: ['a', 'b'] }); } catch (e) { const m = s.storeErrorOf(e, db.name); console.log(m ? m.code : 'raw ' + e.code); }
    try { s.openDb(${JSON.stringify(home)}); } catch (e) { console.log(e.code); }
  `);
  assert.equal(r.status, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.deepEqual(JSON.parse(lines[0]!), { tasks: ['spam'], live: 1 });
  assert.equal(lines[1], 'store_read_only', 'a write names the read-only store');
  assert.match(lines[2]!, /^store_(read_only|unavailable)$/, 'a writable open of a read-only store fails with a StoreError');
  assert.deepEqual(readdirSync(home).sort(), before, 'no -wal, -shm or key file was created');
});
