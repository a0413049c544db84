/**
 * The auth matrix: every route × no key, a bad or revoked key, each scope, and a key limited
 * to another task. Then the loopback rule, and per-key rate limits.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ApiKeyStore, openDb } from '../../src/store/index.js';
import type { ApiScope } from '../../src/store/index.js';
import { listen } from '../../src/serve/index.js';
import { oncePerTurn } from '../../src/serve/auth.js';
import { failure, serverFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

type Scope = ApiScope | 'public';
/** What a key limited to the task `topics` gets on a route about `sports` (or about every task). */
type Limited = 'ok' | 403;

interface Route { method: 'GET' | 'POST' | 'DELETE'; url: string; scope: Scope; limited: Limited; payload?: object }

const ROUTES: Route[] = [
  { method: 'GET', url: '/healthz', scope: 'public', limited: 'ok' },
  { method: 'GET', url: '/readyz', scope: 'public', limited: 'ok' },
  { method: 'GET', url: '/openapi.json', scope: 'public', limited: 'ok' },
  { method: 'GET', url: '/docs/', scope: 'public', limited: 'ok' },
  { method: 'GET', url: '/metrics', scope: 'predict', limited: 403 },
  { method: 'GET', url: '/v1/info', scope: 'predict', limited: 'ok' },
  { method: 'GET', url: '/v1/me', scope: 'predict', limited: 'ok' },
  { method: 'POST', url: '/v1/uploads/scan', scope: 'predict', limited: 'ok' },
  { method: 'POST', url: '/v1/uploads/preview', scope: 'train', limited: 'ok' },
  { method: 'POST', url: '/v1/scan', scope: 'predict', limited: 'ok', payload: { texts: ['hello'] } },
  { method: 'POST', url: '/v1/embeddings', scope: 'predict', limited: 'ok', payload: { input: 'hello', model: 'hashing' } },
  { method: 'GET', url: '/v1/tasks', scope: 'predict', limited: 'ok' },
  { method: 'GET', url: '/v1/tasks/sports', scope: 'predict', limited: 403 },
  { method: 'POST', url: '/v1/tasks/sports/predict', scope: 'predict', limited: 403, payload: { texts: ['rain'] } },
  { method: 'POST', url: '/v1/predict', scope: 'predict', limited: 403, payload: { tasks: ['topics', 'sports'], texts: ['rain'] } },
  { method: 'POST', url: '/v1/tasks/sports/deploy', scope: 'admin', limited: 403, payload: { version: 1 } },
  { method: 'POST', url: '/v1/tasks/sports/rollback', scope: 'admin', limited: 403 },
  { method: 'POST', url: '/v1/tasks/sports/fit', scope: 'train', limited: 403, payload: { rows: [{ text: 'a', label: 'x' }] } },
  { method: 'POST', url: '/v1/evaluations', scope: 'train', limited: 403, payload: { rows: [{ text: 'a', label: 'x' }] } },
  { method: 'POST', url: '/v1/advice', scope: 'train', limited: 403, payload: { rows: [{ text: 'a', label: 'x' }] } },
  { method: 'GET', url: '/v1/jobs', scope: 'train', limited: 'ok' },
  { method: 'GET', url: '/v1/jobs/JOB', scope: 'train', limited: 403 },
  { method: 'GET', url: '/v1/jobs/JOB/events', scope: 'train', limited: 403 },
  { method: 'DELETE', url: '/v1/jobs/JOB', scope: 'train', limited: 403 },
  { method: 'GET', url: '/v1/runs', scope: 'train', limited: 403 },
  { method: 'GET', url: '/v1/runs/RUN', scope: 'train', limited: 403 },
  { method: 'GET', url: '/v1/runs/RUN/report', scope: 'train', limited: 403 },
  { method: 'GET', url: '/v1/tasks/sports/audit', scope: 'admin', limited: 403 },
  { method: 'POST', url: '/v1/tasks/sports/forget', scope: 'admin', limited: 403, payload: { id: 'no-such-example' } },
  // (a rename to a name that exists, and a delete of a task that does not: they change nothing)
  { method: 'POST', url: '/v1/tasks/sports/rename', scope: 'admin', limited: 403, payload: { to: 'topics' } },
  { method: 'DELETE', url: '/v1/tasks/nope', scope: 'admin', limited: 403 },
];

