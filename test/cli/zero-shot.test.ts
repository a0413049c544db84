/** Zero-shot cold start through the CLI: a task from label names or descriptions, examples blended in later, deploy/rollback as usual. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from './in-process.js';

const predictJson = async (dir: string, args: string[]) => {
  const r = await graftInProcess(dir, ['predict', '--json', ...args]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { version: number; predictions: { label: string; probabilities: Record<string, number> }[] };
};

test('a task from label names alone predicts above chance at once; examples blend in as a new version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-zs-'));
  try {
    const cold = await graftInProcess(dir, ['fit', '--task', 'intents', '--labels', 'refund, card arrival, lost card', '--backbone', 'hashing']);
    assert.equal(cold.code, 0, cold.err);
    assert.match(cold.out, /Saved task "intents" version 1, now live: zero-shot on hashing.*0 examples, labels card arrival, lost card, refund/);
    assert.match(cold.out, /label names alone, no examples; predict works now/);

    // a small labelled set: chance is 1/3
    const labelled: [string, string][] = [
      ['where is my refund', 'refund'], ['I want a refund now', 'refund'], ['refund the money please', 'refund'],
      ['my card has not arrived', 'card arrival'], ['when will the card arrive', 'card arrival'], ['card arrival takes ages', 'card arrival'],
      ['I lost my card', 'lost card'], ['the card is lost', 'lost card'], ['lost card, block it', 'lost card'],
    ];
    const v1 = await predictJson(dir, ['--task', 'intents', ...labelled.map((l) => l[0])]);
    assert.equal(v1.version, 1);
    const right = v1.predictions.filter((p, i) => p.label === labelled[i]![1]).length;
    assert.ok(right >= 6, `zero-shot got ${right}/9 right; chance is 3`);

    // "stolen wallet" shares no word with any label name; two examples teach it
    const before = (await predictJson(dir, ['--task', 'intents', 'someone stole my wallet'])).predictions[0]!;
    writeFileSync(join(dir, 'few.csv'), [
      'text,label', 'someone stole my wallet with everything,lost card', 'my wallet was stolen yesterday,lost card',
      'I want my money back,refund', 'money back for the order,refund',
    ].join('\n') + '\n');
    const warm = await graftInProcess(dir, ['fit', 'few.csv', '--task', 'intents', '--backbone', 'hashing', '--folds', '0', '--json']);
    assert.equal(warm.code, 0, warm.err);
    const w = JSON.parse(warm.out);
    assert.equal(w.version, 2);
    assert.equal(w.strategy, 'zero-shot', 'the task stays zero-shot: examples blend into the prior');
    assert.deepEqual(w.labels, ['card arrival', 'lost card', 'refund'], 'labels without examples keep their prior');
    assert.equal(w.zeroShot.examples, 4);
    assert.ok(w.zeroShot.meanPriorShare < 1 && w.zeroShot.meanPriorShare > 0.5, `prior share ${w.zeroShot.meanPriorShare}`);
    const after = (await predictJson(dir, ['--task', 'intents', 'someone stole my wallet'])).predictions[0]!;
    assert.equal(after.label, 'lost card');
    assert.ok(after.probabilities['lost card']! > before.probabilities['lost card']!);
    assert.equal((await predictJson(dir, ['--task', 'intents', 'when will the card arrive'])).predictions[0]!.label, 'card arrival');

    // versions deploy and roll back like any other
    const rb = await graftInProcess(dir, ['rollback', 'intents']);
    assert.equal(rb.code, 0, rb.err);
    assert.deepEqual((await predictJson(dir, ['--task', 'intents', 'someone stole my wallet'])).predictions[0], { ...before });
    assert.equal((await graftInProcess(dir, ['deploy', 'intents', '2'])).code, 0);
    assert.equal((await predictJson(dir, ['--task', 'intents', 'someone stole my wallet'])).version, 2);
    const tasks = await graftInProcess(dir, ['tasks']);
    assert.match(tasks.out, /intents\s+v2 of 2\s+on hashing\S+\s+labels: card arrival, lost card, refund, zero-shot \+ 4 examples/);

    // new labels cannot sneak in through examples
    writeFileSync(join(dir, 'new.csv'), 'text,label\nhello there,greeting\nmy refund,refund\n');
    const bad = await graftInProcess(dir, ['fit', 'new.csv', '--task', 'intents', '--backbone', 'hashing', '--folds', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /also has greeting.*fixed when it is created/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--labels-file: descriptions are embedded instead of names; bad label lists are refused clearly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-zs-'));
  try {
    writeFileSync(join(dir, 'labels.jsonl'), [
      '{"label": "L1", "description": "getting money back, a refund"}',
      '{"label": "L2", "description": "a new card that has not arrived"}',
    ].join('\n') + '\n');
    const fit = await graftInProcess(dir, ['fit', '--task', 'coded', '--labels-file', 'labels.jsonl', '--backbone', 'hashing', '--json']);
    assert.equal(fit.code, 0, fit.err);
    const p = await predictJson(dir, ['--task', 'coded', 'I want my money back', 'my card has not arrived']);
    assert.deepEqual(p.predictions.map((x) => x.label), ['L1', 'L2']);

    writeFileSync(join(dir, 'dup.jsonl'), '{"label": "a"}\n{"label": "b"}\n{"label": "a"}\n{"description": "x"}\n');
    const dup = await graftInProcess(dir, ['fit', '--task', 'd', '--labels-file', 'dup.jsonl', '--backbone', 'hashing']);
    assert.equal(dup.code, 2);
    assert.match(dup.err, /dup\.jsonl:3:11.*"a" is already listed at .*dup\.jsonl:1/);
    assert.match(dup.err, /dup\.jsonl:4.*label name is missing/);

    const one = await graftInProcess(dir, ['fit', '--task', 'd', '--labels', 'only', '--backbone', 'hashing']);
    assert.equal(one.code, 2);
    assert.match(one.err, /at least 2 labels/);
    const twice = await graftInProcess(dir, ['fit', '--task', 'd', '--labels', 'a,b,a', '--backbone', 'hashing']);
    assert.equal(twice.code, 2);
    assert.match(twice.err, /"a" is listed twice/);
    writeFileSync(join(dir, 'x.csv'), 'text,label\na,b\nc,d\n');
    const both = await graftInProcess(dir, ['fit', 'x.csv', '--task', 'd', '--labels', 'a,b', '--backbone', 'hashing']);
    assert.equal(both.code, 2);
    assert.match(both.err, /--labels starts a task from label names alone/);
    const strat = await graftInProcess(dir, ['fit', '--task', 'd', '--labels', 'a,b', '--strategy', 'logistic', '--backbone', 'hashing']);
    assert.equal(strat.code, 2);
    assert.match(strat.err, /needs examples/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
