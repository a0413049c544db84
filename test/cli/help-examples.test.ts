/**
 * A command's help examples are "command lines that work" (src/cli/command.ts): deploy's,
 * rollback's, forget's and audit's, read from `graft help NAME` as a user sees them, run as shown
 * and in order on README's tickets (examples/tickets.csv as tickets.csv, fitted three times as
 * task tickets under the default redact policy). Each forget example must forget something; one
 * that matches nothing exits 2.
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

/** Runs each example of `graft help NAME` in `dir`; each must exit 0. Returns their outputs. */
async function runExamples(dir: string, name: string): Promise<{ argv: string[]; out: string }[]> {
  const outs: { argv: string[]; out: string }[] = [];
  for (const argv of await helpExamples(dir, name)) {
    assert.equal(argv[0], 'graft', `an example starts with graft: ${argv.join(' ')}`);
    const r = await graftInProcess(dir, argv.slice(1));
    assert.equal(r.code, 0, `${argv.join(' ')} exited ${r.code}:\n${r.err}`);
    outs.push({ argv, out: r.out });
  }
  return outs;
}

test("deploy's, rollback's, forget's and audit's help examples work as shown, in order, on README's tickets", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-help-examples-'));
  try {
    copyFileSync(join(ROOT, 'examples', 'tickets.csv'), join(dir, 'tickets.csv'));
    for (let v = 1; v <= 3; v++) {
      const fit = await graftInProcess(dir, ['fit', 'tickets.csv', '--task', 'tickets', '--backbone', 'hashing', '--folds', '0', '--seed', String(v)]);
      assert.equal(fit.code, 0, fit.err);
      assert.match(fit.out, new RegExp(`version ${v}, now live`));
    }
    // deploy's examples show the versions, then make 2 and 3 live; a deploy of the live one says so
    const deploy = await runExamples(dir, 'deploy');
    assert.match(deploy[0]!.out, /^ {2}v3 .*LIVE$/m);
    assert.match(deploy[1]!.out, /tickets: live version 3 → 2/);
    assert.equal((JSON.parse(deploy[2]!.out) as { to: number }).to, 3);
    const again = await graftInProcess(dir, ['deploy', 'tickets', '3']);
    assert.equal(again.out, 'tickets: version 3 is already live (graft fit makes each new version live).\n');
    // rollback's go from 3 to 2, then to 1
    const rollback = await runExamples(dir, 'rollback');
    assert.match(rollback[0]!.out, /2/);
    assert.equal((JSON.parse(rollback[1]!.out) as { to: number }).to, 1);

    // Why the examples changed: the stored text holds <EMAIL>, not the address.
    const stale = await graftInProcess(dir, ['forget', '--task', 'tickets', '--match', 'jane\\.doe@']);
    assert.equal(stale.code, 2);
    assert.match(stale.err, /matches the given match; nothing was changed/);

    const forget = await runExamples(dir, 'forget');
    assert.ok(forget.length >= 4, `forget shows ${forget.length} examples`);
    const selectors = forget.map(({ argv }) => argv.find((a) => ['--id', '--match', '--value', '--text'].includes(a)));
    assert.deepEqual(new Set(selectors), new Set(['--id', '--match', '--value', '--text']), 'one example per selector');
    let total = 0;
    for (const { argv, out } of forget) {
      const n = forgotten(out);
      assert.ok(n >= 1, `${argv.join(' ')} forgot ${n} texts`);
      total += n;
    }
    const gone = await graftInProcess(dir, ['forget', '--task', 'tickets', '--value', 'jane.doe@example.com']);
    assert.equal(gone.code, 2, 'the address is gone');

    await runExamples(dir, 'audit');
    const { entries } = JSON.parse((await graftInProcess(dir, ['audit', '--task', 'tickets', '--json'])).out) as
      { entries: { action: string; detail: { removedHashes?: string[] } }[] };
    const forgets = entries.filter((e) => e.action === 'forget');
    assert.equal(forgets.length, forget.length, 'one audit record per forget example, none for those that matched nothing');
    assert.equal(forgets.reduce((s, e) => s + (e.detail.removedHashes?.length ?? 0), 0), total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
