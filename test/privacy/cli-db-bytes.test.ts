/**
 * Issue 13 #1: no CLI command leaves a raw private value in the store. After each command run on
 * PII-laden input (fit, eval, predict with and without --explain, predict --file, scan, deploy,
 * forget --value, audit), the bytes of graft.db and graft.db-wal are searched for every planted
 * value and for the SHA-256 of every raw input text (a cache entry under a raw text's hash means
 * the raw text was embedded; the backbone is the tiny ONNX fixture, whose vectors are cached in the
 * store). Under the default policy (redact) and under pseudonymize.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from '../cli/in-process.js';
import { TINY_BERT } from '../backbones/tiny-bert.js';

// A backbone whose vectors go to the store's cache (hashing's stay in memory): the committed tiny BERT.
const BACKBONE = `onnx:${TINY_BERT}`;

const SECRETS = ['wilhelmina.zed@example.net', '(415) 555-2671', '4111 1111 1111 1111', '203.0.113.77', '536-22-1848'];

const TOPICS: Record<string, string[]> = {
  weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
  cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
};

function trainingFile(dir: string): { file: string; texts: string[] } {
  const lines: string[] = [];
  const texts: string[] = [];
  for (const [label, words] of Object.entries(TOPICS)) {
    for (let i = 0; i < 12; i++) {
      const text = `${words[i % 8]} ${words[(i * 3 + 1) % 8]} and ${words[(i * 5 + 2) % 8]} ${i}, contact ${SECRETS[i % SECRETS.length]}`;
      texts.push(text);
      lines.push(JSON.stringify({ text, label }));
    }
  }
  const file = join(dir, 'train.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, texts };
}

function storeBytes(home: string): Buffer {
  return Buffer.concat(['graft.db', 'graft.db-wal'].map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f)));
}

function assertClean(home: string, after: string, rawTexts: readonly string[]): void {
  const bytes = storeBytes(home);
  assert.ok(bytes.length > 0, `${after}: the store exists`);
  for (const s of SECRETS) assert.equal(bytes.indexOf(Buffer.from(s, 'utf8')), -1, `${after}: the raw value ${s} is in the store's files`);
  for (const t of rawTexts) {
    const digest = createHash('sha256').update(t, 'utf8').digest();
    assert.equal(bytes.indexOf(digest), -1, `${after}: a vector of the raw text ${JSON.stringify(t)} is cached`);
  }
}

for (const policy of ['redact', 'pseudonymize'] as const) {
  test(`every CLI command leaves no raw private value and no raw text's vector in graft.db (policy ${policy})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `graft-bytes-${policy}-`));
    const home = join(dir, '.graft');
    const { file, texts } = trainingFile(dir);
    const inputs = [`storm tonight, mail ${SECRETS[0]}`, `bake it at 200, call ${SECRETS[1]}`, `snow; my SSN is ${SECRETS[4]}`];
    const inputFile = join(dir, 'inputs.jsonl');
    writeFileSync(inputFile, inputs.map((text) => JSON.stringify({ text: `${text} (file)` })).join('\n') + '\n');
    const raw = [...texts, ...inputs, ...inputs.map((t) => `${t} (file)`)];
    // predict shows each input text beside its label (the caller's own text, on their terminal); every other command prints no value.
    const run = async (argv: string[]): Promise<void> => {
      const r = await graftInProcess(dir, argv);
      assert.equal(r.code, 0, `graft ${argv.join(' ')}: ${r.err}`);
      assertClean(home, `graft ${argv.join(' ')}`, raw);
      if (argv[0] !== 'predict') for (const s of SECRETS) assert.ok(!r.out.includes(s) && !r.err.includes(s), `graft ${argv[0]} printed ${s}`);
    };
    await run(['fit', file, '--task', 'topics', '--backbone', BACKBONE, '--privacy', policy, '--folds', '3']);
    await run(['eval', file, '--quick', '--backbone', BACKBONE, '--strategies', 'centroid', '--privacy', policy, '--folds', '3']);
    await run(['predict', '--task', 'topics', ...inputs]);
    await run(['predict', '--task', 'topics', '--explain', ...inputs]);
    await run(['predict', '--task', 'topics', '--file', inputFile]);
    await run(['scan', file]);
    await run(['fit', file, '--task', 'topics', '--backbone', BACKBONE, '--privacy', policy, '--folds', '0', '--strategy', 'centroid']);
    await run(['deploy', '--task', 'topics', '1']);
    await run(['forget', '--task', 'topics', '--value', SECRETS[0]!]);
    await run(['audit', 'topics']);
    await run(['tasks']);
  });
}
