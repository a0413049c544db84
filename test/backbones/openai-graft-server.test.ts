/**
 * `openai:` against graft's own server: its OpenAI-compatible `/v1/embeddings` on 127.0.0.1
 * (a real port) passes the same conformance suite as the fake endpoint, and gives the vectors
 * the served backbone gives locally.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingBackbone, OpenAiBackbone } from '../../src/backbones/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { createServer } from '../../src/serve/index.js';
import { CONFORMANCE_TEXTS, runBackboneConformance } from './conformance.js';

const home = mkdtempSync(join(tmpdir(), 'graft-openai-serve-'));
const ws = openWorkspace({ home });
const app = await createServer(ws, { backbones: ['hashing?dim=256', 'hashing?dim=64'] });
const endpoint = `${await app.listen({ host: '127.0.0.1', port: 0 })}/v1`;
after(async () => {
  await app.close();
  await ws.close();
  rmSync(home, { recursive: true, force: true });
});

runBackboneConformance('openai at graft serve', {
  // On loopback with no key created, the server needs none.
  make: () => new OpenAiBackbone({ model: 'hashing?dim=256', endpoint, batchSize: 3 }, {}),
  spec: { kind: 'openai', options: { model: 'hashing?dim=256', endpoint } },
  changed: () => new OpenAiBackbone({ model: 'hashing?dim=64', endpoint }, {}),
});

test('graft serve\'s vectors through openai: are the served backbone\'s own, in float and base64', async () => {
  // No private values in these texts, so the server's privacy stage leaves them as they are.
  const texts = CONFORMANCE_TEXTS;
  const local = await new HashingBackbone({ dim: 256 }).embed(texts);
  for (const encoding of ['float', 'base64'] as const) {
    const remote = new OpenAiBackbone({ model: 'hashing?dim=256', endpoint, encodingFormat: encoding, batchSize: 4 }, {});
    await remote.open();
    assert.equal(remote.dim, 256, 'the width is learnt from the server\'s first answer');
    const X = await remote.embed(texts);
    for (let i = 0; i < texts.length; i++) assert.deepEqual(X.row(i), local.row(i), `${encoding}: text ${i}`);
    const u = remote.usage();
    assert.ok(u.requests >= 2 && u.tokens > 0, `usage counted from the server's answers: ${JSON.stringify(u)}`);
  }
});
