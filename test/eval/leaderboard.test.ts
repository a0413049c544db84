import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossValidate, formatLeaderboard, judgeOverfitting, LEADERBOARD_WIDTH } from '../../src/eval/index.js';
import type { EvalResult } from '../../src/eval/index.js';
import { blobs, MeanStrategy, MemoriseStrategy } from './doubles.js';

async function results(): Promise<{ good: EvalResult; over: EvalResult }> {
  const { X, y } = blobs([10, 10], 1);
  const good = await crossValidate(new MeanStrategy(), X, y, { labels: ['a', 'b'], seed: 1 });
  const over = await crossValidate(new MemoriseStrategy(), X, y, { labels: ['a', 'b'], seed: 1 });
  return { good, over };
}

test('best first, with mean ± std in percent and an overfitting marker with its evidence', async () => {
  const { good, over } = await results();
  assert.doesNotMatch(formatLeaderboard([{ backbone: 'b', strategy: 'memorise', result: over }]), /!/, 'a gap alone is not marked');
  const path = { param: 'C', capacity: 'grows' as const, heldOutRows: 20, used: 10, advice: 'a lower C', points: [{ value: 0.1, heldOutAccuracy: 0.95 }, { value: 10, heldOutAccuracy: 0.5 }] };
  const flagged = { ...over, overfitting: true, overfittingVerdict: judgeOverfitting(path, 'memorise', over.gap.accuracy) };
  const text = formatLeaderboard([
    { backbone: 'hash-256', strategy: 'memorise', result: flagged },
    { backbone: 'use-lite@1', strategy: 'mean', result: good },
  ]);
  const lines = text.trimEnd().split('\n');
  assert.match(lines[0]!, /^#\s+backbone\s+strategy\s+accuracy %\s+macro-F1 %\s+log-loss\s+ECE\s+train-gap\s+fit$/);
  assert.match(lines[1]!, /^1\s+use-lite@1\s+mean\s+100\.0 ± 0\.0\s+100\.0 ± 0\.0\s+0\.\d{3}\s+0\.\d{3}\s+\+0\.0\s+\d\.\d\ds$/);
  assert.match(lines[2]!, /^2\s+hash-256\s+memorise\s+50\.0 ± 0\.0\s+.*\+50\.0 !/);
  assert.match(text, /! memorise overfits: held-out accuracy falls from 95\.0% at C = 0\.1 to 50\.0% at C = 10.*try a lower C/);
  // columns line up: numbers are right-aligned under their header
  const accEnd = lines[0]!.indexOf('accuracy %') + 'accuracy %'.length;
  for (const l of lines.slice(1, 3)) assert.equal(l.indexOf('±') + ' 0.0'.length + 1, accEnd, l);
});

test('long names are shortened so the table fits in 100 columns', async () => {
  const { good } = await results();
  const text = formatLeaderboard([
    { backbone: 'remote:openai/text-embedding-3-large@2024-01-25', strategy: 'ensemble(logistic C=1, knn k=5, centroid)', result: good },
  ]);
  for (const line of text.trimEnd().split('\n')) assert.ok(line.length <= LEADERBOARD_WIDTH, `${line.length}: ${line}`);
  assert.match(text, /…/);
  assert.doesNotMatch(text, /!/);
});

test('no rows says so', () => {
  assert.equal(formatLeaderboard([]), 'No results to show.\n');
});
