import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoveltyStore, PART_MIN_CHARS, openMemoryDb } from '../../src/store/index.js';
import type { Db } from '../../src/store/index.js';

function dbWithVersions(n: number): Db {
  const db = openMemoryDb();
  db.prepare("INSERT INTO tasks (name, backbone, labels, created_at) VALUES ('t', 'b@1', '[]', 'now')").run();
  for (let v = 1; v <= n; v++) {
    db.prepare(`INSERT INTO head_versions (task, version, kind, strategy, seed, head, data_hash, metrics, rows, created_at)
                VALUES ('t', ?, 'logistic', '{}', 1, '{}', 'h', '{}', 3, 'now')`).run(v);
  }
  return db;
}
const count = (db: Db, table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const long = (c: string): string => c.repeat(PART_MIN_CHARS);

test('novelty detectors are saved per head version, replaced, read back and deleted', () => {
  const db = dbWithVersions(1);
  const store = new NoveltyStore(db);
  assert.equal(store.get('t', 1), undefined);
  store.save('t', 1, { threshold: 1.5 });
  store.save('t', 1, { threshold: 2.5 });
  assert.deepEqual(store.get('t', 1), { threshold: 2.5 });
  assert.throws(() => store.save('t', 2, { threshold: 1 }), /FOREIGN KEY/);
  store.delete('t', 1);
  assert.equal(store.get('t', 1), undefined);
});

test('long strings are stored once as parts, shared by versions, and deleted with the last version that links them', () => {
  const db = dbWithVersions(3);
  const store = new NoveltyStore(db);
  const a = long('A'), b = long('B'), c = long('C');
  store.save('t', 1, { threshold: 1, scorer: { reference: [a, b] }, pairs: [{ sims: c, k: 5 }], short: 'x' });
  store.save('t', 2, { threshold: 2, scorer: { reference: [a, long('D')] }, pairs: [{ sims: c, k: 5 }], short: 'x' });
  assert.equal(count(db, 'parts'), 4, 'A, B, C and D once each');
  const doc = (db.prepare('SELECT detector FROM novelty_detectors WHERE version = 1').get() as { detector: string }).detector;
  assert.ok(doc.length < 1000 && !doc.includes('AAAA'), 'the document holds hashes, not the strings');
  assert.deepEqual(store.get('t', 1), { threshold: 1, scorer: { reference: [a, b] }, pairs: [{ sims: c, k: 5 }], short: 'x' });
  assert.deepEqual(store.get('t', 2, '$.scorer.reference'), [a, long('D')]);
  assert.deepEqual(store.get('t', 2, '$.pairs'), [{ sims: c, k: 5 }]);
  assert.equal(store.get('t', 2, '$.threshold'), 2);
  assert.equal(store.get('t', 2, '$.missing'), undefined);

  store.delete('t', 1);
  assert.equal(count(db, 'parts'), 3, 'B went with version 1; A and C stay for version 2');
  assert.ok(!(db.prepare('SELECT body FROM parts').all() as Array<{ body: string }>).some((r) => r.body === b));
  store.save('t', 2, { threshold: 3 });
  assert.equal(count(db, 'parts'), 0, 'replacing a detector releases its parts');
  assert.equal(count(db, 'novelty_links'), 0);
});

test('a version row deleted by SQL (as forget purges) releases its parts too', () => {
  const db = dbWithVersions(2);
  const store = new NoveltyStore(db);
  store.save('t', 1, { r: long('A') });
  store.save('t', 2, { r: long('A') });
  db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run('t', 1);
  assert.equal(count(db, 'parts'), 1);
  db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run('t', 2);
  assert.equal(count(db, 'parts'), 0);
});

test('a document written before parts existed reads as it was', () => {
  const db = dbWithVersions(1);
  const inline = { format: 1, threshold: 0.25, scorer: { state: { reference: long('Q') } }, blocks: { seed: 1, blocks: 2, dim: 3, pairs: [{ a: 0 }] } };
  db.prepare('INSERT INTO novelty_detectors (task, version, detector) VALUES (?, ?, ?)').run('t', 1, JSON.stringify(inline));
  const store = new NoveltyStore(db);
  assert.deepEqual(store.get('t', 1), inline);
  assert.deepEqual(store.get('t', 1, '$.blocks'), inline.blocks);
});
