/**
 * Adversarial suite, command lines (issue 13). Seeded random `graft` command lines — every
 * command's own options plus unknown ones, given hostile values (empty, huge, negative, out of
 * range, NaN, 1e400, paths to devices, folders, missing files, the store's own files, a
 * catastrophic regular expression, terminal escapes, private values) — run in this process
 * against a small store. Each must end with exit code 0, 1 or 2 and, when it fails, one
 * message: never "unexpected error", never a stack trace, never the store damaged.
 *
 * Backbones are limited to hashing and names that cannot load (no model is ever fetched), and
 * `eval` always runs --quick, so every case takes well under a second on a quiet machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { Rng } from '../../src/core/index.js';
import { runCli } from '../../src/cli/main.js';

const CASES = 300;
const dir = mkdtempSync(join(tmpdir(), 'graft-fuzz-args-'));
const data = join(dir, 'toy.jsonl');
const lines: string[] = [];
for (const [label, words] of [['weather', ['rain', 'snow', 'storm', 'wind']], ['cooking', ['oven', 'bake', 'flour', 'sauce']]] as const) {
  for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ id: `${label}-${i}`, text: `${words[i % 4]} and ${words[(i + 1) % 4]} ${i}${i === 3 ? ' mail ada.byron@example.com' : ''}`, label }));
}
writeFileSync(data, lines.join('\n') + '\n');
writeFileSync(join(dir, 'labels.txt'), 'refund\ncard arrival\n');
writeFileSync(join(dir, 'bad.csv'), 'text,label\n"open quote,a\nx,b\n"y" z,a\n');
mkdirSync(join(dir, 'folder.csv'));
symlinkSync('/dev/zero', join(dir, 'zero.csv'));

async function graft(home: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (to: string[]) => new Writable({ write(c, _e, cb) { to.push(String(c)); cb(); } });
  const code = await runCli(argv, {
    stdout: sink(out), stderr: sink(err), env: { GRAFT_HOME: home }, interactive: false,
    signal: new AbortController().signal, cwd: dir, stdin: Readable.from([]),
  });
  return { code, out: out.join(''), err: err.join('') };
}

const template = join(dir, 'template');
const made = await graft(template, ['fit', data, '--task', 'toy', '--backbone', 'hashing', '--folds', '0', '--strategy', 'centroid']);
assert.equal(made.code, 0, made.err);

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

const PATHS = [data, join(dir, 'labels.txt'), join(dir, 'bad.csv'), join(dir, 'folder.csv'), join(dir, 'zero.csv'), join(dir, 'missing.csv'),
  '/dev/null', '/proc/self/status', '-', join(dir, 'out.html'), join(dir, 'no', 'dir', 'out.html'), dir];
const VALUES = ['', ' ', '-', '--', '0', '1', '-1', '2', '21', '1e400', 'NaN', '99999999999999999999', '0.5', 'x'.repeat(5000), '(a+)+$', '[',
  'toy', 'TOY', 'no-such-task', '../../etc/passwd', 'ada.byron@example.com', '\u001b[2Jboom', 'a,b,c', 'all', 'ALL', 'EMAIL', 'redact',
  'pseudonymize', 'refuse', 'allow', 'nope', 'weather-3', 'rain and snow'];
const BACKBONES = ['hashing', 'hashing', 'hashing', 'nope', 'onnx:/missing/model', 'hashing,nope', ''];

/** Each command's options: name → kind (boolean, or which pool its value comes from). */
const COMMANDS: Record<string, Record<string, 'bool' | 'value' | 'path' | 'backbone' | 'strategy' | 'privacy'>> = {
  fit: { task: 'value', strategy: 'strategy', backbone: 'backbone', text: 'value', label: 'value', folds: 'value', seed: 'value', json: 'bool',
    privacy: 'privacy', shards: 'value', 'multi-label': 'bool', 'label-sep': 'value', labels: 'value', 'labels-file': 'path' },
  predict: { task: 'value', version: 'value', file: 'path', text: 'value', json: 'bool', explain: 'bool', 'read-only': 'bool' },
  forget: { task: 'value', text: 'value', match: 'value', id: 'value', value: 'value', novelty: 'value', json: 'bool' },
  deploy: { task: 'value', json: 'bool' },
  rollback: { task: 'value', json: 'bool' },
  tasks: { task: 'value', json: 'bool', yes: 'bool', 'read-only': 'bool' },
  audit: { task: 'value', json: 'bool', 'read-only': 'bool' },
  runs: { kind: 'value', limit: 'value', json: 'bool', 'read-only': 'bool' },
  report: { html: 'path', json: 'bool', 'read-only': 'bool' },
  scan: { json: 'bool', html: 'path', 'fail-on': 'value', types: 'value', 'min-confidence': 'value', nlp: 'bool', columns: 'value' },
  eval: { text: 'value', label: 'value', backbone: 'backbone', strategies: 'strategy', folds: 'value', test: 'path', seed: 'value', json: 'bool', privacy: 'privacy' },
  help: {},
};
const POSITIONALS: Record<string, string[]> = {
  fit: ['path'], predict: ['value', 'value'], deploy: ['value', 'value'], rollback: ['value'], audit: ['value'], report: ['value'],
  scan: ['path'], eval: ['path'], tasks: ['value', 'value', 'value'], help: ['value'], forget: ['value'], runs: [],
};

