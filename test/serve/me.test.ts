/**
 * `GET /v1/me` tells a client what its key may call, from the routes' own declarations, and the
 * dashboard's files are served at `/`. Nearest training examples need the train scope.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore, openDb } from '../../src/store/index.js';
import { MeSchema, PredictResultSchema } from '../../src/serve/schemas.js';
import { body, failure, serverFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
const secrets: Record<string, string> = {};
before(async () => {
  const web = mkdtempSync(join(tmpdir(), 'graft-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>graft</title><script type="module" src="/assets/app-1a2b.js"></script>');
  writeFileSync(join(web, 'assets', 'app-1a2b.js'), 'console.log("graft")');
  f = await serverFixture({ dashboard: web });
  const db = openDb(f.home);
  const keys = new ApiKeyStore(db);
  for (const scope of ['predict', 'train', 'admin'] as const) secrets[scope] = keys.create({ scope }).secret;
  secrets.limited = keys.create({ scope: 'admin', tasks: ['topics'] }).secret;
  db.close();
});
after(() => f.close());

const me = async (secret?: string) => body(await f.app.inject({ method: 'GET', url: '/v1/me', headers: secret ? { authorization: `Bearer ${secret}` } : {} }), MeSchema);

test('GET /v1/me: each scope is offered exactly the routes it may call', async () => {
  const predict = await me(secrets.predict);
  assert.equal(predict.key!.scope, 'predict');
  assert.equal(predict.keysRequired, true);
  assert.ok(predict.routes.includes('POST /v1/tasks/:task/predict'));
  assert.ok(!predict.routes.includes('POST /v1/tasks/:task/deploy'), 'no deploy for a predict key');
  const train = await me(secrets.train);
  assert.ok(!train.routes.includes('POST /v1/tasks/:task/deploy'), 'deploy needs admin');
  assert.ok(train.routes.includes('POST /v1/uploads/preview'));
  assert.ok(!train.routes.includes('POST /v1/tasks/:task/forget'));
  const admin = await me(secrets.admin);
  assert.ok(admin.routes.includes('POST /v1/tasks/:task/forget') && admin.routes.includes('GET /v1/tasks/:task/audit'));
  const limited = await me(secrets.limited);
  assert.deepEqual(limited.key!.tasks, ['topics']);
  assert.ok(!limited.routes.includes('GET /v1/runs'), 'a task-limited key may not read every task\'s runs');
  assert.ok(limited.routes.includes('POST /v1/tasks/:task/deploy'));
  // what /v1/me offers is what the server does: every offered route answers something other than 403
  const deploy = await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/deploy', headers: { authorization: `Bearer ${secrets.predict}` }, payload: { version: 1 } });
  failure(deploy, 403, 'forbidden');
  failure(await f.app.inject({ method: 'GET', url: '/v1/me' }), 401, 'unauthorized');
});

test('GET /v1/me without keys (loopback, none created): no key, every route', async () => {
  const open = await serverFixture({ tasks: false, dashboard: false });
  try {
    const r = body(await open.app.inject({ method: 'GET', url: '/v1/me' }), MeSchema);
    assert.equal(r.key, null);
    assert.equal(r.keysRequired, false);
    assert.ok(r.routes.includes('POST /v1/tasks/:task/forget'));
    assert.ok(!r.routes.includes('GET /healthz'), 'public routes are not listed');
    assert.equal((await open.app.inject({ method: 'GET', url: '/' })).statusCode, 404, 'dashboard: false serves none');
  } finally {
    await open.close();
  }
});

test('the dashboard is served at / with its assets, without a key, under a CSP', async () => {
  const page = await f.app.inject({ method: 'GET', url: '/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
  assert.match(page.body, /app-1a2b\.js/);
  const js = await f.app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
  assert.equal(js.statusCode, 200);
  assert.match(js.headers['content-type'] as string, /^text\/javascript/);
  assert.match(js.headers['cache-control'] as string, /immutable/);
  assert.equal((await f.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404);
  assert.equal((await f.app.inject({ method: 'GET', url: '/assets/../index.html' })).statusCode, 404);
});

test('a missing build says how to make it', async () => {
  const none = await serverFixture({ tasks: false, dashboard: mkdtempSync(join(tmpdir(), 'graft-noweb-')) });
  try {
    const r = await none.app.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /npm run build/);
  } finally {
    await none.close();
  }
});

test('predict with neighbours: the nearest stored training examples, for a train key only', async () => {
  const ask = (secret: string, payload: object) => f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', headers: { authorization: `Bearer ${secret}` }, payload });
  const r = body(await ask(secrets.train!, { texts: ['rain and storm today'], explain: true, neighbours: 3 }), PredictResultSchema);
  const n = r.predictions[0]!.explanation!.neighbours!;
  assert.equal(n.length, 3);
  assert.equal(n[0]!.label, 'weather');
  assert.ok(n[0]!.similarity >= n[1]!.similarity && n[1]!.similarity >= n[2]!.similarity);
  assert.match(n[0]!.text!, /today/);
  failure(await ask(secrets.predict!, { texts: ['rain'], explain: true, neighbours: 3 }), 403, 'forbidden');
  failure(await ask(secrets.train!, { texts: ['rain'], neighbours: 3 }), 400, 'bad_request');
  const plain = body(await ask(secrets.predict!, { texts: ['rain'], explain: true }), PredictResultSchema);
  assert.equal(plain.predictions[0]!.explanation!.neighbours, undefined);
});
