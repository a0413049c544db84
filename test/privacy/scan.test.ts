import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, UsageError } from '../../src/core/index.js';
import { MAX_LINE_CHARS, scan, scanFile } from '../../src/privacy/index.js';

const dir = mkdtempSync(join(tmpdir(), 'graft-scan-'));

test('scan(text) counts per type and masks samples', () => {
  const r = scan('Reach Bob Jones at bob@example.com or (415) 555-2671.');
  assert.deepEqual(r.byType, { PERSON: 1, EMAIL: 1, PHONE: 1 });
  const phone = r.samples.find((s) => s.type === 'PHONE')!;
  assert.equal(phone.mask, '(###) ###-####');
  assert.equal(phone.context, 'Reach <PERSON> at <EMAIL> or [(###) ###-####].');
  assert.ok(!JSON.stringify(r).includes('bob@'));
  assert.deepEqual(r.issues[1], { code: 'pii_email', path: 'text (text)', message: 'EMAIL at characters 19–34' });
});

test('scanFile: CSV counted per column with file:line paths', async () => {
  const p = join(dir, 'tickets.csv');
  writeFileSync(p, 'id,subject,body\n1,"Hi from Alice Walker","mail alice@example.com"\n2,refund,"card 4111 1111 1111 1111,\nthanks"\n');
  const r = await scanFile(p);
  assert.deepEqual(r.byColumn, { subject: { PERSON: 1 }, body: { EMAIL: 1, CREDIT_CARD: 1 } });
  assert.deepEqual(r.issues.map((i) => i.path), [`${p}:2 (subject)`, `${p}:2 (body)`, `${p}:4 (body)`]);
});

test('scanFile: JSONL fields by key path; plain text by line', async () => {
  const j = join(dir, 'rows.jsonl');
  writeFileSync(j, '{"user":{"email":"x@example.org"},"tags":["192.168.0.1"]}\n');
  assert.deepEqual((await scanFile(j)).byColumn, { 'user.email': { EMAIL: 1 }, 'tags[]': { IP_ADDRESS: 1 } });
  const t = join(dir, 'notes.txt');
  writeFileSync(t, 'no pii\n\nserver 10.0.0.7\n');
  const r = await scanFile(t);
  assert.deepEqual(r.issues.map((i) => i.path), [`${t}:3 (line)`]);
});

test('scanFile: binary, non-UTF-8 and huge lines are refused with a clear error', async () => {
  const bin = join(dir, 'x.bin');
  writeFileSync(bin, Buffer.from([0x47, 0x00, 0x01, 0x02]));
  await assert.rejects(scanFile(bin), (e: unknown) => e instanceof DataError && /looks binary \(a NUL byte at byte 1\)/.test(e.message));
  const latin = join(dir, 'latin.txt');
  writeFileSync(latin, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  await assert.rejects(scanFile(latin), /not valid UTF-8/);
  const huge = join(dir, 'huge.txt');
  writeFileSync(huge, `ok\n${'a'.repeat(MAX_LINE_CHARS + 1)}\n`);
  await assert.rejects(scanFile(huge), (e: unknown) => e instanceof DataError && e.message.startsWith(`${huge}:2: is ${MAX_LINE_CHARS + 1} characters long`));
  await assert.rejects(scanFile(join(dir, 'missing.csv')), /file not found/);
});

test('scanFile: the text column by default, every row counted once; columns to choose', async () => {
  const p = join(dir, 'news.csv');
  writeFileSync(p, 'text,label,owner\n"Mail alice@example.com today",World,Bob Jones\n"call (415) 555-2671",Sports,Ann Lee\n"nothing here",World,Ann Lee\n');
  const r = await scanFile(p);
  assert.equal(r.rows, 3);
  assert.equal(r.texts, 3, 'one text per row, not one per column');
  assert.deepEqual(r.columns, ['text']);
  assert.deepEqual(r.skippedColumns, ['label', 'owner']);
  assert.deepEqual(Object.keys(r.byColumn), ['text']);
  const two = await scanFile(p, { columns: ['owner', 'text'] });
  assert.deepEqual(two.columns, ['text', 'owner']);
  assert.equal(two.texts, 6);
  assert.equal(two.rows, 3);
  assert.ok(two.byColumn.owner, 'names in the chosen column are found');
  assert.equal((await scanFile(p, { columns: 'all' })).texts, 9);
  await assert.rejects(scanFile(p, { columns: ['body'] }), (e: unknown) =>
    e instanceof UsageError && /has no column "body"; its columns are: text, label, owner/.test(e.message));
  const t = join(dir, 'plain.txt');
  writeFileSync(t, 'a line\n');
  await assert.rejects(scanFile(t, { columns: ['text'] }), /plain text, scanned line by line: it has no columns/);
});

test('scanFile: JSONL columns are top-level keys', async () => {
  const j = join(dir, 'mixed.jsonl');
  writeFileSync(j, '{"text":"write to x@example.org","meta":{"by":"y@example.org"}}\n\n{"text":"fine","meta":{"by":"z@example.org"}}\n');
  const r = await scanFile(j);
  assert.equal(r.rows, 2);
  assert.deepEqual([r.columns, r.skippedColumns], [['text'], ['meta']]);
  assert.deepEqual(r.byColumn, { text: { EMAIL: 1 } });
  assert.deepEqual((await scanFile(j, { columns: ['meta'] })).byColumn, { 'meta.by': { EMAIL: 2 } });
});
