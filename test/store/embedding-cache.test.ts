import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, sha256 } from '../../src/core/index.js';
import Database from 'better-sqlite3';
import { openDb, openMemoryDb } from '../../src/store/db.js';
import { SqliteEmbeddingCache } from '../../src/store/embedding-cache.js';
import { CachedBackbone, HashingBackbone } from '../../src/backbones/index.js';
import type { Backbone } from '../../src/backbones/index.js';

test('round-trips vectors bit for bit, per backbone, across chunk boundaries', () => {
  const cache = new SqliteEmbeddingCache(openMemoryDb());
  const entries = new Map<string, Float32Array>();
  for (let i = 0; i < 1203; i++) entries.set(sha256(`t${i}`), Float32Array.from([i, -i / 3, Math.PI * i, 1e-30]));
  cache.putMany('b@1', entries);
  cache.putMany('b@2', new Map([[sha256('t0'), new Float32Array([42])]]));
  const keys = [...entries.keys(), sha256('absent')];
  const got = cache.getMany('b@1', keys);
  assert.equal(got.size, 1203);
  for (const [h, v] of entries) assert.deepEqual(got.get(h), v);
  assert.deepEqual(cache.getMany('b@2', keys), new Map([[sha256('t0'), new Float32Array([42])]]));
  assert.equal(cache.count('b@1'), 1203);
  assert.equal(cache.count(), 1204);
  assert.equal(cache.clear('b@2'), 1);
  assert.equal(cache.count(), 1203);
});

