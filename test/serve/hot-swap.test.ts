/**
 * Hot swap: a deploy made by another process (the CLI) is served from the next request on, without a restart,
 * while a request already in flight finishes on the head it started with. And a drain: once
 * the server closes, requests in flight finish and new connections are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PredictResultSchema } from '../../src/serve/schemas.js';
import { listen } from '../../src/serve/index.js';
import { GatedBackbone, body, serverFixture, until } from './fixture.js';
import { graft } from './process.js';

test('a deploy by the CLI in another process is served from the next request on, without a restart; requests in flight keep their head', async () => {
  const gated = new GatedBackbone();
  const f = await serverFixture({ base: () => gated });
  try {
    const predict = (text: string) => f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', payload: { texts: [text] } });
    assert.equal(body(await predict('warm the head cache'), PredictResultSchema).version, 2);
    gated.shut();
    const inFlight = predict('rain and storm, in flight');
    await until(() => gated.waiting === 1); // it has its head (version 2) and waits for its vectors
    const cli = await graft(f.home, ['deploy', 'topics', '1']);
    assert.equal(cli.code, 0, cli.stderr);
    gated.lift();
    // The very first request after the deploy is served by it (the head cache sees the other
    // process's commit through SQLite's data_version), and so is every one after. No deadline:
    // that first request also restores the new head, which under load took 0.4-0.8 s here.
    for (let i = 0; i < 3; i++) assert.equal(body(await predict(`after the deploy ${i}`), PredictResultSchema).version, 1, `request ${i + 1} after the deploy`);
    const first = body(await inFlight, PredictResultSchema);
    assert.equal(first.version, 2, 'the request in flight finished on version 2');
    const v2 = await f.ws.predict('topics', ['rain and storm, in flight'], { version: 2 });
    assert.deepEqual(first.predictions, v2.predictions);
  } finally {
    await f.close();
  }
});

test('closing drains: a request in flight is answered, new connections are refused', async () => {
  const gated = new GatedBackbone();
  const f = await serverFixture({ base: () => gated });
  const server = await listen(f.ws, { host: '127.0.0.1', port: 0, backbones: ['hashing'], batching: f.batching });
  try {
    gated.shut();
    const inFlight = fetch(`${server.url}/v1/tasks/topics/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ texts: ['rain, answered while closing'] }),
    });
    await until(() => gated.waiting === 1);
    const closed = server.close();
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(fetch(`${server.url}/healthz`), 'a new connection is refused');
    gated.lift();
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(PredictResultSchema.parse(await res.json()).predictions.length, 1);
    await closed;
  } finally {
    await server.close();
    await f.close();
  }
});