/** Values that make sense for an option, so that half the cases get past parsing into the work. */
const PLAUSIBLE: Record<string, readonly string[]> = {
  task: ['toy', 'toy', 'fresh'], version: ['1', '2'], text: ['text'], label: ['label'], folds: ['0', '3'], seed: ['7'], shards: ['2'],
  labels: ['refund,card arrival'], match: ['rain', '^snow'], id: ['weather-3'], value: ['ada.byron@example.com'], novelty: ['drop', 'refit'],
  kind: ['bakeoff'], limit: ['3'], types: ['EMAIL,PHONE'], 'fail-on': ['EMAIL'], 'min-confidence': ['0.5'], columns: ['text', 'all'],
  'label-sep': ['|'], file: [data], 'labels-file': [join(dir, 'labels.txt')], test: [data], html: [join(dir, 'out.html')],
};

function value(rng: Rng, kind: string, option = ''): string {
  if (PLAUSIBLE[option] && rng.next() < 0.5) return pick(rng, PLAUSIBLE[option]!);
  if (kind === 'path') return pick(rng, PATHS);
  if (kind === 'backbone') return pick(rng, BACKBONES);
  if (kind === 'strategy') return pick(rng, ['centroid', 'knn', 'logistic', 'nope', 'centroid,knn', '']);
  if (kind === 'privacy') return pick(rng, ['redact', 'pseudonymize', 'refuse', 'allow', 'nope']);
  return pick(rng, VALUES);
}

function commandLine(rng: Rng): string[] {
  const name = pick(rng, Object.keys(COMMANDS));
  const opts = COMMANDS[name]!;
  const argv = [name];
  if (name === 'tasks' && rng.next() < 0.7) argv.push(pick(rng, ['list', 'show', 'rename', 'delete', 'nope']));
  for (const kind of POSITIONALS[name]!) if (rng.next() < 0.6) argv.push(rng.next() < 0.5 && kind === 'value' ? pick(rng, ['toy', '1', 'rain and snow']) : kind === 'path' && rng.next() < 0.5 ? data : value(rng, kind));
  for (let n = rng.int(4); n > 0; n--) {
    const names = Object.keys(opts);
    if (names.length === 0 || rng.next() < 0.04) {
      argv.push(pick(rng, ['--zzz', '--format', '--max-text-chars', '-x', '--json=1', '--task=toy']));
      continue;
    }
    const opt = pick(rng, names);
    argv.push(`--${opt}`);
    if (opts[opt] !== 'bool' && rng.next() < 0.95) argv.push(value(rng, opts[opt]!, opt));
  }
  // No model is ever loaded: fit and eval always name a backbone from the pool; eval skips the bake-off.
  if ((name === 'fit' || name === 'eval') && !argv.includes('--backbone')) argv.push('--backbone', 'hashing');
  if (name === 'eval') argv.push('--quick');
  return argv;
}

test(`${CASES} random command lines end with exit 0, 1 or 2 and one message, never a crash`, async (t) => {
  const codes = new Map<number, number>();
  let home = '';
  for (let seed = 1; seed <= CASES; seed++) {
    // A fresh copy of the store every 20 cases: earlier cases may have deleted or renamed the task.
    if (seed % 20 === 1) {
      home = join(dir, `home-${seed}`);
      cpSync(template, home, { recursive: true });
    }
    const rng = new Rng(seed);
    const argv = commandLine(rng);
    const where = `seed ${seed}: graft ${argv.map((a) => (a.length > 40 ? `${a.slice(0, 20)}…(${a.length})` : JSON.stringify(a))).join(' ')}`;
    const r = await graft(home, argv);
    assert.ok([0, 1, 2].includes(r.code), `${where}: exit ${r.code}`);
    assert.doesNotMatch(r.err, /unexpected error|please report/i, `${where}: ${r.err}`);
    assert.doesNotMatch(r.err, /\n\s+at .+:\d+:\d+/, `${where}: a stack trace`);
    if (r.code !== 0) assert.ok(r.err.trim().length > 0, `${where}: failed without a message`);
    codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
    const db = new Database(join(home, 'graft.db'), { readonly: true });
    try {
      assert.equal(db.pragma('quick_check', { simple: true }), 'ok', `${where}: the store is damaged`);
    } finally {
      db.close();
    }
  }
  t.diagnostic(`cases: ${CASES} (exit codes ${JSON.stringify(Object.fromEntries([...codes].sort()))})`);
  assert.ok((codes.get(0) ?? 0) > 0 && (codes.get(2) ?? 0) > 0, 'both successes and refusals occur');
});
