import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sha256 } from '../../src/core/index.js';
import { SqliteEmbeddingCache, TaskStore, UnlearningStore, openDb } from '../../src/store/index.js';
import { labels, version } from './fixtures.js';

/** Every byte of the database files, as latin1 text to search. */
function fileBytes(home: string): string {
  return ['graft.db', 'graft.db-wal', 'graft.db-journal']
    .map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

const mark = (task: string, i: number) => `${task}-secret-${String(i).padStart(5, '0')}-`;

/** Examples whose texts carry findable markers, padded to varied lengths (so rows move between pages). */
function examples(task: string, n: number, order: (i: number) => number = (i) => i) {
  return Array.from({ length: n }, (_, k) => {
    const i = order(k);
    return { id: `${task}-${i}`, text: `${mark(task, i)}${'x'.repeat(40 + ((i * 37) % 160))}`, label: labels[i % 2]! };
  });
}

test('without any VACUUM, forgotten texts are nowhere in the file: every freed byte is zeroed (secure_delete since creation)', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-unlearn-store-'));
  const db = openDb(home);
  const tasks = new TaskStore(db);
  const store = new UnlearningStore(db);
  assert.equal(store.needsCompaction(), false, 'a new file needs no rebuild');
  // Two tasks whose rows interleave in the primary-key order, several versions each: inserts land
  // in the middle of pages and split them, versions are replaced, the cache gets rows too.
  for (const task of ['b-task', 'a-task']) tasks.createOrGetTask({ name: task, backbone: 'hashing@1', labels });
  for (let v = 0; v < 3; v++) {
    for (const task of ['b-task', 'a-task']) {
      tasks.saveHeadVersion(version(task, 0, { examples: examples(task, 1500, (k) => (k * 7919) % 1500) }));
    }
  }
  // One write: the vectors share blocks, so a forget must zero its slots inside live blocks.
  const vectors = new Map(examples('a-task', 1500).map((e, i) => {
    const v = new Float32Array(5);
    Buffer.from(v.buffer).set(Buffer.from(mark('vec', i)));
    return [sha256(e.text), v] as const;
  }));
  new SqliteEmbeddingCache(db).putMany('hashing@1', vectors);
  // Forget 150 scattered texts of a-task, one request at a time; purge a-task's versions 1 and 3.
  const gone = Array.from({ length: 150 }, (_, k) => (k * 104729) % 1500);
  const texts = examples('a-task', 1500);
  for (const i of gone) {
    const h = sha256(texts[i]!.text);
    store.secureDelete(() => {
      store.deleteExamples('a-task', [h]);
      store.deleteEmbeddings('a-task', [h]);
    });
  }
  store.secureDelete(() => {
    store.purgeVersion('a-task', 2, '2026-11-28T00:00:00Z');
    store.purgeVersion('a-task', 4, '2026-11-28T00:00:00Z');
  });
  // And a plain delete outside unlearning (a whole task's rows): zeroed too.
  db.prepare("DELETE FROM training_examples WHERE task = 'b-task' AND version = 1").run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = fileBytes(home);
  const left = gone.filter((i) => bytes.includes(mark('a-task', i)) || bytes.includes(mark('vec', i)));
  assert.deepEqual(left, [], 'forgotten texts or their cache rows still in the file');
  // The check can see stored rows: every kept text and cache row is found.
  const kept = Array.from({ length: 1500 }, (_, i) => i).filter((i) => !gone.includes(i));
  assert.equal(kept.filter((i) => bytes.includes(mark('a-task', i))).length, kept.length);
  assert.equal(kept.filter((i) => bytes.includes(mark('vec', i))).length, kept.length);
  assert.ok(bytes.includes(mark('b-task', 7)), 'b-task versions 3 and 5 are still there');
});

test('a file that was written without secure_delete needs one rebuild, and compact() removes the stale bytes', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-unlearn-old-'));
  openDb(home).close();
  // Make it look like a file from before migration 3 (no settings table, nor later ones; user_version 2) ...
  const raw = new Database(join(home, 'graft.db'));
  raw.exec(`DROP TRIGGER novelty_detectors_unlink; DROP TRIGGER head_versions_unlink; DROP TRIGGER head_versions_unlink_deleted;
    DROP TABLE novelty_links; DROP TABLE head_links; DROP TABLE parts; DROP TABLE settings;
    DROP TABLE embedding_keys; DROP TABLE embedding_blocks; DROP TABLE embedding_backbones;
    ALTER TABLE head_versions DROP COLUMN backbone_spec;
    DROP TABLE api_keys; DROP TABLE jobs;
    DROP TABLE finding_index; DROP TABLE pending_wipes; ALTER TABLE head_versions DROP COLUMN key_id;
    CREATE TABLE embeddings (backbone TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,
      PRIMARY KEY (backbone, text_hash)) WITHOUT ROWID`);
  raw.pragma('user_version = 2');
  // ... with a row deleted while secure_delete was off: its bytes stay in free space.
  raw.pragma('secure_delete = OFF');
  raw.prepare("INSERT INTO secrets (name, value, created_at) VALUES ('old', ?, 'x')").run(Buffer.from('stale-copy-of-a-forgotten-row'));
  raw.prepare("DELETE FROM secrets WHERE name = 'old'").run();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  assert.ok(fileBytes(home).includes('stale-copy-of-a-forgotten-row'), 'the check can see stale bytes');
  const db = openDb(home);
  const store = new UnlearningStore(db);
  assert.equal(store.needsCompaction(), true);
  store.compact();
  assert.equal(store.needsCompaction(), false);
  db.close();
  assert.ok(!fileBytes(home).includes('stale-copy-of-a-forgotten-row'));
});

test('purging a version drops the finding-index entries of its texts that no other version holds, and only those, from the file too', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-unlearn-findings-'));
  const db = openDb(home);
  const tasks = new TaskStore(db);
  const store = new UnlearningStore(db);
  tasks.createOrGetTask({ name: 't', backbone: 'hashing@1', labels });
  const ex = (i: number, digest: string) => ({ id: `r${i}`, text: `text ${i}`, label: labels[i % 2]!, findings: [digest] });
  // Version 1 holds texts 0-3; version 2 holds texts 2-5: texts 2 and 3 are in both.
  tasks.saveHeadVersion(version('t', 0, { examples: [0, 1, 2, 3].map((i) => ex(i, `d${i}`)) }));
  tasks.saveHeadVersion(version('t', 0, { examples: [2, 3, 4, 5].map((i) => ex(i, `d${i}`)) }));
  const digests = () => (db.prepare("SELECT digest FROM finding_index WHERE task = 't' ORDER BY digest").pluck().all() as string[]).join(',');
  assert.equal(digests(), 'd0,d1,d2,d3,d4,d5');
  const wipe = store.secureDelete(() => store.purgeVersion('t', 1, '2026-12-06T00:00:00Z')).wipe;
  assert.equal(digests(), 'd2,d3,d4,d5', 'texts 0 and 1 are gone, 2 and 3 stay with version 2');
  assert.deepEqual(store.textsWithFinding('t', ['d0', 'd2']), [sha256('text 2')]);
  assert.equal(wipe.complete, true);
  const bytes = fileBytes(home);
  assert.ok(!bytes.includes(sha256('text 0')) && !bytes.includes(sha256('text 1')), 'the purged texts\' hashes left the file and its log');
  assert.ok(bytes.includes(sha256('text 2')), 'the check can see what stays');
  store.secureDelete(() => store.purgeVersion('t', 2, '2026-12-06T00:00:00Z'));
  assert.equal(digests(), '', 'nothing is held any more');
  db.close();
});
