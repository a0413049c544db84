import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PART_MIN_CHARS, TaskStore, UnlearningStore, openMemoryDb } from '../../src/store/index.js';
import type { Db } from '../../src/store/index.js';
import { headJson, labels, version } from './fixtures.js';

const count = (db: Db, table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const long = (c: string): string => c.repeat(PART_MIN_CHARS);

test('head versions keep long strings as parts shared between versions; a purged version releases only its own', () => {
  const db = openMemoryDb();
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 't', backbone: 'hashing@1', labels });
  // Two sharded-like heads that share one sub-head's weights and differ in the other.
  const head = (other: string) => ({ ...headJson(), state: { shards: [{ weights: long('A') }, { weights: other }], short: 'x' } });
  const v1 = tasks.saveHeadVersion(version('t', 2, { head: head(long('B')) }));
  const v2 = tasks.saveHeadVersion(version('t', 2, { head: head(long('C')) }));
  assert.equal(count(db, 'parts'), 3, 'A once, B, C');
  const stored = (db.prepare('SELECT head FROM head_versions WHERE version = ?').get(v1) as { head: string }).head;
  assert.ok(stored.length < 1000 && !stored.includes('AAAA'), 'the head column holds hashes, not the strings');
  assert.deepEqual(tasks.getHeadVersion('t', v1).head, head(long('B')));
  assert.deepEqual(tasks.getHeadVersion('t', v2).head, head(long('C')));

  new UnlearningStore(db).purgeVersion('t', v1, '2026-11-28T00:00:00Z');
  assert.equal(count(db, 'parts'), 2, 'B went with version 1; A stays for version 2');
  assert.deepEqual(tasks.getHeadVersion('t', v2).head, head(long('C')));
  new UnlearningStore(db).purgeVersion('t', v2, '2026-11-28T00:00:01Z');
  assert.equal(count(db, 'parts'), 0);
  assert.equal(count(db, 'head_links'), 0);
});

test('a head saved before parts existed (plain JSON in the head column) reads as it was', () => {
  const db = openMemoryDb();
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 't', backbone: 'hashing@1', labels });
  const v = tasks.saveHeadVersion(version('t', 2));
  const inline = { ...headJson(), state: { weights: long('Q') } };
  db.prepare('UPDATE head_versions SET head = ? WHERE task = ? AND version = ?').run(JSON.stringify(inline), 't', v);
  assert.deepEqual(tasks.getHeadVersion('t', v).head, inline);
});

test('a part the store lost is a clear error, not a silent wrong head', () => {
  const db = openMemoryDb();
  const tasks = new TaskStore(db);
  tasks.createOrGetTask({ name: 't', backbone: 'hashing@1', labels });
  const v = tasks.saveHeadVersion(version('t', 2, { head: { ...headJson(), state: { weights: long('Z') } } }));
  db.pragma('foreign_keys = OFF');
  db.prepare('DELETE FROM parts').run();
  assert.throws(() => tasks.getHeadVersion('t', v), /refers to 1 part\(s\) the store no longer holds/);
});