const RANK: Record<Scope, number> = { public: -1, predict: 0, train: 1, admin: 2 };

let f: Fixture;
const secrets: Record<string, string> = {};
let jobId = '';
let runId = '';

before(async () => {
  f = await serverFixture();
  const db = openDb(f.home);
  const keys = new ApiKeyStore(db);
  for (const scope of ['predict', 'train', 'admin'] as const) secrets[scope] = keys.create({ scope }).secret;
  secrets.limitedPredict = keys.create({ scope: 'predict', tasks: ['topics'] }).secret;
  secrets.limitedAdmin = keys.create({ scope: 'admin', tasks: ['topics'] }).secret;
  const revoked = keys.create({ scope: 'admin' });
  keys.revoke(revoked.key.id);
  secrets.revoked = revoked.secret;
  db.close();
  // a job about `sports` and a run, for the routes that read them
  const job = await f.app.inject({ method: 'POST', url: '/v1/tasks/sports/fit', headers: auth(secrets.admin!), payload: { rows: [], folds: 0 } });
  assert.equal(job.statusCode, 400); // (validated before any job is made)
  const ok = await f.app.inject({
    method: 'POST', url: '/v1/tasks/sports/fit', headers: auth(secrets.admin!),
    payload: { rows: [{ text: 'rain', label: 'weather' }, { text: 'goal', label: 'football' }], folds: 0, backbone: 'hashing', strategy: 'centroid' },
  });
  jobId = (ok.json() as { id: string }).id;
  runId = (await f.ws.evaluate((await import('../../src/data/index.js')).datasetFromExamples(
    [{ id: '1', text: 'rain', label: 'a', line: 1 }, { id: '2', text: 'sun', label: 'a', line: 2 }, { id: '3', text: 'goal', label: 'b', line: 3 }, { id: '4', text: 'match', label: 'b', line: 4 }],
    { source: 'x' }), { backbones: ['hashing'], strategies: ['centroid'], folds: 2, seed: 1 })).runId;
});
after(() => f.close());

const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function call(r: Route, headers: Record<string, string> = {}) {
  return f.app.inject({ method: r.method, url: r.url.replace('JOB', jobId).replace('RUN', runId), headers, ...(r.payload ? { payload: r.payload } : {}) });
}

test('the table covers every route the server documents', async () => {
  const doc = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) }).parse((await call(ROUTES[2]!)).json());
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
  const listed = ROUTES.map((r) => `${r.method} ${r.url.replace('/JOB', '/:id').replace('/RUN', '/:id').replace('/sports', '/:task').replace('/nope', '/:task')}`);
  for (const d of documented) assert.ok(listed.includes(d), `route ${d} is in the auth matrix`);
});

