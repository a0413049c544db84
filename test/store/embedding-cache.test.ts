import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, sha256 } from '../../src/core/index.js';
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
  db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON embeddings WHEN NEW.text_hash = 'bad'
           BEGIN SELECT RAISE(ABORT, 'refused'); END`);
  const batch = new Map([['good1', new Float32Array([1])], ['bad', new Float32Array([2])], ['good2', new Float32Array([3])]]);
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
