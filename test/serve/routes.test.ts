/**
 * Every route through `inject` (no port): its success answer, held to the schema the OpenAPI
 * document publishes, and each of its 4xx answers in graft's error shape.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  AuditSchema, DeploySchema, EmbeddingsSchema, ForgetSchema, HealthSchema, InfoSchema, PredictManySchema, PredictResultSchema,
  ReadySchema, ScanSchema, TaskDetailSchema, TaskListSchema,
} from '../../src/serve/schemas.js';
import { embeddingsJson } from '../../src/serve/routes/embeddings.js';
import { body, failure, serverFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await serverFixture({ limits: { texts: 8, chars: 300, bodyBytes: 16 * 1024 } });
});
after(() => f.close());

const post = (url: string, payload: unknown) => f.app.inject({ method: 'POST', url, payload: payload as object });
const get = (url: string) => f.app.inject({ method: 'GET', url });

test('POST /v1/tasks/{task}/predict: labels, probabilities and the novelty verdict per text', async () => {
  const r = body(await post('/v1/tasks/topics/predict', { texts: ['rain and storm today', 'the striker scored a goal'] }), PredictResultSchema);
  assert.equal(r.task, 'topics');
  assert.equal(r.version, 2);
  assert.deepEqual(r.predictions.map((p) => p.label), ['weather', 'football']);
  for (const p of r.predictions) {
    assert.ok(Math.abs(Object.values(p.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.equal(typeof p.outOfDistribution, 'boolean');
    assert.equal(typeof p.novelty, 'number');
    assert.equal(p.explanation, undefined);
  }
  // the answer is what the Workspace gives for the same texts
  const direct = await f.ws.predict('topics', ['rain and storm today']);
  assert.deepEqual(r.predictions[0]!.probabilities, direct.predictions[0]!.probabilities);
});

test('predict: an older version on request, and explanations on request', async () => {
  const v1 = body(await post('/v1/tasks/topics/predict', { texts: ['rain and storm today'], version: 1 }), PredictResultSchema);
  assert.equal(v1.version, 1);
  const ex = body(await post('/v1/tasks/topics/predict', { texts: ['rain and storm today'], explain: true }), PredictResultSchema);
  const e = ex.predictions[0]!.explanation!;
  assert.equal(e.text, 'rain and storm today');
  assert.deepEqual(e.attributions.map((a) => a.word), ['rain', 'and', 'storm', 'today']);
});

test('predict: each bad request is a 4xx in the error shape', async () => {
  failure(await post('/v1/tasks/topics/predict', { texts: [] }), 400, 'bad_request');
  failure(await post('/v1/tasks/topics/predict', { texts: Array(9).fill('rain') }), 400, 'bad_request');
  const long = failure(await post('/v1/tasks/topics/predict', { texts: ['ok', 'x'.repeat(301)] }), 400, 'bad_request');
  assert.equal(long.issues![0]!.path, 'body.texts.1');
  failure(await post('/v1/tasks/topics/predict', { texts: ['ok'], temperature: 2 }), 400, 'bad_request');
  failure(await post('/v1/tasks/topics/predict', { texts: 'rain' }), 400, 'bad_request');
  failure(await post('/v1/tasks/topics/predict', { texts: ['ok'], version: 0 }), 400, 'bad_request');
  failure(await post('/v1/tasks/nope/predict', { texts: ['rain'] }), 404, 'no_task');
  failure(await post('/v1/tasks/topics/predict', { texts: ['rain'], version: 9 }), 404);
  const broken = await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', headers: { 'content-type': 'application/json' }, payload: '{"texts": ["secret words' });
  failure(broken, 400, 'bad_json');
  const plain = await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', headers: { 'content-type': 'text/plain' }, payload: 'rain' });
  failure(plain, 415, 'unsupported_media_type');
  failure(await post('/v1/tasks/topics/predict', { texts: ['a'.repeat(299)], pad: 'x'.repeat(20_000) }), 413, 'body_too_large');
});

test('POST /v1/predict: several tasks on the same texts; an unknown task is a 404', async () => {
  const r = body(await post('/v1/predict', { tasks: ['topics', 'sports'], texts: ['rain and storm today'] }), PredictManySchema);
  assert.deepEqual(r.results.map((x) => x.task), ['topics', 'sports']);
  assert.equal(r.results[0]!.predictions.length, 1);
  failure(await post('/v1/predict', { tasks: [], texts: ['rain'] }), 400, 'bad_request');
  failure(await post('/v1/predict', { tasks: ['topics'], texts: [] }), 400, 'bad_request');
  failure(await post('/v1/predict', { tasks: ['topics', 'nope'], texts: ['rain'] }), 404, 'no_task');
});

test('POST /v1/embeddings: float and base64 give the backbone\'s vectors; usage counts tokens', async () => {
  const texts = ['hello world', 'rain and storm today'];
  const float = body(await post('/v1/embeddings', { input: texts, model: 'hashing' }), EmbeddingsSchema);
  const b64 = body(await post('/v1/embeddings', { input: texts, model: 'hashing', encoding_format: 'base64' }), EmbeddingsSchema);
  const direct = await f.ws.embed('hashing', texts);
  assert.equal(float.object, 'list');
  assert.equal(float.model, 'hashing');
  assert.deepEqual(float.data.map((d) => d.index), [0, 1]);
  for (let i = 0; i < texts.length; i++) {
    const v = float.data[i]!.embedding as number[];
    assert.equal(v.length, 4096);
    assert.deepEqual(Float32Array.from(v), direct.matrix.row(i));
    const buf = Buffer.from(b64.data[i]!.embedding as string, 'base64');
    assert.deepEqual(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4), direct.matrix.row(i));
  }
  assert.equal(float.usage.prompt_tokens, 6);
  assert.equal(float.usage.total_tokens, 6);
  // the answer is written without JSON.stringify: its bytes must be exactly what that would give
  for (const encoding_format of ['float', 'base64']) {
    const res = await post('/v1/embeddings', { input: texts, model: 'hashing', encoding_format });
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.body, JSON.stringify(JSON.parse(res.body)), encoding_format);
  }
  const answer = {
    object: 'list' as const,
    data: [{ object: 'embedding' as const, index: 0, embedding: 'AACAPwAAAL8=' }, { object: 'embedding' as const, index: 1, embedding: [0.5, -0, 1e-7, -3.4e38] }],
    model: 'hashing', usage: { prompt_tokens: 3, total_tokens: 3 },
  };
  assert.deepEqual(embeddingsJson(answer), Buffer.from(JSON.stringify(answer)));
  // a model name outside ASCII (a local model's path) is written as UTF-8, its bytes counted as such
  const named = { ...answer, model: 'onnx:/modèles/ünï"✓' };
  assert.deepEqual(embeddingsJson(named), Buffer.from(JSON.stringify(named)));
  const one = body(await post('/v1/embeddings', { input: 'hello world', model: 'hashing', dimensions: 4096 }), EmbeddingsSchema);
  assert.equal(one.data.length, 1);
  failure(await post('/v1/embeddings', { input: 'hello', model: 'gpt-4' }), 404, 'model_not_found');
  failure(await post('/v1/embeddings', { input: 'hello', model: 'hashing', dimensions: 256 }), 400, 'bad_dimensions');
  failure(await post('/v1/embeddings', { input: [[1, 2, 3]], model: 'hashing' }), 400, 'bad_request');
  failure(await post('/v1/embeddings', { input: 'hello', model: 'hashing', encoding_format: 'int8' }), 400, 'bad_request');
  failure(await post('/v1/embeddings', { input: [], model: 'hashing' }), 400, 'bad_request');
});

test('GET /v1/tasks and /v1/tasks/{task}', async () => {
  const list = body(await get('/v1/tasks'), TaskListSchema);
  assert.deepEqual(list.tasks.map((t) => t.name), ['sports', 'topics']);
  const t = body(await get('/v1/tasks/topics'), TaskDetailSchema);
  assert.deepEqual(t.labels, ['cooking', 'football', 'weather']);
  assert.deepEqual(t.versions.map((v) => [v.version, v.live]), [[1, false], [2, true]]);
  failure(await get('/v1/tasks/nope'), 404, 'no_task');
  failure(await get('/v1/tasks/Bad%20Name'), 400, 'bad_request');
});

test('deploy and rollback change what predict answers with, audited', async () => {
  const d = body(await post('/v1/tasks/sports/deploy', { version: 1 }), DeploySchema);
  assert.deepEqual([d.from, d.to], [1, 1]);
  body(await post('/v1/tasks/topics/deploy', { version: 1 }), DeploySchema);
  assert.equal(body(await post('/v1/tasks/topics/predict', { texts: ['rain'] }), PredictResultSchema).version, 1);
  failure(await post('/v1/tasks/topics/rollback', {}), 404, 'no_version');
  body(await post('/v1/tasks/topics/deploy', { version: 2 }), DeploySchema);
  const back = body(await post('/v1/tasks/topics/rollback', {}), DeploySchema);
  assert.deepEqual([back.from, back.to], [2, 1]);
  body(await post('/v1/tasks/topics/deploy', { version: 2 }), DeploySchema);
  failure(await post('/v1/tasks/topics/deploy', { version: 9 }), 404);
  failure(await post('/v1/tasks/topics/deploy', { version: 'two' }), 400, 'bad_request');
  failure(await post('/v1/tasks/topics/deploy', {}), 400, 'bad_request');
  failure(await post('/v1/tasks/nope/deploy', { version: 1 }), 404, 'no_task');
  failure(await post('/v1/tasks/nope/rollback', {}), 404, 'no_task');
  const audit = body(await get('/v1/tasks/topics/audit'), AuditSchema);
  assert.deepEqual(audit.entries.map((e) => e.action).slice(-4), ['deploy', 'deploy', 'rollback', 'deploy']);
  failure(await get('/v1/tasks/nope/audit'), 404);
});

test('POST /v1/tasks/{task}/forget: exact unlearning by id; bad selectors are 400', async () => {
  const r = body(await post('/v1/tasks/sports/forget', { id: 'weather-0' }), ForgetSchema);
  assert.equal(r.removedTexts, 1);
  assert.deepEqual(r.deletedVersions, [1]);
  assert.equal(r.liveVersion, 2);
  assert.equal(body(await post('/v1/tasks/sports/predict', { texts: ['rain'] }), PredictResultSchema).version, 2);
  failure(await post('/v1/tasks/sports/forget', { id: 'weather-1', text: 'rain' }), 400, 'bad_request');
  failure(await post('/v1/tasks/sports/forget', {}), 400, 'bad_request');
  failure(await post('/v1/tasks/nope/forget', { id: 'x' }), 404);
});

test('POST /v1/scan: findings by type, masked, never the value', async () => {
  const r = body(await post('/v1/scan', { texts: ['mail zelda.quux@example.org today', 'nothing here'] }), ScanSchema);
  assert.equal(r.texts, 2);
  assert.equal(r.byType.EMAIL, 1);
  assert.match(r.issues[0]!.path, /^input:1\b/);
  assert.ok(!JSON.stringify(r).includes('zelda.quux'));
  failure(await post('/v1/scan', { texts: [] }), 400, 'bad_request');
});

test('service routes: healthz, readyz, info, metrics, openapi.json, docs, unknown routes', async () => {
  body(await get('/healthz'), HealthSchema);
  assert.deepEqual(body(await get('/readyz'), ReadySchema).checks, { store: 'ok', backbone: 'ready' });
  const info = body(await get('/v1/info'), InfoSchema);
  assert.deepEqual(info.backbones, [{ name: 'hashing', id: 'hashing@1-d4096', dim: 4096, maxTokens: null, tokens: 'estimated' }]);
  assert.equal(info.limits.texts, 8);
  assert.equal(info.auth.keysRequired, false);
  const metrics = await get('/metrics');
  assert.equal(metrics.statusCode, 200);
  assert.match(metrics.headers['content-type'] as string, /^text\/plain/);
  assert.match(metrics.body, /graft_http_requests_total\{route="\/v1\/tasks\/:task\/predict",method="POST",status="200"\} \d+/);
  assert.match(metrics.body, /graft_predictions_total\{task="topics"\} \d+/);
  assert.match(metrics.body, /graft_embed_texts_total\{backbone="hashing"\} \d+/);
  assert.match(metrics.body, /graft_embed_batch_size_count\{backbone="hashing"\} \d+/);
  const doc = z.object({ openapi: z.string(), paths: z.record(z.string(), z.record(z.string(), z.unknown())) }).parse((await get('/openapi.json')).json());
  const routes = f.app.printRoutes({ commonPrefix: false });
  for (const path of ['/v1/tasks/{task}/predict', '/v1/predict', '/v1/embeddings', '/v1/tasks', '/v1/tasks/{task}', '/v1/tasks/{task}/deploy',
    '/v1/tasks/{task}/rollback', '/v1/tasks/{task}/audit', '/v1/tasks/{task}/forget', '/v1/tasks/{task}/fit', '/v1/evaluations', '/v1/jobs',
    '/v1/jobs/{id}', '/v1/jobs/{id}/events', '/v1/runs', '/v1/runs/{id}', '/v1/runs/{id}/report', '/v1/scan', '/v1/info', '/healthz', '/readyz', '/metrics']) {
    assert.ok(doc.paths[path], `openapi.json documents ${path}`);
    assert.ok(routes.includes(path.replace(/\{(\w+)\}/g, ':$1').split('/').pop()!), `route ${path} exists`);
  }
  const docs = await f.app.inject({ method: 'GET', url: '/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
  failure(await get('/v2/nothing'), 404, 'no_route');
  // request ids: made by the server, or an upstream one kept when it looks like an id
  assert.match((await get('/healthz')).headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  assert.equal((await f.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-42.a' } })).headers['x-request-id'], 'lb-42.a');
  assert.notEqual((await f.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'free text here' } })).headers['x-request-id'], 'free text here');
});
