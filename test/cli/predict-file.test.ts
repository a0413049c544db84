/**
 * `graft predict --file` streams (issue 13 #10): rows are predicted and written a block at a
 * time, with exactly the output of predicting every text in one call, and a bad record in a
 * file is still an error before anything is printed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { PREDICT_BLOCK } from '../../src/cli/predict-file.js';
import { graftInProcess } from './in-process.js';

const TOPICS: Record<string, string[]> = {
  weather: ['rain', 'storm', 'wind', 'snow', 'sunny', 'forecast'],
  football: ['goal', 'striker', 'match', 'referee', 'league', 'keeper'],
  cooking: ['bake', 'oven', 'recipe', 'flour', 'simmer', 'sauce'],
};
const FILLER = ['the', 'today', 'again', 'very', 'late', 'new', 'big', 'our'];

function text(i: number): string {
  const words = Object.values(TOPICS)[i % 3]!;
  return `${words[i % 6]} ${FILLER[i % 8]} ${words[(i * 5 + 1) % 6]} ${FILLER[(i * 3) % 8]} n${i}`;
}

// One task for every test: fitted once.
let dir = '';
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'graft-cli-predict-file-'));
  const train = Array.from({ length: 60 }, (_, i) => `${text(i)},${Object.keys(TOPICS)[i % 3]}`);
  writeFileSync(join(dir, 'train.csv'), 'text,label\n' + train.join('\n') + '\n');
  const fit = await graftInProcess(dir, ['fit', 'train.csv', '--task', 't', '--backbone', 'hashing', '--folds', '0']);
  assert.equal(fit.code, 0, fit.err);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stdout that calls `onWrite` after each chunk. */
function recorder(onWrite: () => void = () => {}): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write(c, _e, cb) { chunks.push(String(c)); onWrite(); cb(); } }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

test('predict --file prints, block by block, exactly what predicting every text in one call prints', async () => {
  // More than two blocks, the last one partial; a text with a comma and quotes, one with an escape.
  const texts = Array.from({ length: 2 * PREDICT_BLOCK + 37 }, (_, i) => text(1000 + i));
  texts[5] = 'rain, "heavy" rain';
  texts[7] = 'storm \u001b[31m red';
  const csv = (t: string) => (/[",]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  writeFileSync(join(dir, 'new.csv'), 'text\n' + texts.map(csv).join('\n') + '\n');
  let json = '';
  for (const mode of [['--json'], []]) {
    const whole = await graftInProcess(dir, ['predict', '--task', 't', ...mode, 'snow first', ...texts]);
    const streamed = await graftInProcess(dir, ['predict', '--task', 't', ...mode, 'snow first', '--file', 'new.csv']);
    assert.equal(whole.code, 0, whole.err);
    assert.equal(streamed.code, 0, streamed.err);
    assert.equal(streamed.out, whole.out, `same output ${mode.join(' ') || 'as text'}`);
    if (mode.length > 0) json = streamed.out;
  }
  assert.equal(JSON.parse(json).predictions.length, 1 + texts.length);
});

test('predictions are written before the input is read to its end', async () => {
  // Standard input gives one block and a bit, then waits until predictions come out (or 60 s).
  let wrote!: () => void;
  const written = new Promise<void>((resolve) => { wrote = resolve; });
  let sawOutputBeforeRest = false;
  async function* input(): AsyncGenerator<string> {
    yield 'text\n' + Array.from({ length: PREDICT_BLOCK + 10 }, (_, i) => text(i)).join('\n') + '\n';
    sawOutputBeforeRest = await Promise.race([written.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 60_000).unref())]);
    yield Array.from({ length: 500 }, (_, i) => text(5000 + i)).join('\n') + '\n';
  }
  const stdout = recorder(() => wrote());
  const stderr = recorder();
  const code = await runCli(['predict', '--task', 't', '--file', '-'], {
    stdout, stderr, stdin: Readable.from(input()), env: { GRAFT_HOME: join(dir, '.graft') }, interactive: false,
    signal: new AbortController().signal, cwd: dir,
  });
  assert.equal(code, 0, stderr.text());
  assert.ok(sawOutputBeforeRest, 'the first block was printed while the rest of the input was still to come');
  assert.equal(stdout.text().trim().split('\n').length, 1 + PREDICT_BLOCK + 10 + 500);
});

test('a bad record in a file is an error before anything is printed; on stdin the good rows come first, the JSON closed', async () => {
  const lines = Array.from({ length: PREDICT_BLOCK + 5 }, (_, i) => JSON.stringify({ text: text(i) }));
  lines.push(JSON.stringify({ text: '' }));
  writeFileSync(join(dir, 'bad.jsonl'), lines.join('\n') + '\n');
  const r = await graftInProcess(dir, ['predict', '--task', 't', '--json', '--file', 'bad.jsonl']);
  assert.equal(r.code, 2, 'a data error');
  assert.equal(r.out, '', 'nothing printed');
  assert.match(r.err, new RegExp(`bad\\.jsonl:${lines.length}.*empty`));

  const stdout = recorder();
  const stderr = recorder();
  const code = await runCli(['predict', '--task', 't', '--json', '--file', '-'], {
    stdout, stderr, stdin: Readable.from([lines.join('\n') + '\n']), env: { GRAFT_HOME: join(dir, '.graft') }, interactive: false,
    signal: new AbortController().signal, cwd: dir,
  });
  assert.equal(code, 2);
  assert.equal(JSON.parse(stdout.text()).predictions.length, PREDICT_BLOCK + 5);
  assert.match(stderr.text(), /stdin:\d+.*empty/);

  writeFileSync(join(dir, 'none.csv'), 'text\n');
  const none = await graftInProcess(dir, ['predict', '--task', 't', '--file', 'none.csv']);
  assert.equal(none.code, 2);
  assert.match(none.err, /none\.csv.*no texts to predict/);
});
