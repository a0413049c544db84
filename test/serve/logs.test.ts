/**
 * Request texts never reach the logs, the metrics or an error message: every route is called
 * (successes and failures) with texts that carry a marker, with the log at debug level, and
 * neither the log lines, the metrics nor any error answer may contain it. And the private
 * values a request carries never reach the backbone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { HashingBackbone } from '../../src/backbones/index.js';
import type { Backbone } from '../../src/backbones/index.js';
import { csv, multipart, serverFixture, settled, topicRows } from './fixture.js';

const MARK = 'qzxv';
const secret = (s: string) => `${s} ${MARK}${s.length} mail ${MARK}@example.org`;

test('no request text in the logs, the metrics or error messages', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const logger = pino({ level: 'debug' }, sink);
  const f = await serverFixture({ logger, limits: { texts: 4, chars: 200 } });
  const errors: string[] = [];
  let sent = 0;
  const send = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers?: Record<string, string>) => {
    sent++;
    const res = await f.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
    if (res.statusCode >= 400) errors.push(res.body);
    return res;
  };
  const fail = async (...a: Parameters<typeof send>) => {
    const res = await send(...a);
    assert.ok(res.statusCode >= 400, `${a[0]} ${a[1]} was meant to fail: ${res.statusCode}`);
  };
  try {
    const texts = ['rain and storm', 'the striker scored'].map(secret);
    await send('POST', '/v1/tasks/topics/predict', { texts });
    await send('POST', '/v1/tasks/topics/predict', { texts, explain: true });
    await send('POST', '/v1/predict', { tasks: ['topics', 'sports'], texts });
    await send('POST', '/v1/embeddings', { input: texts, model: 'hashing' });
    await send('POST', '/v1/scan', { texts });
    // failures that hold the texts: too many, too long, bad JSON, unknown task, unknown model, wrong type
    await fail('POST', '/v1/tasks/topics/predict', { texts: [...texts, ...texts, ...texts] });
    await fail('POST', '/v1/tasks/topics/predict', { texts: [secret('x'.repeat(300))] });
    await fail('POST', '/v1/tasks/topics/predict', `{"texts": ["${secret('broken')}"`, { 'content-type': 'application/json' });
    await fail('POST', '/v1/tasks/topics/predict', secret('plain'), { 'content-type': 'text/plain' });
    await fail('POST', '/v1/tasks/nope/predict', { texts });
    await fail('POST', '/v1/embeddings', { input: texts, model: secret('model') });
    await fail('POST', '/v1/tasks/topics/predict', { texts, [secret('field')]: 1 });
    await fail('POST', '/v1/tasks/topics/predict', { texts: [{ text: secret('object') }] });
    // fits: JSON rows, an upload, and bad data of both kinds
    const rows = topicRows(5).map((r) => ({ ...r, text: secret(r.text) }));
    const fit = await send('POST', '/v1/tasks/marked/fit', { rows, folds: 0, backbone: 'hashing', strategy: 'centroid' });
    await settled(f.app, fit.json().id);
    await fail('POST', '/v1/tasks/marked/fit', { rows: [...rows, { text: secret('no label') }], folds: 0 });
    await fail('POST', '/v1/tasks/marked/fit', { rows: [{ text: secret('one'), label: 'a' }, { text: secret('two'), label: 'a' }], folds: 0 });
    const up = multipart({ folds: '0', backbone: 'hashing', strategy: 'centroid' }, { name: 'marked.csv', content: csv(rows) });
    await settled(f.app, (await send('POST', '/v1/tasks/marked/fit', up.payload.toString('latin1'), up.headers)).json().id);
    const bad = multipart({}, { name: 'marked.csv', content: `text,label\n"${secret('unterminated')},a\n` });
    await fail('POST', '/v1/tasks/marked/fit', bad.payload.toString('latin1'), bad.headers);
    const ev = await send('POST', '/v1/evaluations', { rows, mode: 'quick', backbones: ['hashing'], strategies: ['centroid'], folds: 2 });
    await settled(f.app, ev.json().id);
    await send('POST', '/v1/tasks/marked/forget', { text: rows[0]!.text });
    await fail('POST', '/v1/tasks/marked/forget', { text: secret('never given') });
    await fail('POST', '/v1/tasks/marked/forget', { match: `${MARK}(` });
    await send('GET', '/v1/tasks/marked/audit');
    const metrics = await send('GET', '/metrics');

    assert.ok(lines.length > 20, `${lines.length} log lines`);
    assert.ok(lines.some((l) => l.includes('"reqId"')), 'request ids are logged');
    // one line per request, when it is answered: its id, method, URL, status and time
    const done = lines.map((l) => JSON.parse(l) as { msg: string; reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number })
      .filter((l) => l.msg === 'request completed');
    assert.ok(done.length >= sent, `${done.length} "request completed" lines for ${sent} requests sent (and the job polls)`);
    assert.equal(new Set(done.map((l) => l.reqId)).size, done.length, 'one line per request id');
    for (const l of done) assert.ok(l.req?.method && l.req.url.startsWith('/') && l.res!.statusCode >= 200 && l.responseTime! >= 0, JSON.stringify(l));
    assert.ok(!lines.some((l) => l.includes('"incoming request"')), 'no second line per request');
    for (const l of lines) assert.ok(!l.includes(MARK), `a log line holds request text: ${l.slice(0, 400)}`);
    assert.ok(!metrics.body.includes(MARK), 'metrics hold request text');
    for (const e of errors) assert.ok(!e.includes(MARK), `an error answer holds request text: ${e.slice(0, 400)}`);
  } finally {
    await f.close();
  }
});

test('privacy before embedding: the backbone never sees the raw private values a request carries', async () => {
  const seen: string[] = [];
  const recording = (): Backbone => {
    const inner = new HashingBackbone();
    return { id: inner.id, dim: inner.dim, close: () => inner.close(), embed: (t: readonly string[]) => { seen.push(...t); return inner.embed(t); } };
  };
  // Jobs in this thread, so that the fit's texts reach the recording backbone too (a job thread opens graft's own).
  const f = await serverFixture({ base: recording, jobs: { thread: false } });
  try {
    const mail = 'zelda.quux@example.org';
    const phone = '+1 415 555 0132';
    const texts = [`rain and storm, write to ${mail}`, `the striker scored, call ${phone}`];
    assert.equal((await f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', payload: { texts } })).statusCode, 200);
    assert.equal((await f.app.inject({ method: 'POST', url: '/v1/predict', payload: { tasks: ['topics', 'sports'], texts } })).statusCode, 200);
    assert.equal((await f.app.inject({ method: 'POST', url: '/v1/embeddings', payload: { model: 'hashing', input: texts } })).statusCode, 200);
    const rows = topicRows(5, 'private').map((r, i) => ({ ...r, text: `${r.text} ${i % 2 ? mail : phone}` }));
    const job = await f.app.inject({ method: 'POST', url: '/v1/tasks/private/fit', payload: { rows, folds: 0, backbone: 'hashing', strategy: 'centroid' } });
    assert.equal((await settled(f.app, job.json().id)).state, 'succeeded');
    assert.ok(seen.length > 30, `${seen.length} texts embedded`);
    for (const t of seen) assert.ok(!t.includes(mail) && !t.includes(phone), `the backbone saw a raw value: ${t}`);
  } finally {
    await f.close();
  }
});
