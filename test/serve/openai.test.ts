/**
 * The official `openai` npm client against a real port: it asks for base64 unless told
 * otherwise and decodes it; float works too; errors come back as the client's error classes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { ApiKeyStore, openDb } from '../../src/store/index.js';
import { listen } from '../../src/serve/index.js';
import { serverFixture } from './fixture.js';

test('openai client: embeddings.create on 127.0.0.1, base64 by default and float on request', async () => {
  const f = await serverFixture({ tasks: false });
  const server = await listen(f.ws, { host: '127.0.0.1', port: 0, backbones: ['hashing'], batching: f.batching });
  try {
    // On loopback without keys any key is accepted; the client needs one to start.
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
    const input = ['hello world', 'rain and storm today'];
    const direct = await f.ws.embed('hashing', input);
    const b64 = await client.embeddings.create({ model: 'hashing', input });
    assert.equal(b64.object, 'list');
    assert.equal(b64.model, 'hashing');
    assert.equal(b64.data.length, 2);
    for (let i = 0; i < input.length; i++) assert.deepEqual(Float32Array.from(b64.data[i]!.embedding), direct.matrix.row(i));
    assert.equal(b64.usage.prompt_tokens, 6);
    const float = await client.embeddings.create({ model: 'hashing', input: 'hello world', encoding_format: 'float' });
    assert.deepEqual(Float32Array.from(float.data[0]!.embedding), direct.matrix.row(0));
    await assert.rejects(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.match((e as Error).message, /no model "text-embedding-3-small"; it offers hashing/);
      return true;
    });

    const db = openDb(f.home);
    const key = new ApiKeyStore(db).create({ scope: 'predict' }).secret;
    db.close();
    const keyed = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    assert.equal((await keyed.embeddings.create({ model: 'hashing', input: 'x' })).data.length, 1);
    await assert.rejects(client.embeddings.create({ model: 'hashing', input: 'x' }), OpenAI.AuthenticationError);
  } finally {
    await server.close();
    await f.close();
  }
});
