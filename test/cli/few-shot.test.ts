/**
 * Few-shot data through `graft eval --quick` and `graft fit`: a slice with a few examples per
 * class gets as many folds as its smallest class allows, said on screen; only a class of one
 * example is refused, with one problem that names --folds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess as graft } from './in-process.js';

const WORDS = ['card', 'refund', 'transfer', 'pin', 'atm', 'fee', 'limit', 'rate', 'app', 'loan', 'cash', 'top-up', 'freeze', 'change', 'verify'];

/** 15 intents, three examples each except `loan` (two) and, with `lone`, one of a single example. */
function slice(dir: string, name: string, lone: boolean): string {
  const rows: string[] = [];
  WORDS.forEach((w, c) => {
    const n = w === 'loan' ? 2 : 3;
    for (let i = 0; i < n; i++) rows.push(JSON.stringify({ text: `my ${w} question number ${i} about the ${w} ${WORDS[(c + i + 1) % WORDS.length]}`, label: `intent_${w}` }));
  });
  if (lone) rows.push(JSON.stringify({ text: 'a question about something else entirely', label: 'intent_other' }));
  const file = join(dir, name);
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

const dir = mkdtempSync(join(tmpdir(), 'graft-few-shot-'));

test('eval --quick on few-shot data: fewer folds, said on screen, not refused', async () => {
  const r = await graft(dir, ['eval', slice(dir, 'few.jsonl', false), '--quick', '--backbone', 'hashing', '--strategies', 'centroid']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Protocol: stratified 2-fold cross-validation/);
  assert.match(r.out, /2-fold cross-validation instead of 5: the smallest class, "intent_loan", has 2 examples/);
});

test('fit on few-shot data: fewer folds for its metrics, said on screen', async () => {
  const r = await graft(dir, ['fit', slice(dir, 'few-fit.jsonl', false), '--task', 'intents', '--backbone', 'hashing', '--strategy', 'centroid']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /note: 2-fold cross-validation instead of 5/);
});

test('a class of a single example: one problem that names --folds (exit 2)', async () => {
  const file = slice(dir, 'lone.jsonl', true);
  for (const args of [['eval', file, '--quick'], ['fit', file, '--task', 'lone']]) {
    const r = await graft(dir, [...args, '--backbone', 'hashing']);
    assert.equal(r.code, 2, r.out);
    assert.match(r.err, /class "intent_other" has 1 example/);
    assert.match(r.err, /--folds 0/);
    assert.doesNotMatch(r.err, /intent_card|intent_loan/, 'no problem for the classes that are merely small');
  }
});
