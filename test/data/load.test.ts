import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DataError } from '../../src/core/index.js';
import { loadDataset, sniffFormat } from '../../src/data/index.js';
import { tempDir, write } from './fixtures.js';

const dir = tempDir();

/** Runs `fn`, expecting a DataError; returns its issues. */
async function issuesOf(fn: () => Promise<unknown>): Promise<{ code: string; path: string; message: string }[]> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof DataError, `expected DataError, got ${String(err)}`);
    return [...err.issues];
  }
  assert.fail('expected a DataError');
}

test('CSV: quotes, escaped quotes, embedded newlines, BOM; lines are where records start', async () => {
  const p = write(dir, 'mail.csv', '\ufefftext,label\n"hello, ""world""",a\n"multi\nline\ntext",b\n\nplain,a\n');
  const ds = await loadDataset(p);
  assert.deepEqual(ds.examples.map((e) => e.text), ['hello, "world"', 'multi\nline\ntext', 'plain']);
  assert.deepEqual(ds.examples.map((e) => e.line), [2, 3, 7]);
  assert.deepEqual(ds.examples.map((e) => e.id), ['mail:2', 'mail:3', 'mail:7']);
  assert.deepEqual(ds.labels, ['a', 'b']);
  assert.equal(ds.name, 'mail');
  assert.equal(ds.source, p);
});

test('CSV with CRLF line ends: physical line numbers, no stray CR in fields', async () => {
  const p = write(dir, 'crlf.csv', 'text,label\r\n"two\r\nlines",x\r\nthird,y\r\n');
  const ds = await loadDataset(p);
  assert.deepEqual(ds.examples.map((e) => [e.line, e.text, e.label]), [[2, 'two\nlines', 'x'], [4, 'third', 'y']]);
});

test('TSV by extension, custom column names, id column used as id', async () => {
  const p = write(dir, 'tickets.tsv', 'id\tbody\tteam\nT-1\tprinter, broken\tit\nT-2\tinvoice "late"\tbilling\n');
  const ds = await loadDataset(p, { text: 'body', label: 'team' });
  assert.deepEqual(ds.examples.map((e) => [e.id, e.text, e.label]), [
    ['T-1', 'printer, broken', 'it'],
    ['T-2', 'invoice "late"', 'billing'],
  ]);
});

test('explicit format overrides the extension', async () => {
  const p = write(dir, 'data.txt', '{"text":"a","label":"x"}\n{"text":"b","label":"y"}\n');
  const ds = await loadDataset(p, { format: 'jsonl' });
  assert.equal(ds.examples.length, 2);
});

test('JSONL: blank lines skipped, numbers as labels, physical line numbers', async () => {
  const p = write(dir, 'ok.jsonl', '{"text":"good","label":1}\n\n   \n{"text":"bad","label":0}\n');
  const ds = await loadDataset(p);
  assert.deepEqual(ds.examples.map((e) => [e.line, e.label]), [[1, '1'], [4, '0']]);
  assert.deepEqual(ds.labels, ['0', '1']);
});

test('JSONL: every bad line reported with its line and column', async () => {
  const p = write(dir, 'bad.ndjson', '{"text":"a","label":"x"}\n{"text": "b", "label": }\n{"text":"c","label":"y"}\n[1,2]\n{"text":"d" "label":"x"}\n');
  const issues = await issuesOf(() => loadDataset(p));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [
    ['bad_json', `${p}:2:24`],
    ['not_an_object', `${p}:4:1`],
    ['bad_json', `${p}:5:13`],
  ]);
  assert.match(issues[0]!.message, /one JSON object/);
});

test('stdin: read fully, format sniffed (CSV, TSV, JSONL) or given', async () => {
  const csv = await loadDataset('-', { stdin: Readable.from([Buffer.from('text,label\nhi,a\n'), Buffer.from('yo,b\n')]) });
  assert.deepEqual(csv.examples.map((e) => [e.id, e.text]), [['stdin:2', 'hi'], ['stdin:3', 'yo']]);
  assert.equal(csv.source, 'stdin');
  const jsonl = await loadDataset('-', { stdin: Readable.from(['{"text":"a","label":"x"}\n{"text":"b","label":"y"}']) });
  assert.equal(jsonl.examples.length, 2);
  assert.equal(sniffFormat('text\tlabel\na,b\tx\n'), 'tsv');
  assert.equal(sniffFormat('text,label\na\tb,x\n'), 'csv');
  const issues = await issuesOf(() => loadDataset('-', { format: 'jsonl', stdin: Readable.from(['text,label\na,b\n']) }));
  assert.equal(issues[0]!.code, 'bad_json');
  assert.equal(issues[0]!.path.startsWith('stdin:1:'), true);
});

test('missing file', async () => {
  const p = path.join(dir, 'nope.csv');
  const [i] = await issuesOf(() => loadDataset(p));
  assert.equal(i!.code, 'file_not_found');
  assert.equal(i!.path, p);
});

