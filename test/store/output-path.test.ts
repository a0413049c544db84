import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/core/index.js';
import { checkOutputPath, openDb } from '../../src/store/index.js';

function refused(fn: () => unknown, code: string): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof UsageError && e.code === code, `expected ${code}, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`expected ${code}`);
}

test('an output file onto the store is refused under any name: direct, relative, through a symlinked folder or a hard link', () => {
  const root = mkdtempSync(join(tmpdir(), 'graft-out-'));
  const home = join(root, 'home');
  openDb(home).close();
  assert.match(refused(() => checkOutputPath(join(home, 'graft.db'), { home, flag: '--html' }), 'output_is_store'), /--html .* would destroy the store/);
  refused(() => checkOutputPath('home/graft.db-wal', { home, cwd: root }), 'output_is_store');
  refused(() => checkOutputPath(join(home, 'pseudonym.key'), { home }), 'output_is_store');
  symlinkSync(home, join(root, 'alias'));
  refused(() => checkOutputPath(join(root, 'alias', 'graft.db'), { home }), 'output_is_store');
  linkSync(join(home, 'graft.db'), join(root, 'hard.db'));
  refused(() => checkOutputPath(join(root, 'hard.db'), { home }), 'output_is_store');
  assert.equal(checkOutputPath('report.html', { home, cwd: root }), join(root, 'report.html'));
});

test('a missing folder or a folder as the file is refused before any work, saying what to do', () => {
  const root = mkdtempSync(join(tmpdir(), 'graft-out2-'));
  assert.match(refused(() => checkOutputPath(join(root, 'nope', 'r.html'), { home: join(root, 'h') }), 'bad_output_path'), /does not exist; create it first \(mkdir -p/);
  mkdirSync(join(root, 'dir.html'));
  assert.match(refused(() => checkOutputPath(join(root, 'dir.html'), { home: join(root, 'h') }), 'bad_output_path'), /is a folder/);
});
