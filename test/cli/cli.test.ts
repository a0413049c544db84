/**
 * End to end through the real `graft` executable: fit → predict → tasks, eval, errors and
 * exit codes, on data the test writes and on a 200-message slice of the demo corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDemoCorpus } from '../../src/data/index.js';

const BIN = resolve('bin/graft.js');

function graft(home: string, args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: cwd ?? home,
    env: { ...process.env, GRAFT_HOME: home, CI: 'true' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeToyData(dir: string): string {
  const topics: Record<string, string[]> = {
    weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
    cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
    football: ['goal', 'match', 'striker', 'league', 'referee', 'penalty', 'coach', 'team'],
  };
  const lines: string[] = [];
  for (const [label, words] of Object.entries(topics)) {
    for (let i = 0; i < 20; i++) {
      const text = `${words[i % 8]} ${words[(i * 3 + 1) % 8]} and ${words[(i * 5 + 2) % 8]} today ${i}`;
      lines.push(JSON.stringify({ text, label }));
    }
  }
  const file = join(dir, 'toy.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('fit → predict → tasks on a small file, with versions', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const file = writeToyData(home);

  const fit = graft(home, ['fit', file, '--task', 'topics', '--backbone', 'hashing', '--json']);
  assert.equal(fit.code, 0, fit.stderr);
  const fitted = JSON.parse(fit.stdout);
  assert.equal(fitted.version, 1);
  assert.deepEqual(fitted.labels, ['cooking', 'football', 'weather']);
  assert.ok(fitted.cv.metrics.accuracy.mean > 0.8, `cv accuracy ${fitted.cv.metrics.accuracy.mean}`);

  const pred = graft(home, ['predict', '--task', 'topics', 'heavy rain and strong wind tonight', 'the striker scored a goal', '--json']);
  assert.equal(pred.code, 0, pred.stderr);
  const out = JSON.parse(pred.stdout);
  assert.equal(out.version, 1);
  assert.equal(out.predictions.length, 2);
  assert.equal(out.predictions[0].label, 'weather');
  assert.equal(out.predictions[1].label, 'football');
  for (const p of out.predictions) {
    const probs = Object.values(p.probabilities) as number[];
    assert.equal(probs.length, 3);
    assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }

  const refit = graft(home, ['fit', file, '--task', 'topics', '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '0', '--json']);
  assert.equal(refit.code, 0, refit.stderr);
  assert.equal(JSON.parse(refit.stdout).version, 2);

  const tasks = graft(home, ['tasks', '--json']);
  assert.equal(tasks.code, 0, tasks.stderr);
  const listed = JSON.parse(tasks.stdout).tasks;
  assert.equal(listed.length, 1);
  assert.equal(listed[0].name, 'topics');
  assert.equal(listed[0].liveVersion, 2);
  assert.equal(listed[0].versions, 2);

  const v1 = graft(home, ['predict', '--task', 'topics', '--version', '1', 'bake the bread in the oven', '--json']);
  assert.equal(v1.code, 0, v1.stderr);
  assert.equal(JSON.parse(v1.stdout).version, 1);
  assert.equal(JSON.parse(v1.stdout).predictions[0].label, 'cooking');

  const human = graft(home, ['tasks']);
  assert.match(human.stdout, /topics\s+v2 of 2/);
});

test('eval --quick prints a leaderboard and --json gives every strategy', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const file = writeToyData(home);
  const human = graft(home, ['eval', file, '--quick', '--backbone', 'hashing', '--folds', '3']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Best: \w+ on hashing/);
  assert.match(human.stdout, /stratified 3-fold cross-validation/);
  const json = graft(home, ['eval', file, '--quick', '--backbone', 'hashing', '--strategies', 'logistic,centroid', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const r = JSON.parse(json.stdout);
  assert.deepEqual(r.rows.map((x: { strategy: string }) => x.strategy).sort(), ['centroid', 'logistic']);
  assert.equal(r.rows[0].result.folds, 5);
});

test('bad input: clear messages, exit code 2, no stack trace, nothing written', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const bad = join(home, 'bad.csv');
  writeFileSync(bad, 'text,label\nhello there,a\n,b\nanother one,\n');
  const r = graft(home, ['fit', bad, '--task', 'x', '--backbone', 'hashing']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.csv:3/);
  assert.match(r.stderr, /bad\.csv:4/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.deepEqual(readdirSync(home).sort(), ['bad.csv'], 'bad data leaves no database behind');

  const unknown = graft(home, ['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);

  const usage = graft(home, ['eval', bad, '--folds', 'many']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--folds must be a whole number/);

  const missing = graft(home, ['predict', '--task', 'nope', 'hello']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
});

test('a 200-message slice of the demo corpus on use-lite: fit, predict, and a cached second run', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const ds = await loadDemoCorpus({ limit: 200, seed: 7 });
  const file = join(home, 'mail.jsonl');
  writeFileSync(file, ds.examples.map((e) => JSON.stringify({ id: e.id, text: e.text, label: e.label })).join('\n') + '\n');

  const first = graft(home, ['fit', file, '--task', 'spam', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const a = JSON.parse(first.stdout);
  assert.match(a.backbone, /^use-lite/);
  assert.equal(a.embedding.texts, 200);
  assert.ok(a.embedding.embedded > 190, `embedded ${a.embedding.embedded}`);
  assert.ok(a.cv.metrics.accuracy.mean > 0.8, `cv accuracy ${a.cv.metrics.accuracy.mean}`);

  const second = graft(home, ['fit', file, '--task', 'spam', '--json']);
  assert.equal(second.code, 0, second.stderr);
  const b = JSON.parse(second.stdout);
  assert.equal(b.embedding.embedded, 0, 'second run embeds nothing');
  assert.equal(b.embedding.cacheHits, 200);
  assert.equal(b.version, 2);
  assert.deepEqual(b.cv.metrics.accuracy, a.cv.metrics.accuracy, 'same data and seed, same numbers');

  const pred = graft(home, ['predict', '--task', 'spam', 'WIN a FREE prize now!!! click here to claim your cash', '--json']);
  assert.equal(pred.code, 0, pred.stderr);
  assert.equal(JSON.parse(pred.stdout).predictions[0].label, 'spam');
});

test('fit redacts private data by default: the report names types, the database never sees the value', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const file = writeToyData(home);
  writeFileSync(file, readFileSync(file, 'utf8') + JSON.stringify({ text: 'storm warning, write to mira.okafor@example.org for the forecast', label: 'weather' }) + '\n');
  const r = graft(home, ['fit', file, '--task', 'topics', '--backbone', 'hashing', '--folds', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Privacy \(redact\)/);
  assert.match(r.stderr, /EMAIL 1/);
  const bytes = ['graft.db', 'graft.db-wal'].map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
  assert.ok(bytes.length > 0);
  assert.ok(!bytes.includes('mira.okafor@example.org'), 'raw e-mail address stored');

  const refused = graft(home, ['fit', file, '--task', 'other', '--backbone', 'hashing', '--privacy', 'refuse']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /toy\.jsonl:61/);
  assert.doesNotMatch(refused.stderr, /mira/);
});

test('an identical quick evaluation is reused from its saved run; --fresh recomputes the same numbers', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const file = writeToyData(home);
  const args = ['eval', file, '--quick', '--backbone', 'hashing', '--strategies', 'logistic,centroid', '--json'];
  const a = JSON.parse(graft(home, args).stdout);
  assert.equal(a.reusedFrom, undefined);
  assert.match(a.runId, /\S/);
  const b = JSON.parse(graft(home, args).stdout);
  assert.equal(b.reusedFrom, a.runId);
  assert.deepEqual(b.rows, a.rows);
  const c = JSON.parse(graft(home, [...args, '--fresh']).stdout);
  assert.equal(c.reusedFrom, undefined);
  assert.notEqual(c.runId, a.runId);
  assert.deepEqual(c.rows.map((r: { result: { metrics: unknown } }) => r.result.metrics), a.rows.map((r: { result: { metrics: unknown } }) => r.result.metrics));
  const other = JSON.parse(graft(home, [...args.slice(0, -1), '--seed', '7', '--json']).stdout);
  assert.equal(other.reusedFrom, undefined, 'a different seed is a different evaluation');
});

test('fit --shards: a forget refits only the shard that held the example and says so; a bad S is refused', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-'));
  const file = writeToyData(home);
  const fit = graft(home, ['fit', file, '--task', 'sharded', '--backbone', 'hashing', '--strategy', 'centroid', '--shards', '2', '--json']);
  assert.equal(fit.code, 0, fit.stderr);
  assert.equal(JSON.parse(fit.stdout).version, 1);

  const text = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text as string)[0]!;
  const gone = graft(home, ['forget', '--task', 'sharded', '--text', text, '--json']);
  assert.equal(gone.code, 0, gone.stderr);
  const refit = JSON.parse(gone.stdout).refitted[0];
  assert.equal(refit.shards.total, 2);
  assert.equal(refit.shards.refitted.length, 1, `one shard refitted: ${JSON.stringify(refit.shards)}`);
  assert.equal(refit.rows, 59);

  const again = graft(home, ['forget', '--task', 'sharded', '--text', readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text as string)[1]!]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /shard [01] of 2 refitted, the rest reused/);

  const pred = graft(home, ['predict', '--task', 'sharded', 'heavy rain and strong wind tonight', '--json']);
  assert.equal(pred.code, 0, pred.stderr);
  assert.equal(JSON.parse(pred.stdout).predictions[0].label, 'weather');

  const bad = graft(home, ['fit', file, '--task', 'other', '--backbone', 'hashing', '--shards', '0']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--shards must be a whole number from 1 to 1000, got "0"/);
});
