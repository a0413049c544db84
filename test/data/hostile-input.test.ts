import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../src/core/index.js';
import { checkTexts, datasetFromExamples, loadDataset } from '../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'graft-hostile-'));
const EMAIL = 'jane.roe@example.com';
const CARD = '4111 1111 1111 1111';

function write(name: string, body: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

async function failure(fn: () => Promise<unknown> | unknown): Promise<DataError> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a DataError');
}

test('an unbalanced quote that would merge rows is an error at line:column, not one example', async () => {
  const p = write('merged.csv', 'text,label\n"I love it,pos\nI hate it,neg\n"ok",pos\nfine,neg\nalso fine,pos\n');
  const e = await failure(() => loadDataset(p));
  assert.deepEqual(e.issues.map((i) => [i.code, i.path]), [['bad_quote', `${p}:4:1`]]);
  assert.match(e.issues[0]!.message, /opened at line 2, column 1/);
  assert.match(e.issues[0]!.message, /merged the rows/);
  // Quotes that merge nothing are read as written.
  const ok = await loadDataset(write('quotes.csv', 'text,label\nhe said "hi",pos\n"hello" there,neg\n"multi\nline",pos\n'));
  assert.deepEqual(ok.examples.map((x) => x.text), ['he said "hi"', '"hello" there', 'multi\nline']);
});

test('large numeric labels and ids in JSONL stay exactly as written', async () => {
  const p = write('numbers.jsonl', [
    '{"text": "first", "label": 1e400, "id": 12345678901234567890}',
    '{"text": "second", "label": 1e401, "id": 12345678901234567891}',
    '{"text": "third", "label": 1e400, "id": 3}',
  ].join('\n'));
  const ds = await loadDataset(p);
  assert.deepEqual(ds.examples.map((x) => [x.id, x.label]), [['12345678901234567890', '1e400'], ['12345678901234567891', '1e401'], ['3', '1e400']]);
  assert.deepEqual(ds.labels, ['1e400', '1e401']);
  const m = await loadDataset(write('multi.jsonl', '{"text": "a", "labels": [20000000000000000001, 2]}\n{"text": "b", "labels": [20000000000000000002]}\n'), { multiLabel: 'auto' });
  assert.deepEqual(m.examples.map((x) => x.labels), [['2', '20000000000000000001'], ['20000000000000000002']]);
});

test('errors never quote private data: a bare-string JSONL line, a header-less CSV, small classes, ids, duplicates', async () => {
  const bare = await failure(() => loadDataset(write('bare.jsonl', `"${EMAIL} paid with ${CARD}"\n{"text": "x", "label": "a"}\n`)));
  assert.match(bare.message, /bare\.jsonl:1:1: holds a string of \d+ characters, not an object/);
  const bad = await failure(() => loadDataset(write('badjson.jsonl', `{"text": ${EMAIL}}\n`)));
  assert.match(bad.message, /is not valid JSON \(Unexpected token 'j'\)/);
  const headerless = await failure(() => loadDataset(write('noheader.csv', `${EMAIL} asked about ${CARD},billing\nplain text,other\n`)));
  assert.match(headerless.message, /has no column "text" \(columns present: ‹\d+ characters: .*›, "billing"\)/);
  assert.match(headerless.message, /add a header row if the first line is data/);
  const small = await failure(() => datasetFromExamples(
    [{ text: 'a', label: EMAIL }, { text: 'b', label: 'ok' }, { text: 'c', label: 'ok' }, { text: 'd', label: CARD, line: 9 }],
    { source: 's.csv', folds: 2 },
  ));
  assert.deepEqual(small.issues.map((i) => i.path), ['s.csv:9', 's.csv:1']);
  const ids = await failure(() => datasetFromExamples([{ id: EMAIL, text: 'a', label: 'x' }, { id: EMAIL, text: 'b', label: 'y' }], { source: 'i' }));
  const dup = await failure(() => datasetFromExamples([{ text: 'same', label: EMAIL }, { text: 'same', label: 'other' }], { source: 'd' }));
  for (const e of [bare, bad, headerless, small, ids, dup]) {
    assert.ok(!e.message.includes('jane') && !e.message.includes('4111') && !e.message.includes('1111'), e.message);
  }
  assert.match(small.message, /class ‹20 characters: xxxx\.xxx@xxxxxxx\.xxx› has 1 example/);
});

