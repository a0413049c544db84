import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError, keyId } from '../../src/core/index.js';
import { pseudonym } from '../../src/privacy/index.js';
import { KEY_ENV, KEY_FILE, LEGACY_KEY_NAME, PseudonymKeys, TaskStore, openDb } from '../../src/store/index.js';
import { labels, version } from './fixtures.js';

/** Every byte of the database files. */
function dbBytes(home: string): Buffer {
  return Buffer.concat(['graft.db', 'graft.db-wal'].map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f)));
}

function leaks(home: string, key: Buffer): boolean {
  const bytes = dbBytes(home);
  return bytes.includes(key) || bytes.includes(Buffer.from(key.toString('hex'))) || bytes.includes(Buffer.from(key.toString('base64')));
}

test('the key lives in a 0600 file beside graft.db, never in the database files', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-keys-'));
  const db = openDb(home);
  const keys = PseudonymKeys.open(db, { env: {} });
  const k = keys.current();
  assert.equal(k.source, 'file');
  assert.equal(k.key.length, 32);
  assert.equal(statSync(join(home, KEY_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(PseudonymKeys.open(db, { env: {} }).current().key, k.key, 'created once, then read');
  // Pseudonyms of a small space (SSNs) written into the store: the key that makes them is not there.
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 'ids', backbone: 'hashing@1', labels, privacy: 'pseudonymize' });
  tasks.saveHeadVersion(version('ids', 2, {
    examples: ['123-45-6789', '987-65-4321'].map((ssn, i) => ({ id: `r${i}`, text: `ssn ${pseudonym('US_SSN', ssn, k.key)}`, label: labels[i]! })),
    keyId: k.id,
  }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  assert.equal(leaks(home, k.key), false, 'key bytes found in the database files');
  assert.ok(dbBytes(home).includes(Buffer.from(k.id)), 'the public key id is what the store keeps');
});

test('a key kept in the database by an older graft moves to the key file and is zeroed out of the database', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-keys-legacy-'));
  const db = openDb(home);
  const legacy = Buffer.from('0123456789abcdef0123456789abcdef');
  db.prepare('INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?)').run(LEGACY_KEY_NAME, legacy, 'then');
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 'old', backbone: 'hashing@1', labels, privacy: 'pseudonymize' });
  tasks.saveHeadVersion(version('old', 2));
  db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(leaks(home, legacy), true, 'the check sees a key in the file');
  const keys = PseudonymKeys.open(db, { env: {} });
  assert.deepEqual(keys.current().key, legacy, 'the old key stays current, so old pseudonyms still match');
  assert.equal(keys.current().source, 'file');
  assert.deepEqual(db.prepare('SELECT COUNT(*) AS n FROM secrets').get(), { n: 0 });
  assert.equal(tasks.getHeadVersion('old').keyId, keyId(legacy), 'versions made before keys had ids are tagged with it');
  db.close();
  assert.equal(leaks(home, legacy), false, 'the key is zeroed out of graft.db');
  assert.equal(statSync(join(home, KEY_FILE)).mode & 0o777, 0o600);
});

test('GRAFT_PSEUDONYM_KEY gives the keys (current first), writes no file, and is never quoted when wrong', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-keys-env-'));
  const db = openDb(home);
  const a = 'aa'.repeat(32);
  const b = Buffer.alloc(24, 7).toString('base64');
  const keys = PseudonymKeys.open(db, { env: { [KEY_ENV]: `${a}, ${b}` } });
  assert.equal(keys.current().source, 'env');
  assert.deepEqual(keys.current().key, Buffer.from(a, 'hex'));
  assert.deepEqual(keys.all().map((k) => k.key.length), [32, 24]);
  assert.equal(existsSync(join(home, KEY_FILE)), false);
  assert.throws(() => keys.rotate(), (e: Error) => e instanceof UsageError && /put a new key first/.test(e.message));
  const short = 'deadbeef';
  assert.throws(() => PseudonymKeys.open(db, { env: { [KEY_ENV]: short } }), (e: Error) => e instanceof UsageError && !e.message.includes(short) && /at least 16/.test(e.message));
  const provided = Buffer.alloc(32, 9);
  assert.deepEqual(PseudonymKeys.open(db, { keys: [provided], env: { [KEY_ENV]: a } }).current().key, provided, 'a key given by the caller comes first');
  db.close();
});

test('rotation: a new current key, old keys still usable by id until no saved version uses them', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-keys-rotate-'));
  const db = openDb(home);
  const keys = PseudonymKeys.open(db, { env: {} });
  const old = keys.current();
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 'p', backbone: 'hashing@1', labels, privacy: 'pseudonymize' });
  tasks.saveHeadVersion(version('p', 2, { keyId: old.id }));
  const fresh = keys.rotate();
  assert.notEqual(fresh.id, old.id);
  const reopened = PseudonymKeys.open(db, { env: {} });
  assert.equal(reopened.current().id, fresh.id, 'new work uses the new key');
  assert.deepEqual(reopened.byId(old.id).key, old.key, 'version 1 still finds its key');
  assert.deepEqual(reopened.retireKeys(), [], 'version 1 is live: its key stays');
  tasks.saveHeadVersion(version('p', 2, { keyId: fresh.id }));
  db.prepare("UPDATE head_versions SET head = NULL, deleted_at = 'now' WHERE task = 'p' AND version = 1").run();
  assert.deepEqual(reopened.retireKeys(), [old.id]);
  assert.throws(() => PseudonymKeys.open(db, { env: {} }).byId(old.id), (e: Error) => e instanceof UsageError && e.message.includes(KEY_ENV));
  db.close();
});

test('two connections making the first key at once agree on one; a key file others can read is refused', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-keys-race-'));
  const db1 = openDb(home);
  const db2 = openDb(home);
  const r1 = PseudonymKeys.open(db1, { env: {} });
  const r2 = PseudonymKeys.open(db2, { env: {} });
  const k1 = r1.current();
  const k2 = r2.current(); // its ring was empty when opened: it tries to create, finds the file, reads it
  assert.equal(k1.id, k2.id);
  chmodSync(join(home, KEY_FILE), 0o644);
  assert.throws(() => PseudonymKeys.open(db1, { env: {} }), (e: Error) => e instanceof UsageError && /chmod 600/.test(e.message));
  db1.close();
  db2.close();
});
