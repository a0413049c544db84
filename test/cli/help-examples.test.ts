/**
 * A command's help examples are "command lines that work" (src/cli/command.ts): forget's and
 * audit's, read from `graft help NAME` as a user sees them, run as shown and in order on README's
 * tickets (examples/tickets.csv as tickets.csv, fitted as task tickets under the default redact
 * policy). Each forget example must forget something; one that matches nothing exits 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from './in-process.js';
import { commandLines } from './shell-words.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The argv of every command under "Examples:" in `graft help NAME`. */
async function helpExamples(dir: string, name: string): Promise<string[][]> {
  const help = await graftInProcess(dir, ['help', name]);
  assert.equal(help.code, 0);
  const at = help.out.indexOf('\nExamples:\n');
  assert.ok(at >= 0, `graft help ${name} has examples`);
  return help.out.slice(at + '\nExamples:\n'.length).split('\n').flatMap(commandLines);
}

/** Texts forgotten, from forget's summary line or its --json object. */
function forgotten(out: string): number {
  const line = /^Forgot (\d+) text\(s\)/m.exec(out);
  return line ? Number(line[1]) : (JSON.parse(out) as { removedTexts: number }).removedTexts;
}

test("forget's and audit's help examples work as shown, in order, on README's tickets", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-help-examples-'));
  try {
    copyFileSync(join(ROOT, 'examples', 'tickets.csv'), join(dir, 'tickets.csv'));
    const fit = await graftInProcess(dir, ['fit', 'tickets.csv', '--task', 'tickets', '--backbone', 'hashing', '--folds', '0']);
    assert.equal(fit.code, 0, fit.err);

    // Why the examples changed: the stored text holds <EMAIL>, not the address.
    const stale = await graftInProcess(dir, ['forget', '--task', 'tickets', '--match', 'jane\\.doe@']);
    assert.equal(stale.code, 2);
    assert.match(stale.err, /matches the given match; nothing was changed/);

    const forget = await helpExamples(dir, 'forget');
    assert.ok(forget.length >= 4, `forget shows ${forget.length} examples`);
    assert.deepEqual(new Set(forget.map((argv) => argv.find((a) => ['--id', '--match', '--value', '--text'].includes(a)))), new Set(['--id', '--match', '--value', '--text']), 'one example per selector');
    let total = 0;
    for (const argv of forget) {
      assert.deepEqual(argv.slice(0, 2), ['graft', 'forget']);
      const r = await graftInProcess(dir, argv.slice(1));
      assert.equal(r.code, 0, `${argv.join(' ')} exited ${r.code}:\n${r.err}`);
      const n = forgotten(r.out);
      assert.ok(n >= 1, `${argv.join(' ')} forgot ${n} texts`);
      total += n;
    }
    const again = await graftInProcess(dir, ['forget', '--task', 'tickets', '--value', 'jane.doe@example.com']);
    assert.equal(again.code, 2, 'the address is gone');

    const audit = await helpExamples(dir, 'audit');
    for (const argv of audit) {
      const r = await graftInProcess(dir, argv.slice(1));
      assert.equal(r.code, 0, `${argv.join(' ')} exited ${r.code}:\n${r.err}`);
    }
    const { entries } = JSON.parse((await graftInProcess(dir, ['audit', '--task', 'tickets', '--json'])).out) as
      { entries: { action: string; detail: { removedHashes?: string[] } }[] };
    const forgets = entries.filter((e) => e.action === 'forget');
    assert.equal(forgets.length, forget.length, 'one audit record per forget example, none for those that matched nothing');
    assert.equal(forgets.reduce((s, e) => s + (e.detail.removedHashes?.length ?? 0), 0), total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