test('devices and oversized files are refused before reading: fit /dev/zero returns at once', async () => {
  const zero = await failure(() => loadDataset('/dev/zero', { format: 'csv' }));
  assert.match(zero.message, /is a character device, not a data file/);
  const big = write('big.csv', `text,label\n${'x,y\n'.repeat(3000)}`);
  const e = await failure(() => loadDataset(big, { maxBytes: 1000 }));
  assert.equal(e.issues[0]!.code, 'file_too_large');
  assert.match(e.message, /over the 1 MB graft reads into memory at once/);
  const folder = await failure(() => loadDataset(dir + '/'));
  assert.ok(['not_a_file', 'unknown_format'].includes(folder.issues[0]!.code));
});

test('texts to predict follow the rules for training texts: empty and over-long ones are refused by position', () => {
  checkTexts(['fine', 'also fine']);
  const e = (() => {
    try {
      checkTexts(['ok', '   ', 'x'.repeat(120_000)], { source: 'argument' });
    } catch (err) {
      return err as DataError;
    }
    return undefined;
  })();
  assert.ok(e instanceof DataError);
  assert.deepEqual(e.issues.map((i) => [i.code, i.path]), [['empty_text', 'argument 2'], ['text_too_long', 'argument 3']]);
  assert.match(e.issues[1]!.message, /120,000 characters, over the limit of 100,000/);
  assert.throws(() => checkTexts([]), DataError);
});

test('labels holding terminal escapes or bidi overrides are refused at their line and column (issue 13 #13)', async () => {
  const rows = ['text,label', 'rain and wind,weather', 'snow again,weather', 'bake the bread,"\u001b[2J\u001b[31mcooking"', 'oven hot,cooking', 'sauce,cook\u202eing'];
  const e = await failure(() => loadDataset(write('ansi.csv', rows.join('\n') + '\n')));
  const bad = e.issues.filter((i) => i.code === 'bad_label');
  assert.deepEqual(bad.map((i) => i.path), [`${dir}/ansi.csv:4:16`, `${dir}/ansi.csv:6:7`]);
  assert.match(bad[0]!.message, /control character \(U\+001B at position 1\)/);
  assert.match(bad[1]!.message, /U\+202E at position 5/);
  assert.ok(e.issues.every((i) => !i.message.includes('\u001b')), 'the message itself carries no escape');
  const multi = await failure(() => datasetFromExamples(
    [{ text: 'a b', labels: ['x', 'y\u0007'] }, { text: 'c d', labels: ['x'] }, { text: 'e f', labels: ['y'] }], { source: 'm', multiLabel: true }));
  assert.ok(multi.issues.some((i) => i.code === 'bad_label' && /label 2 of the list holds a control character \(U\+0007/.test(i.message)));
});

test('graft scan refuses a device, a folder or a missing file before reading, as data files are (a link to /dev/zero read forever)', async () => {
  const { scanFile } = await import('../../src/privacy/index.js');
  const { symlinkSync, mkdirSync } = await import('node:fs');
  const zero = join(dir, 'zero-scan.csv');
  symlinkSync('/dev/zero', zero);
  mkdirSync(join(dir, 'folder-scan.csv'));
  for (const [path, code] of [[zero, /device|not a regular file/], [join(dir, 'folder-scan.csv'), /directory/], [join(dir, 'missing-scan.csv'), /file not found/]] as const) {
    const e = await failure(() => scanFile(path));
    assert.match(e.issues[0]!.message, code, path);
  }
});

test('graft scan of a CSV with a quote left open names the line, not the characters (was an unexpected error)', async () => {
  const { scanFile } = await import('../../src/privacy/index.js');
  const p = write('open-quote-scan.csv', `text,label\n"open ${EMAIL},a\nx,b\n"y" z ${CARD},a\n`);
  const e = await failure(() => scanFile(p));
  assert.equal(e.issues[0]!.code, 'bad_quote');
  assert.match(e.issues[0]!.path, /open-quote-scan\.csv:\d+$/);
  assert.ok(!e.message.includes(EMAIL) && !e.message.includes(CARD) && !e.message.includes('"y"'), e.message);
});
