import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess as graft } from '../cli/in-process.js';


const dir = mkdtempSync(join(tmpdir(), 'graft-scan-cli-'));
writeFileSync(join(dir, 'tickets.csv'), 'id,body,label\n1,"mail jane.roe@example.com or call (415) 555-2671",billing\n2,"all good <script>x</script>",ok\n');

test('graft scan: terminal summary without values, exit 0', async () => {
  const r = await graft(dir, ['scan', 'tickets.csv']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2 findings in 1 texts/);
  assert.match(r.out, /body: EMAIL 1, PHONE 1/);
  assert.match(r.out, /\[\(###\) ###-####\]/);
  assert.ok(!r.out.includes('jane.roe') && !r.out.includes('2671'));
});

test('graft scan --json --html: machine report and a self-contained, escaped HTML page', async () => {
  const r = await graft(dir, ['scan', 'tickets.csv', '--json', '--html', 'scan.html']);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.deepEqual(report.byType, { EMAIL: 1, PHONE: 1 });
  assert.deepEqual(report.byColumn, { body: { EMAIL: 1, PHONE: 1 } });
  const html = readFileSync(join(dir, 'scan.html'), 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<th>EMAIL<\/th>/);
  assert.ok(!html.includes('jane.roe') && !html.includes('<script>'));
});

test('graft scan --fail-on gates a pipeline: exit 1 only when a listed type is found', async () => {
  const hit = await graft(dir, ['scan', 'tickets.csv', '--fail-on', 'EMAIL,IBAN']);
  assert.equal(hit.code, 1);
  assert.match(hit.err, /found EMAIL \(1\); failing because of --fail-on/);
  assert.equal((await graft(dir, ['scan', 'tickets.csv', '--fail-on', 'IBAN,US_SSN'])).code, 0);
  const bad = await graft(dir, ['scan', 'tickets.csv', '--fail-on', 'NAME']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Unknown PII type 'NAME'/);
});

test('graft scan: binary input is a clear data error (exit 2)', async () => {
  writeFileSync(join(dir, 'blob.bin'), Buffer.from([1, 2, 0, 3]));
  const r = await graft(dir, ['scan', 'blob.bin']);
  assert.equal(r.code, 2);
  assert.match(r.err, /looks binary/);
});

test('graft scan: the text column by default (not the labels), rows counted once; --columns chooses', async () => {
  writeFileSync(join(dir, 'news.csv'), 'text,label\n"Mail jane.roe@example.com",World\n"Sports news today",Sports\n"quiet",World\n');
  const r = await graft(dir, ['scan', 'news.csv']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Scanned news\.csv: 3 rows, column text \(not scanned: label; --columns chooses\); 3 texts/);
  assert.doesNotMatch(r.out, /label:/);
  const both = await graft(dir, ['scan', 'news.csv', '--columns', 'text,label', '--json']);
  assert.equal(both.code, 0, both.err);
  assert.deepEqual(JSON.parse(both.out).columns, ['text', 'label']);
  const bad = await graft(dir, ['scan', 'news.csv', '--columns', 'body']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no column "body"; its columns are: text, label/);
});
