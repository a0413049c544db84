import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataError } from '../../src/core/index.js';
import { checkTextFile, loadDataset, readTexts } from '../../src/data/index.js';
import type { TextRecord } from '../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'graft-stream-'));

async function all(it: AsyncIterable<TextRecord[]>): Promise<{ batches: number[]; records: TextRecord[] }> {
  const batches: number[] = [];
  const records: TextRecord[] = [];
  for await (const b of it) {
    batches.push(b.length);
    records.push(...b);
  }
  return { batches, records };
}

/** Bytes in pieces of `size`: splits CRLFs, quotes and multi-byte characters across chunks. */
function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

const CSV = 'id,text,label\r\n' + Array.from({ length: 2500 }, (_, i) =>
  i % 7 === 0 ? `r${i},"multi\r\nline ""q"" ünïcödé ${i}",a` : `r${i},plain text ${i} — ✓,b`).join('\r\n') + '\r\n';

test('readTexts streams a CSV in batches with the same texts, ids and lines as loadDataset, whatever the chunking', async () => {
  const p = join(dir, 'big.csv');
  writeFileSync(p, CSV);
  const whole = await loadDataset(p, { requireLabels: false });
  const expected = whole.examples.map((e) => ({ id: e.id, text: e.text, line: e.line }));
  const fromFile = await all(readTexts(p, { batchSize: 1000 }));
  assert.deepEqual(fromFile.batches, [1000, 1000, 500]);
  assert.deepEqual(fromFile.records, expected);
  for (const size of [1, 7, 4096]) {
    const fromStdin = await all(readTexts('-', { stdin: chunked(Buffer.from(CSV), size), format: 'csv', batchSize: 999 }));
    assert.deepEqual(fromStdin.records, expected, `chunks of ${size} bytes`);
  }
});

test('readTexts streams JSONL with exact numbers; bad records are collected and thrown after the last batch', async () => {
  const lines = ['{"text": "one", "id": 12345678901234567890}', '"a bare string with jane@example.com"', '{"text": ""}', '{"text": "two"}'];
  const p = join(dir, 'mixed.jsonl');
  writeFileSync(p, lines.join('\n'));
  const seen: TextRecord[] = [];
  await assert.rejects(async () => {
    for await (const b of readTexts(p, { batchSize: 1 })) seen.push(...b);
  }, (e: Error) => e instanceof DataError && /mixed\.jsonl:2:1/.test(e.message) && /mixed\.jsonl:3/.test(e.message) && !e.message.includes('jane'));
  assert.deepEqual(seen.map((r) => [r.id, r.text]), [['12345678901234567890', 'one'], ['mixed:4', 'two']]);
  await assert.rejects(checkTextFile(p), DataError);
  const good = join(dir, 'good.jsonl');
  writeFileSync(good, lines[0] + '\n' + lines[3] + '\n');
  assert.equal(await checkTextFile(good), 2);
});

test('readTexts refuses devices, binary data and a missing text column at once', async () => {
  await assert.rejects(all(readTexts('/dev/zero', { format: 'csv' })), /character device/);
  const bin = join(dir, 'bin.csv');
  writeFileSync(bin, Buffer.from([0x74, 0x65, 0x78, 0x74, 0x0a, 0x00, 0x01]));
  await assert.rejects(all(readTexts(bin)), /NUL byte at byte offset 5/);
  const nocol = join(dir, 'nocol.csv');
  writeFileSync(nocol, 'body,label\n' + 'x,y\n'.repeat(5000));
  await assert.rejects(all(readTexts(nocol)), (e: Error) => e instanceof DataError && e.issues.length === 1 && /no column "text"/.test(e.message));
});
