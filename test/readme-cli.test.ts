/**
 * README's CLI block is what a new user types first: every line runs, in the order shown, on
 * the small committed files in examples/, and exits 0. `RUN` stands for a run id that
 * `graft runs` printed, as the block says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from './cli/in-process.js';
import { commandLines } from './cli/shell-words.js';

const ROOT = join(import.meta.dirname, '..');

/** The commands of the first ```sh block under "## The CLI": one argv per command (lines, then `&&`). */
function cliBlock(readme: string): string[][] {
  const at = readme.search(/^## The CLI$/m);
  assert.ok(at >= 0, 'README has a section ## The CLI');
  const section = readme.slice(at);
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'README has a ```sh block under ## The CLI');
  return block[1]!.split('\n').flatMap(commandLines);
}

test('the README CLI block, shell words and all, reads as commands', () => {
  assert.deepEqual(cliBlock('## The CLI\n\n```sh\ngraft a "b c" \'d\\.e\'  # note\ngraft f && graft g\n```\n'), [['graft', 'a', 'b c', 'd\\.e'], ['graft', 'f'], ['graft', 'g']]);
});

test("every command of README's CLI block works, in order, on examples/", async () => {
  const commands = cliBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(commands.length >= 15, `the block has ${commands.length} commands`);
  const dir = mkdtempSync(join(tmpdir(), 'graft-readme-'));
  try {
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    for (const argv of commands) {
      assert.equal(argv[0], 'graft', `a README command starts with graft: ${argv.join(' ')}`);
      let args = argv.slice(1);
      if (args.includes('RUN')) {
        const runs = await graftInProcess(dir, ['runs', '--kind', 'bakeoff', '--json']);
        const id = (JSON.parse(runs.out) as { id: string }[])[0]!.id;
        args = args.map((a) => (a === 'RUN' ? id : a));
      }
      const r = await graftInProcess(dir, args);
      assert.equal(r.code, 0, `graft ${args.join(' ')} exited ${r.code}:\n${r.err}`);
    }
    for (const file of ['bakeoff.html', 'pii.html', 'report.html']) assert.ok(existsSync(join(dir, file)), `${file} was written`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
