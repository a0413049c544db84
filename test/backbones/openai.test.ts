import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { BackboneError } from '../../src/core/index.js';
import { CachedBackbone, MemoryEmbeddingCache, OpenAiBackbone, createBackbone, openBackbone, parseBackboneSpec } from '../../src/backbones/index.js';
import type { OpenAiOptions } from '../../src/backbones/index.js';
import { SqliteEmbeddingCache, openMemoryDb } from '../../src/store/index.js';
import { DIMENSION_PROBE } from '../../src/backbones/openai/index.js';
import { runBackboneConformance } from './conformance.js';
import { FakeOpenAi, fakeVector } from './fake-openai.js';

const KEY = 'sk-test-0123456789abcdefSECRET';
const fake = await FakeOpenAi.start();
after(() => fake.close());

runBackboneConformance('openai', {
  make: () => new OpenAiBackbone({ model: 'fake-8', endpoint: fake.url, batchSize: 3 }, { OPENAI_API_KEY: KEY }),
  spec: { kind: 'openai', options: { model: 'fake-8', endpoint: fake.url } },
  childEnv: { OPENAI_API_KEY: KEY },
  changed: () => new OpenAiBackbone({ model: 'fake-16', endpoint: fake.url }, {}),
});

const make = (o: Partial<OpenAiOptions> = {}): OpenAiBackbone =>
  new OpenAiBackbone({ model: 'fake-8', endpoint: fake.url, retryDelayMs: 1, ...o }, { OPENAI_API_KEY: KEY });

beforeEach(() => fake.reset());

/** Fails with a BackboneError matching `pattern`, never showing the key, and caches nothing. */
async function refuses(b: OpenAiBackbone, pattern: RegExp): Promise<string> {
  const db = openMemoryDb();
  const store = new SqliteEmbeddingCache(db);
  const cached = new CachedBackbone(b, store);
  let message = '';
  await assert.rejects(cached.embed(['alpha', 'beta', 'gamma']), (e: unknown) => {
    assert.ok(e instanceof BackboneError, `BackboneError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes(KEY), 'the key is never echoed');
    message = e.message;
    return true;
  });
  assert.equal(store.count(), 0);
  db.close();
  return message;
}

test('vectors are the endpoint\'s, placed by index; base64 and float agree bit for bit', async () => {
  const texts = ['one', 'two', 'three', 'four', 'five'];
  const f = await make({ batchSize: 2 }).embed(texts);
  const b = await make({ encodingFormat: 'base64', batchSize: 2 }).embed(texts);
  texts.forEach((t, i) => assert.deepEqual(f.row(i), fakeVector('fake-8', t)));
  assert.deepEqual(b.data, f.data);
  assert.ok(fake.requests.some((r) => r.body.encoding_format === 'base64'));
  assert.ok(fake.requests.every((r) => r.authorization === `Bearer ${KEY}`));
});

test('the vector length is learnt from one probe on open, or taken from dimensions without a call', async () => {
  const b = make();
  assert.throws(() => b.dim, /open\(\) the backbone first/);
  await b.open();
  assert.equal(b.dim, 8);
  assert.deepEqual(fake.requests.map((r) => r.body.input), [[DIMENSION_PROBE]]);
  fake.reset();
  const fixed = make({ dimensions: 4 });
  await fixed.open();
  assert.equal(fixed.dim, 4);
  assert.equal(fake.requests.length, 0);
  const X = await fixed.embed(['x']);
  assert.deepEqual(X.row(0), fakeVector('fake-8', 'x', 4));
  assert.equal(fake.requests[0]!.body.dimensions, 4);
  assert.notEqual(fixed.id, make().id, 'dimensions are part of the id');
});

test('batches by item count and estimated tokens, with a bounded number of requests in flight', async () => {
  fake.delayMs = 30;
  const texts = Array.from({ length: 40 }, (_, i) => `text ${i}`);
  const b = make({ dimensions: 8, batchSize: 4, concurrency: 3 });
  await b.embed(texts);
  assert.equal(fake.requests.length, 10);
  assert.ok(fake.requests.every((r) => r.body.input.length <= 4));
  assert.equal(fake.maxInFlight, 3);
  fake.reset();
  const long = Array.from({ length: 6 }, (_, i) => `${'word '.repeat(60)}${i}`); // ~100 estimated tokens each
  await make({ dimensions: 8, maxBatchTokens: 250 }).embed(long);
  assert.deepEqual(fake.requests.map((r) => r.body.input.length), [2, 2, 2]);
});

test('usage counts requests, retries, the endpoint\'s tokens and money at the given price', async () => {
  fake.script.push({ status: 429, headers: { 'retry-after': '0' } });
  const b = make({ dimensions: 8, pricePerMillionTokens: 0.02 });
  const cached = new CachedBackbone(b, new MemoryEmbeddingCache());
  const { stats } = await cached.embedWithStats(['free money now', 'hello']);
  assert.deepEqual({ ...stats.usage!, seconds: 0 }, { requests: 1, retries: 1, tokens: 6, cost: 6 * 0.02 / 1e6, seconds: 0 });
  assert.equal(make().usage().cost, null);
});

test('429 then 200: retried after Retry-After, the vectors arrive', async () => {
  fake.script.push({ status: 429, headers: { 'retry-after-ms': '300' } }, { status: 503, headers: { 'retry-after': '0' } });
  const t0 = performance.now();
  const X = await make({ dimensions: 8 }).embed(['alpha']);
  assert.ok(performance.now() - t0 >= 290, 'waited as retry-after-ms asked');
  assert.deepEqual(X.row(0), fakeVector('fake-8', 'alpha'));
  assert.equal(fake.requests.length, 3);
});

test('500s past the retry budget: a BackboneError naming the URL and the tries', async () => {
  for (let i = 0; i < 3; i++) fake.script.push({ status: 500 });
  const msg = await refuses(make({ dimensions: 8, maxRetries: 2 }), /\/v1\/embeddings failed 3 times, the last with HTTP 500: fake failure 500/);
  assert.match(msg, /--endpoint or OPENAI_BASE_URL/);
  assert.equal(fake.requests.length, 3);
});

test('a hang past the timeout is retried, then a BackboneError', async () => {
  fake.script.push({ hang: true }, { hang: true });
  await refuses(make({ dimensions: 8, maxRetries: 1, timeoutMs: 150 }), /failed 2 times, the last with no answer within 0\.15 s/);
});

test('a wrong vector length is refused and nothing is cached', async () => {
  fake.script.push({ length: 7 });
  await refuses(make({ dimensions: 8 }), /sent a vector of length 7 for model fake-8; --dimensions 8 says 8/);
  fake.reset();
  fake.script.push({}, { length: 5 });
  await refuses(make(), /sent a vector of length 5 .*its earlier answers says 8/);
});

test('malformed JSON is a BackboneError, not retried', async () => {
  fake.script.push({ body: '<html>502 Bad Gateway</html>' });
  await refuses(make({ dimensions: 8 }), /answered with a body that is not JSON .*ending in \/v1/);
  assert.equal(fake.requests.length, 1);
});

test('401 is not retried, tells where the key goes, and never echoes it', async () => {
  fake.script.push({ status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}.` } }) });
  const msg = await refuses(make({ dimensions: 8 }), /answered HTTP 401 \(Incorrect API key provided: \*\*\*\.\).*put a valid key in OPENAI_API_KEY/);
  assert.equal(fake.requests.length, 1);
  assert.ok(!msg.includes('SECRET'));
});

