/**
 * Adversarial suite, data files (issue 13). Seeded, so a failure names a case that replays:
 *  - round trip: random datasets (quotes, separators, newlines, CRLF, tabs, non-Latin text,
 *    emoji, backslashes, braces, huge and tiny numbers as labels) written correctly as CSV, TSV
 *    and JSONL read back exactly: the same texts and labels, in order, nothing merged or lost;
 *  - mutation: valid files with private values planted in texts and labels, damaged at random
 *    (a quote inserted or removed, bytes cut, a NUL, an invalid UTF-8 byte, a line doubled, a BOM,
 *    line endings swapped, a field made huge), either load or fail with a DataError/UsageError
 *    whose every message names a position and quotes no planted value and no control character.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraftError, Rng } from '../../src/core/index.js';
import { loadDataset } from '../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'graft-fuzz-data-'));
const ROUND_TRIPS = 120;
const MUTANTS = 360;

const PIECES = ['rain', 'snow', 'bake', ' ', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', "'", '\\', '{', '}', '[', ']', ':',
  'é', 'ß', '中文', 'ру', '🙂', '\u00a0', '1e400', '-0', '12345678901234567890', 'null', 'true', '#', '=SUM(A1)'];
const LABELS = ['billing', 'account', 'card_arrival', 'other thing', '1e400', '1e401', '12345678901234567890', '12345678901234567891', 'Ünïcode', '0.10', '0.1'];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

function randomText(rng: Rng): string {
  let t = pick(rng, ['rain', 'snow', 'bake', 'oven', 'wind']);
  const n = 1 + rng.int(8);
  for (let i = 0; i < n; i++) t += pick(rng, PIECES);
  return t + pick(rng, [' end', '.', '', '!']);
}

function csvField(v: string, sep: string): string {
  return /["\n\r]/.test(v) || v.includes(sep) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

type Format = 'csv' | 'tsv' | 'jsonl';

function serialize(rows: ReadonlyArray<{ text: string; label: string }>, format: Format, numericLabels: boolean): string {
  if (format === 'jsonl') {
    // Large numbers as bare JSON numbers: they must keep the digits they were written with.
    return rows.map((r) => `{"text":${JSON.stringify(r.text)},"label":${numericLabels && /^[0-9.e-]+$/.test(r.label) ? r.label : JSON.stringify(r.label)}}`).join('\n') + '\n';
  }
  const sep = format === 'csv' ? ',' : '\t';
  return ['text', 'label'].join(sep) + '\n' + rows.map((r) => `${csvField(r.text, sep)}${sep}${csvField(r.label, sep)}`).join('\n') + '\n';
}

test(`round trip: ${ROUND_TRIPS} random datasets × CSV, TSV and JSONL read back exactly`, async (t) => {
  let cases = 0;
  for (let seed = 1; seed <= ROUND_TRIPS; seed++) {
    const rng = new Rng(seed);
    const labels = [pick(rng, LABELS), pick(rng, LABELS)].filter((l, i, a) => a.indexOf(l) === i);
    if (labels.length < 2) labels.push('fallback');
    const rows = Array.from({ length: 4 + rng.int(12) }, (_, i) => ({ text: `${randomText(rng)} #${i}`, label: labels[i % labels.length]! }));
    const numeric = rng.next() < 0.5;
    for (const format of ['csv', 'tsv', 'jsonl'] as const) {
      const file = join(dir, `rt-${seed}.${format}`);
      writeFileSync(file, serialize(rows, format, numeric));
      const where = `seed ${seed} ${format}`;
      const ds = await loadDataset(file).catch((e: unknown) => assert.fail(`${where}: ${(e as Error).message}`));
      // Delimited files read line endings inside a quoted field as \n (as they read the file's own); JSON strings keep theirs.
      const expected = rows.map((r) => (format === 'jsonl' ? r.text : r.text.replace(/\r\n/g, '\n')));
      assert.deepEqual(ds.examples.map((x) => x.text), expected, `${where}: texts`);
      assert.deepEqual(ds.examples.map((x) => x.label), rows.map((r) => r.label), `${where}: labels`);
      cases++;
    }
  }
  t.diagnostic(`cases: ${cases}`);
  assert.equal(cases, ROUND_TRIPS * 3);
});

const SECRETS = ['zora.quill@example.org', '4111 1111 1111 1111', '+1 415 555 0199', '536-22-1848'];

type Mutation = (b: Buffer, rng: Rng) => Buffer;

const MUTATIONS: Record<string, Mutation> = {
  'insert a quote': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from('"')),
  'remove a quote': (b, rng) => {
    const at = [...b.keys()].filter((i) => b[i] === 0x22);
    return at.length ? splice(b, pick(rng, at), 1, Buffer.alloc(0)) : b;
  },
  'cut the end': (b, rng) => b.subarray(0, rng.int(b.length)),
  'insert a NUL': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from([0])),
  'insert an invalid UTF-8 byte': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from([0xff, 0xfe])),
  'double a line': (b, rng) => {
    const lines = b.toString('utf8').split('\n');
    const i = rng.int(lines.length);
    lines.splice(i, 0, lines[i]!);
    return Buffer.from(lines.join('\n'));
  },
  'add a BOM': (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  'swap line endings': (b) => Buffer.from(b.toString('utf8').replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n')),
  'make a field huge': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from('x'.repeat(100_001 + rng.int(1000)))),
  'insert an escape sequence': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from('\u001b[2J')),
  'insert a brace': (b, rng) => splice(b, rng.int(b.length + 1), 0, Buffer.from(pick(rng, ['{', '}', '[', ']', ':', ','])) ),
  'drop a byte': (b, rng) => splice(b, rng.int(Math.max(1, b.length)), 1, Buffer.alloc(0)),
};

function splice(b: Buffer, at: number, remove: number, insert: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, at), insert, b.subarray(at + remove)]);
}

function plantedRows(rng: Rng): Array<{ text: string; label: string }> {
  return Array.from({ length: 6 + rng.int(6) }, (_, i) => {
    const secret = SECRETS[i % SECRETS.length]!;
    return { text: `${randomText(rng)} contact ${secret}`, label: i === 5 ? SECRETS[0]! : i % 2 ? 'billing' : 'account' };
  });
}

test(`mutation: ${MUTANTS} damaged files load or fail with a positioned error that quotes no private value`, async (t) => {
  const names = Object.keys(MUTATIONS);
  const outcomes = { loaded: 0, refused: 0 };
  for (let seed = 1; seed <= MUTANTS; seed++) {
    const rng = new Rng(1000 + seed);
    const format = pick(rng, ['csv', 'tsv', 'jsonl'] as const);
    let bytes: Buffer = Buffer.from(serialize(plantedRows(rng), format, false));
    const applied: string[] = [];
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const name = pick(rng, names);
      applied.push(name);
      bytes = MUTATIONS[name]!(bytes, rng);
    }
    const file = join(dir, `mut-${seed}.${format}`);
    writeFileSync(file, bytes);
    const where = `seed ${1000 + seed} ${format} (${applied.join(', ')})`;
    try {
      const ds = await loadDataset(file);
      assert.ok(ds.examples.length > 0, `${where}: a loaded file has examples`);
      outcomes.loaded++;
    } catch (e) {
      assert.ok(e instanceof GraftError, `${where}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} is not a GraftError`);
      const messages = 'issues' in e && Array.isArray(e.issues) ? e.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`) : [e.message];
      for (const m of messages) {
        for (const s of SECRETS) assert.ok(!m.includes(s), `${where}: the message quotes ${s}: ${m}`);
        assert.doesNotMatch(m, /[\u0000-\u0008\u000b-\u001f\u007f]/, `${where}: the message carries a control character`);
        assert.ok(m.includes(file) || m.includes('mut-'), `${where}: the message names the file: ${m}`);
      }
      outcomes.refused++;
    }
  }
  t.diagnostic(`cases: ${MUTANTS} (loaded ${outcomes.loaded}, refused ${outcomes.refused})`);
  assert.ok(outcomes.refused > MUTANTS / 4 && outcomes.loaded > 0, `both outcomes occur: ${JSON.stringify(outcomes)}`);
});
