import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverFixture } from './fixture.js';

test('smoke', async () => {
  const f = await serverFixture();
  try {
    const r = await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', payload: { texts: ['rain and storm'] } });
    console.log(r.statusCode, r.body);
    const h = await f.app.inject({ method: 'GET', url: '/readyz' });
    console.log(h.statusCode, h.body);
    const i = await f.app.inject({ method: 'GET', url: '/v1/info' });
    console.log(i.statusCode, i.body);
    const o = await f.app.inject({ method: 'GET', url: '/openapi.json' });
    console.log(o.statusCode, o.body.slice(0, 300));
    const e = await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', payload: { texts: [] } });
    console.log(e.statusCode, e.body);
    const m = await f.app.inject({ method: 'GET', url: '/metrics' });
    console.log(m.statusCode, m.body.split('\n').filter((l) => l.startsWith('graft_http') || l.startsWith('graft_embed')).slice(0, 20).join('\n'));
    assert.equal(r.statusCode, 200);
  } finally {
    await f.close();
  }
});