test('the key is read from the named variable and is in no spec, id or error', async () => {
  const spec = parseBackboneSpec('openai:fake-8', { env: { OPENAI_BASE_URL: `${fake.url}/`, MY_KEY: KEY }, flags: { apiKeyEnv: 'MY_KEY' } });
  assert.deepEqual(spec, { kind: 'openai', options: { model: 'fake-8', endpoint: fake.url, apiKeyEnv: 'MY_KEY' } });
  const b = await openBackbone(spec, { env: { MY_KEY: KEY } });
  await b.embed(['x']);
  assert.equal(fake.requests.at(-1)!.authorization, `Bearer ${KEY}`);
  for (const s of [JSON.stringify(spec), b.id]) assert.ok(!s.includes(KEY));
  const noKey = createBackbone(spec, undefined, { env: {} });
  await noKey.open!();
  assert.equal(fake.requests.at(-1)!.authorization, undefined, 'no key, no header (Ollama needs none)');
});

test('the endpoint comes from --endpoint, else OPENAI_BASE_URL, else OpenAI; the id follows it', () => {
  const a = parseBackboneSpec('openai:m', { env: {} });
  assert.equal((a.options as OpenAiOptions).endpoint, 'https://api.openai.com/v1');
  const b = parseBackboneSpec('openai:m', { env: { OPENAI_BASE_URL: 'http://localhost:11434/v1/embeddings' } });
  assert.equal((b.options as OpenAiOptions).endpoint, 'http://localhost:11434/v1');
  const c = parseBackboneSpec('openai:m', { env: { OPENAI_BASE_URL: 'http://x/v1' }, flags: { endpoint: 'http://y/v1' } });
  assert.equal((c.options as OpenAiOptions).endpoint, 'http://y/v1');
  const ids = [a, b, c].map((s) => createBackbone(s).id);
  assert.equal(new Set(ids).size, 3);
  assert.equal(createBackbone(parseBackboneSpec('openai:m', { env: {} })).id, ids[0]);
});
