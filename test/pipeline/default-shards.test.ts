import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/core/index.js';
import { createStrategy } from '../../src/heads/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import {
  MIN_ROWS_PER_CLASS, REFIT_BUDGET_CPU_S, chooseShards, openWorkspace, refitCpuSeconds, workspaceContext,
} from '../../src/pipeline/index.js';
import type { FitTaskOptions, Workspace } from '../../src/pipeline/index.js';

const labelsOf = (perClass: number, classes: number): Int32Array => Int32Array.from({ length: perClass * classes }, (_, i) => i % classes);

test('chooseShards: one head while a whole refit is fast, enough shards for the budget above it, none that starve the rarest label', () => {
  // Small and few-shot sets: one head (64 per class of 77 intents is banking77's largest few-shot sample).
  for (const [perClass, K] of [[8, 2], [64, 2], [64, 77], [500, 2]] as const) {
    const c = chooseShards(createStrategy('logistic'), labelsOf(perClass, K), K);
    assert.equal(c.shards, 1, `${perClass}×${K}: ${c.why}`);
    assert.equal(c.by, 'default');
  }
  // 10,000 rows of 2 labels: split, and one sub-head's refit fits the budget while one fewer shard's would not.
  const big = chooseShards(createStrategy('logistic'), labelsOf(5000, 2), 2);
  assert.ok(big.shards >= 2, big.why);
  assert.ok(refitCpuSeconds(Math.ceil(10000 / big.shards), 2) <= REFIT_BUDGET_CPU_S);
  if (big.shards > 2) assert.ok(refitCpuSeconds(Math.ceil(10000 / (big.shards - 1)), 2) > REFIT_BUDGET_CPU_S);
  assert.match(big.why, /forget refits one sub-head of about \d+ examples/);
  // The same rows with a rare label: no more shards than give each sub-head MIN_ROWS_PER_CLASS of it.
  const y = labelsOf(5000, 2);
  for (let i = 0; i < y.length; i++) y[i] = i < 3 * MIN_ROWS_PER_CLASS ? 1 : 0;
  assert.equal(chooseShards(createStrategy('logistic'), y, 2).shards, 3);
  for (let i = 0; i < y.length; i++) y[i] = i < 2 * MIN_ROWS_PER_CLASS - 1 ? 1 : 0;
  const starved = chooseShards(createStrategy('logistic'), y, 2);
  assert.equal(starved.shards, 1);
  assert.match(starved.why, new RegExp(`rarest label has ${2 * MIN_ROWS_PER_CLASS - 1} examples`));
  // Other kinds are not sharded unless asked; an explicit count always wins, 1 included.
  assert.equal(chooseShards(createStrategy('knn'), labelsOf(5000, 2), 2).shards, 1);
  assert.deepEqual([chooseShards(createStrategy('logistic'), labelsOf(5000, 2), 2, 1).shards, chooseShards(createStrategy('logistic'), labelsOf(8, 2), 2, 7).shards], [1, 7]);
  assert.equal(chooseShards(createStrategy('centroid'), labelsOf(8, 2), 2, 3).by, 'option');
  for (const bad of [0, -2, 2.5, 1001, Number.NaN]) {
    assert.throws(() => chooseShards(createStrategy('logistic'), labelsOf(8, 2), 2, bad),
      (e: unknown) => e instanceof UsageError && e.code === 'bad_shards' && /whole number from 1 \(one head\) to 1000/.test(e.message), String(bad));
  }
});

const WORDS = ['rain', 'oven', 'goal', 'stock', 'guitar', 'virus', 'rocket', 'tax'];
const FILLER = ['today', 'again', 'maybe', 'later', 'here', 'there', 'now', 'soon', 'often', 'rarely'];

/** `perClass` distinct texts for each of 8 topics (a topic's word plus seeded filler). */
function topics(perClass: number): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < perClass; i++) {
    WORDS.forEach((w, k) => {
      const text = `${w} ${FILLER[(i * 7 + k) % 10]} ${FILLER[(i * 3 + 2 * k) % 10]} ${w}s number ${i}`;
      out.push({ id: `${w}-${i}`, text, label: w, line: out.length + 2 });
    });
  }
  return out;
}

