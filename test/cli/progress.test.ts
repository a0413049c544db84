import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBar, formatDuration, progressBar, progressReporter } from '../../src/cli/progress.js';
import { parse, int, list } from '../../src/cli/args.js';
import { UsageError } from '../../src/core/index.js';

test('renderBar shows counts, rate and ETA', () => {
  const line = renderBar({ phase: 'embed', done: 50, total: 200, unit: 'texts' }, 10);
  assert.match(line, /^embed /);
  assert.match(line, /50\/200 texts/);
  assert.match(line, /5\.0\/s/);
  assert.match(line, /ETA 30s/);
});

test('formatDuration switches to minutes', () => {
  assert.equal(formatDuration(12.2), '13s');
  assert.equal(formatDuration(125), '2m05s');
});

test('a disabled progress bar writes nothing', () => {
  let written = '';
  const stream = { write: (s: string) => { written += s; return true; } } as unknown as NodeJS.WritableStream;
  const bar = progressBar(stream, false);
  bar.update({ phase: 'x', done: 1, total: 2 });
  bar.done();
  assert.equal(written, '');
  const on = progressBar(stream, true, () => 1000);
  on.update({ phase: 'x', done: 2, total: 2 });
  assert.match(written, /2\/2/);
});

test('argument helpers reject bad values with the allowed set', () => {
  const p = parse(['--folds', '1', '--strategies', 'logistic,bogus'], { folds: { type: 'string' }, strategies: { type: 'string' } }, 'usage');
  assert.throws(() => int(p, 'folds', 5, 2, 20), (e: unknown) => e instanceof UsageError && /from 2 to 20, got "1"/.test(e.message));
  assert.throws(() => list(p, 'strategies', [], ['logistic', 'knn']), /unknown value "bogus"; choose from logistic, knn/);
  assert.throws(() => parse(['--nope'], {}, 'Usage: graft fit <file>'), (e: unknown) => e instanceof UsageError && e.message === "unknown option --nope; run 'graft help fit' for its options.");
  assert.throws(() => parse(['--json=1'], { json: { type: 'boolean' } }, 'Usage: graft fit <file>'), /--json is a switch and takes no value/);
});

test('--progress json writes JSON lines with elapsed and ETA, the first and last of each phase always', () => {
  let written = '';
  const stream = { write: (s: string) => { written += s; return true; } } as unknown as NodeJS.WritableStream;
  let t = 0;
  const r = progressReporter(stream, false, 'json', () => t);
  r.update({ phase: 'logistic: choose C', done: 0, total: 25, unit: 'fits' });
  t = 1000; r.update({ phase: 'logistic: choose C', done: 5, total: 25, unit: 'fits' });
  t = 1100; r.update({ phase: 'logistic: choose C', done: 6, total: 25, unit: 'fits' }); // within 250 ms: skipped
  t = 5000; r.update({ phase: 'logistic: choose C', done: 25, total: 25, unit: 'fits' });
  t = 5010; r.update({ phase: 'refit', done: 0, total: 1 });
  const lines = written.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => l.done), [0, 5, 25, 0]);
  assert.deepEqual(lines[1], { type: 'progress', phase: 'logistic: choose C', done: 5, total: 25, unit: 'fits', elapsed: 1, eta: 4 });
  assert.equal(lines[0]!.eta, null, 'no rate yet, no ETA');
  assert.equal(lines[2]!.eta, 0);
  assert.deepEqual([lines[3]!.unit, lines[3]!.elapsed], ['items', 0]);
  assert.throws(() => progressReporter(stream, false, 'xml'), (e: unknown) => e instanceof UsageError && /bar, json or none, got "xml"/.test(e.message));
  written = '';
  progressReporter(stream, true, 'none').update({ phase: 'x', done: 1, total: 2 });
  assert.equal(written, '');
});
