import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKeyStore, openMemoryDb, scopeAllows } from '../../src/store/index.js';
import { clock } from './fixtures.js';

test('a key is shown once and only its hash is kept; verify finds it, revoke ends it', () => {
  const db = openMemoryDb();
  const keys = new ApiKeyStore(db, { now: clock() });
  assert.equal(keys.anyActive(), false);
  const { key, secret } = keys.create({ scope: 'predict', tasks: ['spam', 'ham', 'spam'], name: 'mail app', ratePerMinute: 60 });
  assert.match(secret, /^graft_k_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(key.tasks, ['ham', 'spam']);
  assert.equal(keys.anyActive(), true);
  // nothing in the database holds the secret part
  const dump = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
  assert.ok(!dump.includes(secret.slice(-43)));
  assert.deepEqual(keys.verify(secret), key);
  assert.equal(keys.verify(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`), undefined, 'one character off');
  assert.equal(keys.verify('graft_k_000000000000_' + 'A'.repeat(43)), undefined, 'unknown id');
  assert.equal(keys.verify('Bearer nonsense'), undefined);
  const revoked = keys.revoke(key.id);
  assert.ok(revoked.revokedAt);
  assert.equal(keys.verify(secret), undefined);
  assert.equal(keys.anyActive(), false);
  assert.equal(keys.revoke(key.id).revokedAt, revoked.revokedAt, 'revoking twice keeps the first time');
  assert.deepEqual(keys.list().map((k) => k.id), [key.id]);
});

test('bad scopes, tasks and rates are refused; scopes nest', () => {
  const keys = new ApiKeyStore(openMemoryDb());
  assert.throws(() => keys.create({ scope: 'root' }), /Unknown scope "root"; scopes are predict, train, admin/);
  assert.throws(() => keys.create({ scope: 'predict', tasks: ['Not A Task'] }), /is not allowed/);
  assert.throws(() => keys.create({ scope: 'predict', ratePerMinute: 0 }), /at least 1/);
  assert.throws(() => keys.revoke('k_nope'), /No API key "k_nope"/);
  assert.equal(scopeAllows('admin', 'predict'), true);
  assert.equal(scopeAllows('train', 'admin'), false);
  assert.equal(scopeAllows('predict', 'predict'), true);
});
