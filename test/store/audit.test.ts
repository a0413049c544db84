import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/core/index.js';
import { AuditLog, openMemoryDb } from '../../src/store/index.js';
import { clock } from './fixtures.js';

test('entries are kept per task, oldest first, with their detail', () => {
  const audit = new AuditLog(openMemoryDb(), { now: clock() });
  const first = audit.append('spam', 'train', { version: 1, rows: 40 });
  audit.append('intent', 'train', { version: 1 });
  audit.append('spam', 'deploy', { version: 1 });
  const list = audit.list('spam');
  assert.deepEqual(list.map((e) => e.action), ['train', 'deploy']);
  assert.deepEqual(list[0], first);
  assert.deepEqual(list[0]!.detail, { version: 1, rows: 40 });
  assert.ok(list[1]!.at > list[0]!.at);
  assert.deepEqual(audit.list('none'), []);
});

test('an entry needs an action', () => {
  const audit = new AuditLog(openMemoryDb());
  assert.throws(() => audit.append('spam', '', {}), UsageError);
});
