/**
 * Looking at an upload before anything is saved: the preview a fit's data gets (its issues with
 * line and column, labels, the private data its policy would redact, its first rows redacted)
 * and the privacy scan of a file. Nothing either route reads may end up in the store.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FileScanSchema, PreviewSchema } from '../../src/serve/schemas.js';
import { body, csv, failure, multipart, serverFixture, topicRows } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await serverFixture({ tasks: false });
});
after(() => f.close());

const upload = (url: string, fields: Record<string, string>, file?: { name: string; content: string }) =>
  f.app.inject({ method: 'POST', url, ...multipart(fields, file) });

const PRIVATE = [
  { text: 'please write to jane.doe@example.com about the match', label: 'football' },
  { text: 'call +1 415 555 2671 before the storm', label: 'weather' },
];

test('POST /v1/uploads/preview: rows, labels by count, the PII the policy would redact, the first rows redacted', async () => {
  const rows = [...PRIVATE, ...topicRows(6, 'preview')];
  const p = body(await upload('/v1/uploads/preview', {}, { name: 'tickets.csv', content: csv(rows) }), PreviewSchema);
  assert.equal(p.file, 'tickets.csv');
  assert.equal(p.rows, rows.length);
  assert.deepEqual(p.labels.map((l) => [l.label, l.count]), [['football', 7], ['weather', 7], ['cooking', 6]]);
  assert.equal(p.privacy.policy, 'redact');
  assert.equal(p.privacy.byType.EMAIL, 1);
  assert.equal(p.privacy.byType.PHONE, 1);
  const email = p.privacy.samples.find((s) => s.type === 'EMAIL')!;
  assert.equal(email.path, 'tickets.csv:2', 'the sample names the file and its line (header is line 1)');
  assert.ok(!email.context.includes('jane.doe'), email.context);
  assert.equal(p.head[0]!.text, 'please write to <EMAIL> about the match');
  assert.equal(p.head[0]!.line, 2);
  const raw = JSON.stringify(p);
  assert.ok(!raw.includes('jane.doe@example.com') && !raw.includes('555 2671'), 'no raw private value in the answer');
  assert.deepEqual(await f.ws.tasks(), [], 'nothing was saved');
  assert.deepEqual(await f.ws.runs(), []);
});

test('preview: a bad file is a 400 with every issue at its line and column, named as uploaded', async () => {
  const content = ['text,label', 'fine text,a', ',a', 'another text,', 'more text,a', 'x,b', 'y,b'].join('\n');
  const e = failure(await upload('/v1/uploads/preview', {}, { name: 'broken.csv', content }), 400, 'data_invalid');
  const paths = e.issues!.map((i) => i.path);
  assert.ok(paths.some((p) => /^broken\.csv:3(:\d+)?$/.test(p)), paths.join(' '));
  assert.ok(paths.some((p) => /^broken\.csv:4(:\d+)?$/.test(p)), paths.join(' '));
  failure(await upload('/v1/uploads/preview', {}, { name: 'notes.txt', content: 'a,b' }), 400, 'data_invalid');
  failure(await upload('/v1/uploads/preview', { colour: 'red' }, { name: 'ok.csv', content: csv(topicRows(5)) }), 400, 'bad_request');
  failure(await upload('/v1/uploads/preview', { folds: '1' }, { name: 'ok.csv', content: csv(topicRows(5)) }), 400, 'bad_request');
  failure(await f.app.inject({ method: 'POST', url: '/v1/uploads/preview', payload: { rows: topicRows(5) } }), 400, 'no_data');
});

test('POST /v1/uploads/scan: the text column of a file, findings at file:line with masked samples', async () => {
  const content = ['id,text,owner', '1,mail jane.doe@example.com today,bob@example.org', '2,nothing here,x', '3,call +1 415 555 2671,y'].join('\n');
  const r = body(await upload('/v1/uploads/scan', {}, { name: 'mail.csv', content }), FileScanSchema);
  assert.equal(r.source, 'mail.csv');
  assert.deepEqual(r.columns, ['text']);
  assert.equal(r.texts, 3);
  assert.deepEqual(r.byType, { EMAIL: 1, PHONE: 1 });
  assert.deepEqual(r.issues.map((i) => i.path), ['mail.csv:2 (text)', 'mail.csv:4 (text)']);
  assert.ok(!JSON.stringify(r).includes('jane.doe'), 'never a raw value');
  const all = body(await upload('/v1/uploads/scan', { columns: 'all' }, { name: 'mail.csv', content }), FileScanSchema);
  assert.equal(all.byType.EMAIL, 2, 'the owner column too');
  const e = failure(await upload('/v1/uploads/scan', { columns: 'body' }, { name: 'mail.csv', content }), 400, 'unknown_column');
  assert.match(e.message, /mail\.csv has no column "body"/);
  failure(await f.app.inject({ method: 'POST', url: '/v1/uploads/scan', payload: { texts: ['a'] } }), 400, 'no_data');
});
