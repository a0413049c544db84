/**
 * Adversarial suite, concurrent processes (issue 13 #8). Real `graft` processes started together
 * on one fresh GRAFT_HOME, as a server and several shells would share it: fits of the same task
 * and of others while the schema is being created, then a forget while others predict and fit.
 * Every process must finish its work (no "database is locked … Nothing was saved"), versions
 * must be numbered without gaps or repeats, every change must have its audit record, and the
 * file must pass SQLite's integrity check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const BIN = resolve('bin/graft.js');
const dir = mkdtempSync(join(tmpdir(), 'graft-processes-'));
const home = join(dir, 'home');

function dataFile(name: string, tag: string): string {
  const lines: string[] = [];
  for (const [label, words] of [['weather', ['rain', 'snow', 'storm', 'wind']], ['cooking', ['oven', 'bake', 'flour', 'sauce']]] as const) {
    for (let i = 0; i < 12; i++) lines.push(JSON.stringify({ id: `${label}-${i}`, text: `${words[i % 4]} and ${words[(i + 1) % 4]} ${i} ${tag}`, label }));
  }
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function graft(args: string[]): Promise<{ code: number | null; err: string; args: string[] }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, GRAFT_HOME: home, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c) => (err += String(c)));
    p.on('close', (code) => done({ code, err, args }));
  });
}

const fit = (file: string, task: string) => ['fit', file, '--task', task, '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '0', '--json'];

test('processes started together on a fresh store all finish: fits of one task and of others, then a forget among predicts and fits', async (t) => {
  const a = dataFile('a.jsonl', 'alpha');
  const b = dataFile('b.jsonl', 'beta');
  // Round 1: six processes create the schema and fit at once, three of them the same task.
  const first = await Promise.all([fit(a, 'shared'), fit(b, 'shared'), fit(a, 'shared'), fit(a, 'one'), fit(b, 'two'), ['tasks', '--json']].map(graft));
  for (const r of first) assert.equal(r.code, 0, `graft ${r.args.join(' ')}: ${r.err}`);
  // Round 2: a forget while others predict, fit and list.
  const second = await Promise.all([
    ['forget', '--task', 'shared', '--id', 'weather-3', '--json'], ['predict', '--task', 'shared', 'rain and snow'], ['predict', '--task', 'one', 'bake it'],
    fit(b, 'one'), ['audit', 'shared'], ['tasks'],
  ].map(graft));
  for (const r of second) {
    // A forget may finish its deletion while a reader holds the log: then it says the wipe is pending (exit 1), never a lost write.
    if (r.args[0] === 'forget' && r.code === 1) assert.match(r.err, /wipe|write-ahead log/, r.err);
    else assert.equal(r.code, 0, `graft ${r.args.join(' ')}: ${r.err}`);
    assert.doesNotMatch(r.err, /database is locked|unexpected error/);
  }
  const db = new Database(join(home, 'graft.db'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const versions = (task: string) => (db.prepare('SELECT version FROM head_versions WHERE task = ? ORDER BY version').all(task) as Array<{ version: number }>).map((r) => r.version);
    // shared: three fits (1, 2, 3), then the forget's refits numbered after them: no gap, no repeat.
    const shared = versions('shared');
    assert.ok(shared.length >= 4, `versions ${shared}`);
    assert.deepEqual(shared, shared.map((_, i) => i + 1));
    assert.deepEqual(versions('one'), [1, 2]);
    assert.deepEqual(versions('two'), [1]);
    const audit = db.prepare('SELECT task, action FROM audit ORDER BY id').all() as Array<{ task: string; action: string }>;
    assert.equal(audit.filter((e) => e.action === 'fit').length, 6, 'one fit record per fit');
    assert.equal(audit.filter((e) => e.action === 'forget').length, 1);
  } finally {
    db.close();
  }
  t.diagnostic('cases: 12 processes in 2 rounds');
});
