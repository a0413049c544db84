import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderBar, formatDuration, progressBar } from '../../src/cli/progress.js';
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