test('unknown extension names the supported formats', async () => {
  const p = write(dir, 'data.xlsx', 'text,label\n');
  const [i] = await issuesOf(() => loadDataset(p));
  assert.equal(i!.code, 'unknown_format');
  assert.match(i!.message, /\.csv, \.tsv, .*\.jsonl, \.ndjson/);
  assert.match(i!.message, /rename the file to end in one of them/);
  assert.doesNotMatch(i!.message, /--format/, 'no such flag exists');
});

test('not UTF-8: byte offset mapped to line and column', async () => {
  const bytes = Buffer.concat([Buffer.from('text,label\ncaf'), Buffer.from([0xe9]), Buffer.from(',a\n')]);
  const p = write(dir, 'latin1.csv', bytes);
  const [i] = await issuesOf(() => loadDataset(p));
  assert.equal(i!.code, 'not_utf8');
  assert.equal(i!.path, `${p}:2:4`);
  assert.match(i!.message, /byte offset 14/);
  assert.match(i!.message, /UTF-8/);
});

test('binary (NUL bytes) and UTF-16 files are refused', async () => {
  const bin = write(dir, 'blob.csv', Buffer.from([0x74, 0x65, 0x0a, 0x00, 0x01]));
  const [b] = await issuesOf(() => loadDataset(bin));
  assert.equal(b!.code, 'binary_file');
  assert.equal(b!.path, `${bin}:2:1`);
  const u16 = write(dir, 'u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('text,label\n', 'utf16le')]));
  const [u] = await issuesOf(() => loadDataset(u16));
  assert.equal(u!.code, 'not_utf8');
  assert.match(u!.message, /UTF-16/);
});

test('empty file and header-only file', async () => {
  const e = write(dir, 'empty.csv', '\n  \n');
  assert.equal((await issuesOf(() => loadDataset(e)))[0]!.code, 'empty_file');
  const h = write(dir, 'header.csv', 'text,label\n');
  assert.equal((await issuesOf(() => loadDataset(h)))[0]!.code, 'empty_file');
});

test('missing column lists the columns present and the flag to use', async () => {
  const p = write(dir, 'cols.csv', 'body,category\nhi,a\nyo,b\n');
  const issues = await issuesOf(() => loadDataset(p));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [['missing_column', `${p}:1`], ['missing_column', `${p}:1`]]);
  assert.match(issues[0]!.message, /"text".*"body", "category".*--text/);
  assert.match(issues[1]!.message, /"label".*--label/);
});

test('a repeated text/label header is refused rather than silently keeping the last column', async () => {
  const p = write(dir, 'dup-header.csv', 'text,label,text\na,x,b\nc,y,d\n');
  const issues = await issuesOf(() => loadDataset(p));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [['duplicate_column', `${p}:1`]]);
  assert.match(issues[0]!.message, /"text"/);
});

test('requireLabels false: no label column needed; labels empty', async () => {
  const p = write(dir, 'predict.csv', 'text\nonly one\nanother\n');
  const ds = await loadDataset(p, { requireLabels: false });
  assert.deepEqual(ds.examples.map((e) => e.label), ['', '']);
  assert.deepEqual(ds.labels, []);
});

test('CSV bad rows (field count, unclosed quote) reported with the line each starts on', async () => {
  const p = write(dir, 'rows.csv', 'text,label\nok,a\ntoo,many,fields\nfine,b\n"never closed,a\nmore\n');
  const issues = await issuesOf(() => loadDataset(p));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [['bad_row', `${p}:3`], ['bad_row', `${p}:5:1`]]);
  assert.match(issues[1]!.message, /closing quote/);
});

test('all issues of a file come in one DataError, each at its line', async () => {
  const long = 'x'.repeat(51);
  const p = write(dir, 'many.csv', `text,label\nhello,a\n,b\nworld,\n${long},a\nhello,b\nhi,b\n`);
  const issues = await issuesOf(() => loadDataset(p, { maxTextChars: 50 }));
  assert.deepEqual(issues.map((i) => [i.code, i.path]), [
    ['empty_text', `${p}:3:1`],
    ['missing_label', `${p}:4`],
    ['text_too_long', `${p}:5:1`],
    ['conflicting_duplicate', `${p}:6`],
  ]);
  assert.match(issues[3]!.message, new RegExp(`${p}:2`));
});

test('JSONL issue paths carry the column of the text value', async () => {
  const p = write(dir, 'col.jsonl', '{"text":"a","label":"x"}\n{"label":"y", "text":"  "}\n{"text":"b","label":"y"}\n');
  const [i] = await issuesOf(() => loadDataset(p));
  assert.equal(i!.code, 'empty_text');
  assert.equal(i!.path, `${p}:2:22`);
});

test('loading writes nothing', async () => {
  const d = tempDir();
  const p = write(d, 'a.csv', 'text,label\nhi,a\nyo,b\n');
  const before = fs.readdirSync(d);
  await loadDataset(p);
  await issuesOf(() => loadDataset(path.join(d, 'missing.csv')));
  assert.deepEqual(fs.readdirSync(d), before);
});
