import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditLog, TaskStore, UnlearningStore, openDb } from '../../src/store/index.js';
import type { WipeNotice } from '../../src/store/index.js';
import { labels, version } from './fixtures.js';

const CHILD = join(import.meta.dirname, 'child.ts');

/** Every byte of the database files, as latin1 text to search. */
function fileBytes(home: string): string {
  return ['graft.db', 'graft.db-wal'].map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

const SECRET = 'zelda-quux-private-marker';

function seeded(): { home: string; db: Database.Database; hashes: string[] } {
  const home = mkdtempSync(join(tmpdir(), 'graft-wipe-'));
  const db = openDb(home);
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 'spam', backbone: 'hashing@1', labels });
  tasks.saveHeadVersion(version('spam', 4, { examples: [0, 1, 2, 3].map((i) => ({ id: `r${i}`, text: `${SECRET} ${i}`, label: labels[i % 2]! })) }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { home, db, hashes: new UnlearningStore(db).liveExamples('spam').map((e) => e.textHash) };
}

test('a reader holding an old snapshot blocks the wipe: the result says so (not complete, bytes in the log) instead of claiming success', () => {
  const { home, db, hashes } = seeded();
  // Another connection (a server, another CLI) in the middle of a read.
  const reader = new Database(join(home, 'graft.db'));
  reader.exec('BEGIN');
  reader.prepare('SELECT COUNT(*) FROM training_examples').get();
  const store = new UnlearningStore(db);
  const audit = new AuditLog(db);
  const t0 = performance.now();
  const { wipe } = store.secureDelete(() => {
    store.deleteExamples('spam', hashes);
    store.markWipe('spam', audit.append('spam', 'forget', { wipe: { status: 'pending' } }).id, new Date().toISOString());
  }, { timeoutMs: 300 });
  const waited = performance.now() - t0;
  assert.equal(wipe.complete, false, 'checkpoint cannot finish while the reader holds its snapshot');
  assert.ok(wipe.walBytes > 0);
  assert.ok(wipe.attempts > 1, 'it retried');
  assert.ok(waited >= 250 && waited < 5000, `waited within the bound (${waited.toFixed(0)} ms)`);
  assert.ok(fileBytes(home).includes(SECRET), 'the old pages are still in the files, as reported');
  assert.equal(audit.list('spam')[0]!.detail.wipe && (audit.list('spam')[0]!.detail.wipe as { status: string }).status, 'pending');
  // The reader finishes; the next wipe (or open) completes it and says so in the audit record.
  reader.exec('COMMIT');
  reader.close();
  const again = store.wipe({ timeoutMs: 1000 });
  assert.equal(again.complete, true);
  assert.equal((audit.list('spam')[0]!.detail.wipe as { status: string }).status, 'complete');
  db.close();
  assert.ok(!fileBytes(home).includes(SECRET), 'bytes gone once the wipe completed');
});

test('killed right after the commit: the bytes stay only until the next open, which wipes them and says so', () => {
  const { home, db } = seeded();
  db.close();
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, 'forget-then-die', home, '0', 'spam'], { encoding: 'utf8' });
  assert.equal(r.signal, 'SIGKILL', r.stderr);
  assert.ok(fileBytes(home).includes(SECRET), 'the kill left the pre-deletion pages in the files');
  const notices: WipeNotice[] = [];
  const reopened = openDb(home, { onNotice: (n) => notices.push(n) });
  assert.deepEqual(notices.map((n) => [n.kind, n.task]), [['wipe-completed', 'spam']]);
  const entry = new AuditLog(reopened).list('spam').find((e) => e.action === 'forget')!;
  assert.equal((entry.detail.wipe as { status: string }).status, 'complete');
  assert.deepEqual(reopened.prepare('SELECT COUNT(*) AS n FROM pending_wipes').get(), { n: 0 }, 'nothing left pending');
  reopened.close();
  assert.ok(!fileBytes(home).includes(SECRET), 'the open wiped them');
});