/**
 * A few more examples per topic than the fewest the default splits into two shards, so that one
 * example less still splits the same way (at the rule's boundaries it would not: see forget.ts).
 */
function perClassThatShards(): number {
  let n = MIN_ROWS_PER_CLASS * 2;
  while (chooseShards(createStrategy('logistic'), labelsOf(n, WORDS.length), WORDS.length).shards < 2) n += 5;
  return n + 5;
}

async function withWorkspace(f: (ws: Workspace) => Promise<void>): Promise<void> {
  const ws = openWorkspace(mkdtempSync(join(tmpdir(), 'graft-default-shards-')));
  try {
    await f(ws);
  } finally {
    await ws.close();
  }
}

const fitOpts = (task: string, extra: Partial<FitTaskOptions> = {}): FitTaskOptions => ({ task, backbone: 'hashing', seed: 7, folds: 0, privacy: 'allow', ...extra });
const headOf = (ws: Workspace, task: string, version: number): string => JSON.stringify(workspaceContext(ws).tasks.getHeadVersion(task, version).head);

test('a large enough default fit is sharded and scored as saved; forget refits one shard and equals a fresh default fit of what remains, bit for bit', async () => {
  await withWorkspace(async (ws) => {
    const all = topics(perClassThatShards());
    const fit = await ws.fit(datasetFromExamples(all, { source: 'topics.jsonl' }), fitOpts('big', { folds: 2 }));
    const S = fit.sharding!.shards;
    assert.ok(S >= 2 && fit.sharding!.by === 'default', JSON.stringify(fit.sharding));
    const saved = workspaceContext(ws).tasks.getHeadVersion('big', fit.version);
    assert.equal(saved.head.kind, 'sharded');
    assert.equal((saved.head.state as { shards: unknown[] }).shards.length, S);
    // The cross-validated score is the sharded, calibrated head's: the strategy saved (and refitted by forget).
    assert.deepEqual(fit.cv!.strategy, { kind: saved.kind, params: saved.strategy });
    assert.deepEqual([saved.kind, (saved.strategy as { base: { kind: string } }).base.kind], ['sharded', 'calibrated']);

    const r = await ws.forget('big', { id: 'guitar-3' });
    assert.deepEqual(r.refitted[0]!.shards!.total, S);
    assert.equal(r.refitted[0]!.shards!.refitted.length, 1, 'one shard refitted, the rest reused');

    const rest = all.filter((e) => e.id !== 'guitar-3');
    const fresh = await ws.fit(datasetFromExamples(rest, { source: 'topics.jsonl' }), fitOpts('oracle'));
    assert.equal(fresh.sharding!.shards, S, 'a fresh default fit of what remains chooses the same split');
    assert.equal(headOf(ws, 'big', r.refitted[0]!.to), headOf(ws, 'oracle', fresh.version));
  });
});

test('a small default fit stays one head, the same bytes as --shards 1; an explicit count wins over the default', async () => {
  await withWorkspace(async (ws) => {
    const small = datasetFromExamples(topics(12), { source: 'topics.jsonl' });
    const byDefault = await ws.fit(small, fitOpts('small'));
    const one = await ws.fit(small, fitOpts('one', { shards: 1 }));
    assert.deepEqual([byDefault.sharding!.shards, byDefault.sharding!.by, one.sharding!.by], [1, 'default', 'option']);
    assert.equal(workspaceContext(ws).tasks.getHeadVersion('small', byDefault.version).head.kind, 'calibrated');
    assert.equal(headOf(ws, 'small', byDefault.version), headOf(ws, 'one', one.version));

    const three = await ws.fit(small, fitOpts('three', { shards: 3 }));
    assert.deepEqual(three.sharding, { shards: 3, by: 'option', why: '3 shards, as asked' });
    for (const shards of [0, 1.5, 1001]) {
      await assert.rejects(ws.fit(small, fitOpts('bad', { shards })), (e: unknown) => e instanceof UsageError && e.code === 'bad_shards');
    }
    assert.ok(!workspaceContext(ws).tasks.listTasks().some((t) => t.name === 'bad'), 'nothing saved');
  });
});
