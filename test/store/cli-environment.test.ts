/**
 * Issue 13 #12 through the real `graft` executable: output files are checked before any work
 * and never replace the store's files; a store on a read-only volume serves the read commands;
 * a damaged store is named as such; a GRAFT_HOME that cannot exist fails at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

const BIN = resolve('bin/graft.js');
const ROOT = process.getuid?.() === 0;

function graft(home: string, args: string[], opts: { asNobody?: boolean; cwd?: string } = {}) {
  const node = [process.execPath, BIN, ...args];
  // As root every folder is writable: a read-only volume is seen by another user.
  const cmd = opts.asNobody && ROOT ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
  const r = spawnSync(cmd[0]!, cmd.slice(1), {
    cwd: opts.cwd ?? tmpdir(), env: { ...process.env, GRAFT_HOME: home, HOME: tmpdir(), CI: 'true' }, encoding: 'utf8', timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `graft ARGS` in this process (quicker than a new one; the read-only test needs another user, so spawns). */
async function graftHere(home: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (to: string[]) => new Writable({ write(c, _e, cb) { to.push(String(c)); cb(); } });
  const code = await runCli(args, { stdout: sink(out), stderr: sink(err), env: { GRAFT_HOME: home }, interactive: false, signal: new AbortController().signal, cwd: tmpdir() });
  return { code, out: out.join(''), err: err.join('') };
}

async function toyStore(): Promise<{ dir: string; home: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'graft-env-'));
  chmodSync(dir, 0o755);
  const lines: string[] = [];
  for (const [label, words] of [['weather', ['rain', 'snow', 'storm', 'wind']], ['cooking', ['oven', 'bake', 'flour', 'sauce']]] as const) {
    for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ text: `${words[i % 4]} and ${words[(i + 1) % 4]} ${i}`, label }));
  }
  const file = join(dir, 'toy.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const home = join(dir, 'home');
  const fit = await graftHere(home, ['fit', file, '--task', 'toy', '--backbone', 'hashing', '--folds', '0', '--strategy', 'centroid']);
  assert.equal(fit.code, 0, fit.err);
  return { dir, home, file };
}

function assertNoCrash(r: { err: string }): void {
  assert.doesNotMatch(r.err, /unexpected error|please report|\n\s+at /, 'a named error, not a crash');
}

test('output files: the store is never overwritten, a missing folder fails before the work', async () => {
  const { dir, home, file } = await toyStore();
  const db = readFileSync(join(home, 'graft.db'));
  for (const target of [join(home, 'graft.db'), join(home, 'pseudonym.key'), join(home, '.', 'graft.db-wal')]) {
    const r = await graftHere(home, ['scan', file, '--html', target]);
    assert.equal(r.code, 2, `scan --html ${target}: ${r.err}`);
    assert.match(r.err, /one of graft's own store files/);
    assert.equal(r.out, '', 'refused before scanning');
  }
  assert.ok(readFileSync(join(home, 'graft.db')).equals(db), 'graft.db is unchanged');
  const missing = await graftHere(home, ['scan', file, '--html', join(dir, 'no', 'such', 'r.html')]);
  assert.equal(missing.code, 2, missing.err);
  assert.match(missing.err, /the folder .*no\/such does not exist; create it first/);
  assert.equal(missing.out, '', 'refused before scanning');
  assertNoCrash(missing);
  const bakeoff = await graftHere(home, ['eval', file, '--backbone', 'hashing', '--strategies', 'centroid', '--seeds', '1', '--report', join(dir, 'nope', 'r.html')]);
  assert.equal(bakeoff.code, 2, bakeoff.err);
  assert.match(bakeoff.err, /--report .*does not exist/);
  assert.equal((await graftHere(home, ['runs', '--json'])).out.trim(), '[]', 'no bake-off ran');
  const report = await graftHere(home, ['report', 'any-run', '--html', join(home, 'graft.db')]);
  assert.equal(report.code, 2, report.err);
  assert.ok(readFileSync(join(home, 'graft.db')).equals(db), 'graft.db is still unchanged');
});

test('a store on a read-only volume: tasks, predict and audit work and create no file; a change is refused by name', { skip: process.platform === 'win32' }, async () => {
  const { home } = await toyStore();
  chmodSync(join(home, 'graft.db'), 0o444);
  chmodSync(home, 0o555);
  try {
    const before = readdirSync(home).sort();
    const tasks = graft(home, ['tasks'], { asNobody: true });
    assert.equal(tasks.code, 0, tasks.err);
    assert.match(tasks.out, /^toy {2}v1 of 1/);
    const predict = graft(home, ['predict', '--task', 'toy', 'heavy rain and storm', 'bake it in the oven', '--json'], { asNobody: true });
    assert.equal(predict.code, 0, predict.err);
    assert.deepEqual(JSON.parse(predict.out).predictions.map((p: { label: string }) => p.label), ['weather', 'cooking']);
    assert.equal(graft(home, ['audit', 'toy'], { asNobody: true }).code, 0);
    const deploy = graft(home, ['deploy', 'toy', '1'], { asNobody: true });
    assert.equal(deploy.code, 1, deploy.err);
    assert.match(deploy.err, /read-only/);
    assertNoCrash(deploy);
    assert.deepEqual(readdirSync(home).sort(), before, 'no -wal, -shm or key file was created');
  } finally {
    chmodSync(home, 0o755);
  }
});

test('a damaged store is named as damaged with restore advice; a GRAFT_HOME that cannot be made fails at once', async () => {
  const { home } = await toyStore();
  writeFileSync(join(home, 'graft.db'), 'not a database at all\n'.repeat(300));
  for (const args of [['tasks'], ['predict', '--task', 'toy', 'rain']]) {
    const r = await graftHere(home, args);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /is damaged or is not a graft database .*Restore it from a backup/s);
    assertNoCrash(r);
  }
  const t0 = performance.now();
  const proc = await graftHere('/proc/graft-test', ['tasks']);
  assert.equal(proc.code, 1, proc.err);
  assert.match(proc.err, /Cannot create the graft folder \/proc\/graft-test/);
  assert.ok(performance.now() - t0 < 60_000, 'no hang');
  assert.ok(!existsSync('/proc/graft-test'));
});