for (const r of ROUTES) {
  test(`${r.method} ${r.url}: ${r.scope}`, async () => {
    const anonymous = await call(r);
    if (r.scope === 'public') {
      assert.ok(anonymous.statusCode < 400, `${anonymous.statusCode} ${anonymous.body.slice(0, 200)}`);
      return;
    }
    failure(anonymous, 401, 'unauthorized');
    failure(await call(r, { authorization: 'Bearer graft_k_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 401, 'unauthorized');
    failure(await call(r, { authorization: `Basic ${secrets.admin}` }), 401, 'unauthorized');
    failure(await call(r, auth(secrets.revoked!)), 401, 'unauthorized');
    for (const scope of ['predict', 'train', 'admin'] as const) {
      const res = await call(r, auth(secrets[scope]!));
      if (RANK[scope] < RANK[r.scope]) failure(res, 403, 'forbidden');
      else assert.ok(![401, 403].includes(res.statusCode), `${scope} key: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const limited = await call(r, auth(r.scope === 'predict' ? secrets.limitedPredict! : secrets.limitedAdmin!));
    if (r.limited === 403) failure(limited, 403, 'forbidden');
    else assert.ok(![401, 403].includes(limited.statusCode), `task-limited key: ${limited.statusCode} ${limited.body.slice(0, 200)}`);
  });
}

test('a task-limited key sees only its tasks, and may use them', async () => {
  const list = (await f.app.inject({ method: 'GET', url: '/v1/tasks', headers: auth(secrets.limitedPredict!) })).json() as { tasks: { name: string }[] };
  assert.deepEqual(list.tasks.map((t) => t.name), ['topics']);
  const p = await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', headers: auth(secrets.limitedPredict!), payload: { texts: ['rain'] } });
  assert.equal(p.statusCode, 200);
  const jobs = (await f.app.inject({ method: 'GET', url: '/v1/jobs', headers: auth(secrets.limitedAdmin!) })).json() as { jobs: unknown[] };
  assert.deepEqual(jobs.jobs, [], 'the sports job is not listed');
});

test('without any key a loopback server answers everyone; a server that requires keys answers 401 until one exists', async () => {
  const open = await serverFixture({ tasks: false });
  const closed = await serverFixture({ tasks: false, requireKeys: true });
  try {
    assert.equal((await open.app.inject({ method: 'GET', url: '/v1/runs' })).statusCode, 200);
    assert.equal((await open.app.inject({ method: 'GET', url: '/v1/info' })).json().auth.keysRequired, false);
    failure(await closed.app.inject({ method: 'GET', url: '/v1/runs' }), 401, 'unauthorized');
    assert.equal((await closed.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  } finally {
    await open.close();
    await closed.close();
  }
});

test('listen refuses a non-loopback address without a key, and requires keys there', async () => {
  const fx = await serverFixture({ tasks: false });
  try {
    await assert.rejects(listen(fx.ws, { host: '0.0.0.0', port: 0, backbones: ['hashing'] }), /Refusing to listen on 0\.0\.0\.0 without an API key/);
    const db = openDb(fx.home);
    const key = new ApiKeyStore(db).create({ scope: 'predict' }).secret;
    db.close();
    const server = await listen(fx.ws, { host: '0.0.0.0', port: 0, backbones: ['hashing'] });
    try {
      assert.equal(server.keysRequired, true);
      const url = server.url.replace('0.0.0.0', '127.0.0.1');
      assert.equal((await fetch(`${url}/v1/info`)).status, 401);
      assert.equal((await fetch(`${url}/v1/info`, { headers: auth(key) })).status, 200);
    } finally {
      await server.close();
    }
  } finally {
    await fx.close();
  }
});

test('a key over its rate gets 429 with Retry-After', async () => {
  const db = openDb(f.home);
  const slow = new ApiKeyStore(db).create({ scope: 'predict', ratePerMinute: 6 }).secret;
  db.close();
  const first = await f.app.inject({ method: 'GET', url: '/v1/info', headers: auth(slow) });
  assert.equal(first.statusCode, 200);
  const second = await f.app.inject({ method: 'GET', url: '/v1/info', headers: auth(slow) });
  const e = failure(second, 429, 'rate_limited');
  assert.match(e.message, /6 requests a minute/);
  const wait = Number(second.headers['retry-after']);
  assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 10, `Retry-After ${second.headers['retry-after']}`);
  // another key is not slowed by this one
  assert.equal((await f.app.inject({ method: 'GET', url: '/v1/info', headers: auth(secrets.predict!) })).statusCode, 200);
});

test('whether any key exists is read once per turn of the event loop: requests of one turn share it, the next turn reads again', async () => {
  let reads = 0;
  let active = false;
  const anyActive = oncePerTurn(() => (reads++, active));
  assert.deepEqual([anyActive(), anyActive(), anyActive()], [false, false, false]);
  assert.equal(reads, 1);
  active = true; // a key created meanwhile (by the CLI, in another process)
  assert.equal(anyActive(), false, 'the same turn keeps its answer');
  await new Promise((r) => setImmediate(r));
  assert.equal(anyActive(), true, 'the next turn sees the key');
  assert.equal(reads, 2);
});
