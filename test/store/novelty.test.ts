import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoveltyStore, openMemoryDb } from '../../src/store/index.js';

test('novelty detectors are saved per head version, replaced, read back and deleted', () => {
  const db = openMemoryDb();
  db.prepare("INSERT INTO tasks (name, backbone, labels, created_at) VALUES ('t', 'b@1', '[]', 'now')").run();
  db.prepare(`INSERT INTO head_versions (task, version, kind, strategy, seed, head, data_hash, metrics, rows, created_at)
              VALUES ('t', 1, 'logistic', '{}', 1, '{}', 'h', '{}', 3, 'now')`).run();
  const store = new NoveltyStore(db);
  assert.equal(store.get('t', 1), undefined);
  store.save('t', 1, { threshold: 1.5 });
  store.save('t', 1, { threshold: 2.5 });
  assert.deepEqual(store.get('t', 1), { threshold: 2.5 });
  assert.throws(() => store.save('t', 2, { threshold: 1 }), /FOREIGN KEY/);
  store.delete('t', 1);
  assert.equal(store.get('t', 1), undefined);
});
