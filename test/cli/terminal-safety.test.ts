/**
 * Texts a user passes in are shown on a terminal with their control characters made visible:
 * a terminal escape or a bidi override in an input file must not reach the terminal from
 * predict or predict --explain (issue 13: hostile input).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printable } from '../../src/cli/format.js';
import { graftInProcess } from './in-process.js';

const HOSTILE = ['\u001b[2J\u001b]0;pwned\u0007storm and rain', 'sunny \u202eevil\u202c day \u009b31m'];
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('printable shows control characters and bidi overrides as escapes and keeps the rest', () => {
  assert.equal(printable('\u001b[31mred\u0007'), '\\u{1b}[31mred\\u{7}');
  assert.equal(printable('a\u202eb'), 'a\\u{202e}b');
  assert.equal(printable('tab\tand\nnewline, café, 日本語'), 'tab\tand\nnewline, café, 日本語');
});

test('predict and predict --explain never write an input\'s control characters to the terminal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-terminal-'));
  const rows = ['text,label'];
  for (let i = 0; i < 6; i++) rows.push(`rain and storm ${i},wet`, `sunny and warm ${i},dry`);
  writeFileSync(join(dir, 'toy.csv'), rows.join('\n') + '\n');
  const fit = await graftInProcess(dir, ['fit', 'toy.csv', '--task', 'weather', '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '0']);
  assert.equal(fit.code, 0, fit.err);
  for (const extra of [[], ['--explain']]) {
    const r = await graftInProcess(dir, ['predict', '--task', 'weather', ...extra, ...HOSTILE]);
    assert.equal(r.code, 0, r.err);
    assert.ok(!RAW.test(r.out), `raw control character in: ${JSON.stringify(r.out)}`);
    assert.match(r.out, /\\u\{1b\}/, 'the escape is shown, not dropped');
  }
});
