import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../src/core/index.js';
import { openMemoryDb, TaskStore } from '../../src/store/index.js';
import { clock, labels, version } from './fixtures.js';

function withVersions(n: number): { db: ReturnType<typeof openMemoryDb>; tasks: TaskStore } {
  const db = openMemoryDb();
  const tasks = new TaskStore(db, { now: clock() });
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  for (let i = 0; i < n; i++) tasks.saveHeadVersion(version('spam', 2, { seed: i }));
  return { db, tasks };
}

test('deploy makes a saved version live and says what was live before', () => {
  const { tasks } = withVersions(3);
  assert.deepEqual(tasks.deploy('spam', 1), { from: 3, to: 1 });
  assert.equal(tasks.getTask('spam').liveVersion, 1);
  assert.equal(tasks.getHeadVersion('spam').seed, 0);
  assert.throws(() => tasks.deploy('spam', 9), (e: unknown) => e instanceof NotFoundError && /no version 9.*1, 2, 3/.test(e.message));
  assert.throws(() => tasks.deploy('nope', 1), NotFoundError);
});

test('rollback steps to the next older surviving version, and refuses at the oldest', () => {
  const { db, tasks } = withVersions(3);
  db.prepare("UPDATE head_versions SET deleted_at = 'x', head = NULL WHERE task = 'spam' AND version = 2").run();
  assert.deepEqual(tasks.rollback('spam'), { from: 3, to: 1 });
  assert.equal(tasks.getHeadVersion('spam').version, 1);
  assert.throws(() => tasks.rollback('spam'), /oldest saved version/);
  assert.throws(() => tasks.deploy('spam', 2), /was deleted/);
  assert.deepEqual(tasks.deploy('spam', 3), { from: 1, to: 3 });
});
