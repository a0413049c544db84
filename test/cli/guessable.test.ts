/** A CLI people can guess: version, help, unknown options, stdin, task forms, tasks admin, where state lives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { resolveHome } from '../../src/store/index.js';

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

async function graft(cwd: string, argv: string[], input?: string, env: NodeJS.ProcessEnv = { GRAFT_HOME: join(cwd, '.graft') }) {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(argv, {
    stdout, stderr, env, interactive: false, signal: new AbortController().signal, cwd,
    stdin: input === undefined ? undefined : Readable.from([input]),
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

const CSV = ['text,label', ...Array.from({ length: 12 }, (_, i) => [`rain and storm ${i},weather`, `goal and match ${i},sport`]).flat()].join('\n') + '\n';

test('--version, help, bare graft and unknown commands', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-guess-'));
  const v = await graft(dir, ['--version']);
  assert.equal(v.code, 0);
  assert.match(v.out, /^graft \d+\.\d+\.\d+ \(Node /);
  assert.match(v.out, new RegExp(`state: ${join(dir, '.graft').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(GRAFT_HOME\\)`));
  assert.equal((await graft(dir, ['-v'])).out, v.out);
  const bare = await graft(dir, []);
  assert.equal(bare.code, 0);
  assert.match(bare.out, /Commands:/);
  const bogus = await graft(dir, ['help', 'bogus']);
  assert.equal(bogus.code, 2);
  assert.match(bogus.err, /no command "bogus"/);
  const typo = await graft(dir, ['predcit']);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /did you mean predict/);
});

test('every command has examples in its help, and an unknown option is one line naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-guess-'));
  for (const c of COMMANDS) {
    const h = await graft(dir, ['help', c.name]);
    assert.equal(h.code, 0);
    assert.match(h.out, /\nExamples:\n {2}graft /, `graft help ${c.name} shows examples`);
    const bad = await graft(dir, [c.name, '--no-such-flag']);
    assert.equal(bad.code, 2, c.name);
    assert.equal(bad.err, `graft ${c.name}: unknown option --no-such-flag; run 'graft help ${c.name}' for its options.\n`);
  }
  const missing = await graft(dir, ['predict', '--task']);
  assert.match(missing.err, /^graft predict: --task needs a value; run 'graft help predict' for its options\.\n$/);
});

test('- reads standard input; a task is given by --task or by position; fit says the version is live', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-guess-'));
  const fit = await graft(dir, ['fit', '-', '--task', 'topics', '--backbone', 'hashing', '--folds', '0'], CSV);
  assert.equal(fit.code, 0, fit.err);
  assert.match(fit.out, /Saved task "topics" version 1, now live/);
  const again = await graft(dir, ['fit', '-', 'topics', '--backbone', 'hashing', '--folds', '0', '--strategy', 'centroid'], CSV);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /version 2, now live[\s\S]*graft rollback topics makes the previous version live again/);

  const jsonl = '{"text": "storm and rain today"}\n{"text": "a late goal won the match"}\n';
  const byFlag = await graft(dir, ['predict', '--task', 'topics', '--file', '-', '--json'], jsonl);
  assert.equal(byFlag.code, 0, byFlag.err);
  assert.deepEqual((JSON.parse(byFlag.out) as { predictions: { label: string }[] }).predictions.map((p) => p.label), ['weather', 'sport']);
  const byPosition = await graft(dir, ['predict', 'topics', 'storm and rain today', '--json']);
  assert.equal((JSON.parse(byPosition.out) as { predictions: { label: string }[] }).predictions[0]!.label, 'weather');

  assert.equal((await graft(dir, ['deploy', '--task', 'topics', '1'])).code, 0);
  assert.equal((await graft(dir, ['rollback', '--task', 'topics'])).code, 2, 'v1 is the oldest: nothing to roll back to');
  const audit = await graft(dir, ['audit', '--task', 'topics', '--json']);
  assert.deepEqual((JSON.parse(audit.out) as { entries: { action: string }[] }).entries.map((e) => e.action), ['fit', 'fit', 'deploy']);
  assert.equal((await graft(dir, ['audit', 'topics'])).code, 0);
  const forget = await graft(dir, ['forget', 'topics', '--id', 'stdin:2', '--json']);
  assert.equal(forget.code, 0, forget.err);

  const empty = await graft(dir, ['predict', 'topics', '']);
  assert.equal(empty.code, 2);
  assert.match(empty.err, /Text 1 of 1 is empty/);
  const long = await graft(dir, ['predict', 'topics', 'x'.repeat(120_000)]);
  assert.equal(long.code, 2);
  assert.match(long.err, /120,000 characters, over the limit of 100,000/);
});

test('graft tasks show, rename and delete (which wants --yes)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-guess-'));
  writeFileSync(join(dir, 'data.csv'), CSV);
  assert.equal((await graft(dir, ['fit', 'data.csv', '--task', 'a', '--backbone', 'hashing', '--folds', '0'])).code, 0);
  const list = await graft(dir, ['tasks']);
  assert.match(list.out, /^a {2}v1 of 1/m);
  assert.match(list.out, /\(state: .*\.graft, GRAFT_HOME\)/);
  const show = await graft(dir, ['tasks', 'show', 'a']);
  assert.match(show.out, /v1 .*LIVE/);
  assert.equal((await graft(dir, ['tasks', 'rename', 'a', 'b'])).code, 0);
  const refused = await graft(dir, ['tasks', 'delete', 'b']);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /add --yes to confirm/);
  const deleted = await graft(dir, ['tasks', 'delete', 'b', '--yes']);
  assert.equal(deleted.code, 0, deleted.err);
  assert.match((await graft(dir, ['tasks'])).out, /No tasks yet/);
  const audit = await graft(dir, ['audit', 'b', '--json']);
  assert.deepEqual((JSON.parse(audit.out) as { entries: { action: string }[] }).entries.map((e) => e.action), ['fit', 'rename', 'delete']);
  assert.equal((await graft(dir, ['tasks', 'frobnicate'])).code, 2);
});

test('state lives in $GRAFT_HOME, else an existing ./.graft, else the platform data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-home-'));
  assert.deepEqual(resolveHome({ GRAFT_HOME: 'h' }, dir), { home: join(dir, 'h'), reason: 'GRAFT_HOME' });
  assert.deepEqual(resolveHome({ HOME: '/home/ana' }, dir, 'linux'), { home: '/home/ana/.local/share/graft', reason: 'platform data folder' });
  assert.deepEqual(resolveHome({ HOME: '/home/ana', XDG_DATA_HOME: '/data' }, dir, 'linux').home, '/data/graft');
  assert.equal(resolveHome({ HOME: '/Users/ana' }, dir, 'darwin').home, '/Users/ana/Library/Application Support/graft');
  assert.equal(resolveHome({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, dir, 'win32').reason, 'platform data folder');
  mkdirSync(join(dir, '.graft'));
  assert.deepEqual(resolveHome({ HOME: '/home/ana' }, dir, 'linux'), { home: join(dir, '.graft'), reason: 'existing ./.graft' });
});
