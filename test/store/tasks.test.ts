import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, GraftError, NotFoundError, UsageError } from '../../src/core/index.js';
import { openDb, openMemoryDb, TaskStore, validateTaskName } from '../../src/store/index.js';
import type { Db } from '../../src/store/index.js';
import { clock, headJson, labels, version } from './fixtures.js';

function store(): { db: Db; tasks: TaskStore } {
  const db = openMemoryDb();
  return { db, tasks: new TaskStore(db, { now: clock() }) };
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

test('createOrGetTask creates once, then returns the same task', () => {
  const { tasks } = store();
  const t = tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels: ['spam', 'ham', 'spam'] });
  assert.deepEqual(t.labels, ['ham', 'spam']);
  assert.equal(t.privacy, 'redact');
  assert.equal(t.liveVersion, null);
  assert.deepEqual(tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels: ['ham', 'spam'] }), t);
});

test('a different backbone, label set or privacy policy is a UsageError saying what differs', () => {
  const { tasks } = store();
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels, privacy: 'pseudonymize' });
  assert.throws(() => tasks.createOrGetTask({ name: 'spam', backbone: 'hash-256', labels }), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /backbone is "use-lite@1", not "hash-256"/);
    assert.match(e.message, /choose a new task name/);
    return true;
  });
  assert.throws(() => tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels: ['ham', 'phish'] }),
    /new label\(s\) phish and missing label\(s\) spam/);
  assert.throws(() => tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels, privacy: 'allow' }),
    /privacy policy is "pseudonymize", not "allow"/);
  // privacy omitted: the stored policy stands
  assert.equal(tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels }).privacy, 'pseudonymize');
});

test('task names are validated, quoting the name and the rule', () => {
  for (const ok of ['spam', 'a', 'support-tickets.v2', '0_x', 'a'.repeat(64)]) validateTaskName(ok);
  for (const bad of ['', 'Spam', '-x', 'a b', 'a/b', 'a'.repeat(65), 'é']) {
    assert.throws(() => validateTaskName(bad), (e: unknown) => e instanceof UsageError && e.message.includes(`"${bad}"`) && e.message.includes('^[a-z0-9]'));
  }
  const { tasks } = store();
  assert.throws(() => tasks.createOrGetTask({ name: '../etc', backbone: 'b', labels }), UsageError);
  assert.throws(() => tasks.createOrGetTask({ name: 'one', backbone: 'b', labels: ['only'] }), DataError);
});

test('versions increment, the newest is live, examples and JSON read back identically', () => {
  const { tasks } = store();
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  const v1 = version('spam', 3);
  assert.equal(tasks.saveHeadVersion(v1), 1);
  assert.equal(tasks.saveHeadVersion(version('spam', 5, { seed: 8 })), 2);
  assert.equal(tasks.getTask('spam').liveVersion, 2);

  const live = tasks.getHeadVersion('spam');
  assert.equal(live.version, 2);
  assert.equal(live.live, true);
  assert.equal(live.seed, 8);
  assert.equal(live.rows, 5);

  const first = tasks.getHeadVersion('spam', 1);
  assert.equal(first.live, false);
  assert.deepEqual(first.head, v1.head);
  assert.deepEqual(first.strategy, v1.strategy);
  assert.deepEqual(first.metrics, v1.metrics);
  assert.equal(first.dataHash, 'abc123');
  assert.deepEqual(tasks.trainingExamples('spam', 1), v1.examples);
  assert.equal(tasks.trainingExamples('spam', 2).length, 5);

  assert.deepEqual(tasks.listVersions('spam').map((v) => [v.version, v.live, v.rows]), [[1, false, 3], [2, true, 5]]);
});

test('a failure mid-way through a save leaves no version and no examples', () => {
  const { db, tasks } = store();
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  tasks.saveHeadVersion(version('spam', 2));
  // The third example of the next save violates a constraint after the head row and two
  // examples have been written.
  db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON training_examples WHEN NEW.version = 2 AND NEW.position = 2
           BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
  assert.throws(() => tasks.saveHeadVersion(version('spam', 4)), (e: unknown) => {
    assert.ok(e instanceof GraftError);
    assert.equal(e.code, 'store_write_failed');
    assert.match(e.message, /disk says no/);
    assert.match(e.message, /Nothing was saved/);
    return true;
  });
  assert.equal(count(db, 'head_versions'), 1);
  assert.equal(count(db, 'training_examples'), 2);
  assert.equal(tasks.getTask('spam').liveVersion, 1);
  db.exec('DROP TRIGGER fail_third');
  // a NOT NULL violation (no id) part-way is rolled back the same way
  const bad = version('spam', 4);
  (bad.examples[3] as { id: unknown }).id = null;
  assert.throws(() => tasks.saveHeadVersion(bad), /NOT NULL/);
  assert.equal(count(db, 'head_versions'), 1);
  assert.equal(count(db, 'training_examples'), 2);
  assert.equal(tasks.saveHeadVersion(version('spam', 1)), 2);
});