test('putMany is atomic: a failing batch leaves nothing behind', () => {
  const db = openMemoryDb();
  const cache = new SqliteEmbeddingCache(db);
  const [good1, bad, good2] = ['good1', 'bad', 'good2'].map((t) => sha256(t)) as [string, string, string];
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON embedding_keys WHEN NEW.text_hash = X'${bad}'
           BEGIN SELECT RAISE(ABORT, 'refused'); END`);
  const batch = new Map([[good1, new Float32Array([1])], [bad, new Float32Array([2])], [good2, new Float32Array([3])]]);
  assert.throws(() => cache.putMany('b@1', batch), /refused/);
  assert.equal(cache.count(), 0);
});

test('a CachedBackbone on SQLite serves a second process-like pass without embedding', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cache-'));
  try {
    const texts = ['alpha beta', 'gamma', 'alpha beta'];
    let calls = 0;
    const hashing = new HashingBackbone({ dim: 64 });
    const counting: Backbone = {
      id: hashing.id, dim: hashing.dim, close: async () => {},
      embed: async (t, o) => { calls++; return hashing.embed(t, o); },
    };
    const first = openDb(home);
    const a: Matrix = await new CachedBackbone(counting, new SqliteEmbeddingCache(first)).embed(texts);
    first.close();
    const second = openDb(home);
    const cached = new CachedBackbone(counting, new SqliteEmbeddingCache(second));
    const b = await cached.embed(texts);
    second.close();
    assert.equal(calls, 1);
    assert.deepEqual(b.data, a.data);
    assert.equal(cached.lastStats?.cacheHits, 3);
    assert.equal(cached.lastStats?.embedded, 0);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('vectors written together share blocks: a 512-d vector takes within 10% of its 2 kB', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cache-size-'));
  try {
    const db = openDb(home);
    const cache = new SqliteEmbeddingCache(db);
    const entries = new Map<string, Float32Array>();
    for (let i = 0; i < 3000; i++) entries.set(sha256(`t${i}`), Float32Array.from({ length: 512 }, (_, j) => Math.sin(i * 512 + j)));
    cache.putMany('use-lite@1', entries);
    const before = db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number;
    db.close();
    // The empty schema's pages are a fixed cost, not per vector: measure against a fresh file.
    const empty = openDb(join(home, 'empty'));
    const base = empty.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number;
    empty.close();
    const perVector = (before - base) / 3000;
    assert.ok(perVector <= 2048 * 1.1, `${perVector.toFixed(0)} bytes per vector`);
    const back = new SqliteEmbeddingCache(openDb(home)).getMany('use-lite@1', [...entries.keys()]);
    for (const [h, v] of entries) assert.deepEqual(back.get(h), v);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('replacing or deleting a vector zeroes its slot; a block goes with its last vector', () => {
  const db = openMemoryDb();
  const cache = new SqliteEmbeddingCache(db);
  const hashes = Array.from({ length: 70 }, (_, i) => sha256(`t${i}`));
  cache.putMany('b@1', new Map(hashes.map((h, i) => [h, Float32Array.from([i + 1, 7, 7])])));
  cache.putMany('b@2', new Map([[hashes[0]!, new Float32Array([42])]]));
  assert.equal(db.prepare('SELECT COUNT(*) FROM embedding_blocks').pluck().get(), 3, '64 + 6 vectors, and one of b@2');
  cache.putMany('b@1', new Map([[hashes[1]!, new Float32Array([-1, -1, -1])]]));
  assert.deepEqual(cache.getMany('b@1', [hashes[1]!]).get(hashes[1]!), new Float32Array([-1, -1, -1]));
  assert.equal(cache.deleteTexts([hashes[0]!, hashes[2]!, sha256('absent')]), 3, 'both backbones\' vectors of t0, and t2');
  assert.equal(cache.count(), 68);
  const first = db.prepare('SELECT vectors FROM embedding_blocks ORDER BY id LIMIT 1').pluck().get() as Buffer;
  const floats = new Float32Array(new Uint8Array(first).buffer);
  assert.deepEqual([...floats.subarray(0, 9)], [0, 0, 0, 0, 0, 0, 0, 0, 0], 't0 deleted, t1 replaced, t2 deleted: zeroed');
  assert.deepEqual([...floats.subarray(9, 12)], [4, 7, 7]);
  assert.equal(cache.deleteTexts(hashes.slice(64)), 6);
  assert.equal(db.prepare('SELECT COUNT(*) FROM embedding_blocks').pluck().get(), 2, 'the emptied block is gone');
  assert.equal(cache.clear('b@1'), 62);
  assert.equal(db.prepare('SELECT COUNT(*) FROM embedding_blocks').pluck().get(), 0);
});

test('migration 6 moves the vectors of an older file into the block layout', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cache-migrate-'));
  try {
    openDb(home).close();
    const raw = new Database(join(home, 'graft.db'));
    raw.exec(`DROP TABLE embedding_keys; DROP TABLE embedding_blocks; DROP TABLE embedding_backbones;
      ALTER TABLE head_versions DROP COLUMN backbone_spec;
      DROP TABLE api_keys; DROP TABLE jobs;
      DROP TABLE finding_index; DROP TABLE pending_wipes; ALTER TABLE head_versions DROP COLUMN key_id;
      CREATE TABLE embeddings (backbone TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,
        PRIMARY KEY (backbone, text_hash)) WITHOUT ROWID`);
    const put = raw.prepare('INSERT INTO embeddings VALUES (?, ?, ?, ?)');
    const v = (xs: number[]): Buffer => Buffer.from(Float32Array.from(xs).buffer);
    put.run('use-lite@1', sha256('a'), 2, v([1, 2]));
    put.run('use-lite@1', sha256('b'), 2, v([3, 4]));
    put.run('hashing@1-d64', sha256('a'), 3, v([5, 6, 7]));
    put.run('use-lite@1', 'not-a-hash', 2, v([9, 9]));
    raw.pragma('user_version = 5');
    raw.close();
    const cache = new SqliteEmbeddingCache(openDb(home));
    assert.deepEqual(cache.getMany('use-lite@1', [sha256('a'), sha256('b')]), new Map([[sha256('a'), Float32Array.from([1, 2])], [sha256('b'), Float32Array.from([3, 4])]]));
    assert.deepEqual(cache.getMany('hashing@1-d64', [sha256('a')]).get(sha256('a')), Float32Array.from([5, 6, 7]));
    assert.equal(cache.count(), 3, 'a row whose key is no SHA-256 is dropped');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
