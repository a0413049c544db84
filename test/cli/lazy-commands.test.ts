/**
 * The command table loads a command's module only when that command runs (or shows its help), so
 * a command does not pay for the others' libraries at start-up: `graft --version` loads nothing
 * above the store, `graft forget` neither the advisor's schemas (zod) nor another command's file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../../src/cli/commands.js';

const MAIN = resolve('src/cli/main.ts');
/** Registered after tsx, so it sees every module the process loads; prints each one's URL on stderr. */
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  "export async function load(url, ctx, next) { process.stderr.write('LOADED ' + url + '\\\\n'); return next(url, ctx); }"));
`)}`;

/** The src/ files (relative, e.g. `cli/forget.ts`) and packages a `graft ARGS` process loads. */
function loaded(args: string[]): { code: number | null; src: string[]; packages: Set<string>; stdout: string } {
  const home = mkdtempSync(join(tmpdir(), 'graft-lazy-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', HOOK, MAIN, ...args], {
    env: { ...process.env, GRAFT_HOME: home }, encoding: 'utf8', timeout: 120_000,
  });
  const urls = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
  const src = urls.map((u) => /\/src\/(.+)$/.exec(u)?.[1]).filter((s): s is string => s !== undefined);
  const packages = new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter((s): s is string => s !== undefined));
  return { code: r.status, src, packages, stdout: r.stdout };
}

test('graft --version loads no command and nothing above the store', () => {
  const r = loaded(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^graft \d+\.\d+\.\d+ /);
  assert.ok(r.src.includes('cli/main.ts'), 'the hook saw the CLI load');
  const layers = new Set(r.src.map((s) => s.split('/')[0]));
  assert.deepEqual([...layers].sort(), ['cli', 'core', 'store']);
  assert.deepEqual(r.src.filter((s) => s.startsWith('cli/')).sort(), ['cli/commands.ts', 'cli/home.ts', 'cli/main.ts']);
});

test('graft forget loads its own command file, not the others nor the advisor', () => {
  const r = loaded(['forget', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: graft forget /);
  assert.ok(r.src.includes('cli/forget.ts') && r.src.includes('pipeline/forget.ts'));
  const otherCommands = COMMANDS.filter((c) => c.name !== 'forget').map((c) => `cli/${c.name}.ts`);
  assert.deepEqual(r.src.filter((s) => otherCommands.includes(s)), []);
  assert.deepEqual(r.src.filter((s) => s.startsWith('advisor/') || s.startsWith('serve/') || s.startsWith('jobs/')), []);
  assert.ok(!r.packages.has('zod') && !r.packages.has('fastify'), [...r.packages].join(', '));
});

test('every entry of the command table loads the command it names', async () => {
  for (const entry of COMMANDS) assert.equal((await entry.load()).name, entry.name);
});
