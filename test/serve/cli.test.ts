/** `graft keys` (create prints the key once, list, revoke) and `graft serve`'s usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore, openDb } from '../../src/store/index.js';
import { graftInProcess } from '../cli/in-process.js';
import { serveCommand, USAGE_LIMITS } from '../../src/cli/serve.js';
import { DEFAULT_LIMITS } from '../../src/serve/index.js';

test('graft keys create prints the key once (only its hash is stored); list and revoke', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'graft-keys-'));
  const made = await graftInProcess(cwd, ['keys', 'create', '--scope', 'predict', '--task', 'spam', '--task', 'ham,tickets', '--name', 'mail app', '--rate', '120']);
  assert.equal(made.code, 0, made.err);
  const secret = made.out.trim();
  assert.match(secret, /^graft_k_[0-9a-f]{12}_[\w-]{43}$/);
  assert.match(made.err, /scope predict, tasks ham, spam, tickets, 120\/min \(mail app\)/);
  assert.match(made.err, /only time the key is shown/);
  assert.ok(!readFileSync(join(cwd, '.graft', 'graft.db')).includes(secret.slice(-43)), 'the secret is not in the database file');
  const db = openDb(join(cwd, '.graft'));
  const key = new ApiKeyStore(db).verify(secret);
  db.close();
  assert.deepEqual(key?.tasks, ['ham', 'spam', 'tickets']);

  const list = await graftInProcess(cwd, ['keys', 'list']);
  assert.match(list.out, new RegExp(`^${key!.id}  scope predict`));
  assert.ok(!list.out.includes(secret.slice(-43)));
  const json = JSON.parse((await graftInProcess(cwd, ['keys', 'list', '--json'])).out) as { keys: { id: string; revokedAt: string | null }[] };
  assert.deepEqual(json.keys.map((k) => [k.id, k.revokedAt]), [[key!.id, null]]);

  const revoked = await graftInProcess(cwd, ['keys', 'revoke', key!.id]);
  assert.equal(revoked.code, 0);
  assert.match(revoked.out, /get 401 from now on/);
  assert.match((await graftInProcess(cwd, ['keys', 'list'])).out, /revoked /);
});

test('graft serve\'s usage gives the server\'s default limits', () => {
  assert.deepEqual(USAGE_LIMITS, {
    texts: DEFAULT_LIMITS.texts, chars: DEFAULT_LIMITS.chars, bodyMb: DEFAULT_LIMITS.bodyBytes / 2 ** 20, uploadMb: DEFAULT_LIMITS.uploadBytes / 2 ** 20,
  });
  for (const v of Object.values(USAGE_LIMITS)) assert.match(serveCommand.usage, new RegExp(`\\(default ${v}\\)`));
});

test('graft keys and graft serve: usage errors say what to do', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'graft-keys-'));
  const cases: [string[], RegExp][] = [
    [['keys', 'create'], /needs --scope \(predict, train, admin\)/],
    [['keys', 'create', '--scope', 'root'], /Unknown scope "root"/],
    [['keys', 'create', '--scope', 'predict', '--rate', '0'], /--rate must be a whole number from 1/],
    [['keys', 'revoke', 'k_nope'], /No API key "k_nope"/],
    [['keys'], /give one of: create, list, revoke ID/],
    [['serve', '--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['serve', '--log-level', 'loud'], /--log-level must be one of/],
    [['serve', '--backbones', 'gpt'], /gpt/],
    [['serve', '--host', '0.0.0.0', '--port', '0', '--backbones', 'hashing'], /Refusing to listen on 0\.0\.0\.0 without an API key/],
  ];
  for (const [argv, message] of cases) {
    const r = await graftInProcess(cwd, argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
  }
});