test('examples with labels outside the task, or a head with other labels, are refused before writing', () => {
  const { db, tasks } = store();
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  const v = version('spam', 3);
  (v.examples[1] as { label: string }).label = 'phish';
  assert.throws(() => tasks.saveHeadVersion(v), (e: unknown) => e instanceof DataError && /examples\[1\].*"phish"/.test(e.message));
  assert.throws(() => tasks.saveHeadVersion(version('spam', 1, { head: { ...headJson(), labels: ['a', 'b'] } })), /head's labels/);
  assert.equal(count(db, 'head_versions'), 0);
});

test('missing tasks and versions are NotFoundErrors that list what exists', () => {
  const { tasks } = store();
  assert.throws(() => tasks.getHeadVersion('nope'), (e: unknown) => e instanceof NotFoundError && /no tasks yet/.test(e.message));
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  tasks.createOrGetTask({ name: 'intent', backbone: 'use-lite@1', labels: ['a', 'b'] });
  assert.throws(() => tasks.getHeadVersion('nope'), /No task named "nope"\. Tasks: intent, spam\./);
  assert.throws(() => tasks.getHeadVersion('spam'), /has no head yet/);
  tasks.saveHeadVersion(version('spam'));
  tasks.saveHeadVersion(version('spam'));
  assert.throws(() => tasks.getHeadVersion('spam', 5), (e: unknown) =>
    e instanceof NotFoundError && /no version 5\. Its versions are 1, 2 \(live: 2\)/.test(e.message));
  assert.throws(() => tasks.trainingExamples('spam', 9), NotFoundError);
  assert.throws(() => tasks.listVersions('other'), NotFoundError);
});

test('listTasks summarises each task with its live metrics', () => {
  const { tasks } = store();
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  tasks.createOrGetTask({ name: 'empty', backbone: 'hash-256', labels: ['x', 'y'] });
  tasks.saveHeadVersion(version('spam', 2, { metrics: { accuracy: 0.8 } }));
  tasks.saveHeadVersion(version('spam', 2, { metrics: { accuracy: 0.9 } }));
  const list = tasks.listTasks();
  assert.deepEqual(list.map((t) => [t.name, t.liveVersion, t.versions, t.metrics]), [
    ['empty', null, 0, null],
    ['spam', 2, 2, { accuracy: 0.9 }],
  ]);
  const spam = list[1]!;
  assert.ok(spam.updatedAt > spam.createdAt);
  assert.equal(list[0]!.updatedAt, list[0]!.createdAt);
});

test('a database file reopened reads back identical JSON', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-store-'));
  try {
    const v = version('spam', 4);
    let db = openDb(home);
    const a = new TaskStore(db);
    a.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
    assert.equal(a.saveHeadVersion(v), 1);
    const before = a.getHeadVersion('spam');
    db.close();

    db = openDb(home);
    const b = new TaskStore(db);
    const after = b.getHeadVersion('spam');
    assert.deepEqual(after, before);
    assert.deepEqual(after.head, v.head);
    assert.deepEqual(b.trainingExamples('spam', 1), v.examples);
    assert.equal(b.saveHeadVersion(version('spam', 1)), 2);
    db.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('saveHeadVersion with moveExamplesFrom takes the older version\'s rows over in place, in order, and refuses a count that differs', () => {
  const { db, tasks } = store();
  tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels });
  const v1 = tasks.saveHeadVersion(version('spam', 5));
  const before = tasks.trainingExamples('spam', v1);
  db.prepare('DELETE FROM training_examples WHERE task = ? AND version = ? AND position = 2').run('spam', v1);
  const keep = before.filter((_, i) => i !== 2);
  // A count that differs from the rows there: nothing is saved, the rows stay where they were.
  assert.throws(() => tasks.saveHeadVersion(version('spam', 0, { examples: before, moveExamplesFrom: v1 })),
    (e: unknown) => e instanceof GraftError && /holds 4 examples, not the 5 given/.test(e.message));
  assert.equal(tasks.getTask('spam').liveVersion, v1);
  assert.equal(tasks.trainingExamples('spam', v1).length, 4);
  const v2 = tasks.saveHeadVersion(version('spam', 0, { examples: keep, moveExamplesFrom: v1 }));
  assert.deepEqual(tasks.trainingExamples('spam', v2), keep);
  assert.equal(tasks.trainingExamples('spam', v1).length, 0);
  assert.equal(tasks.listVersions('spam').find((v) => v.version === v2)!.rows, 4);
  assert.equal(count(db, 'training_examples'), 4, 'moved, not copied');
});
