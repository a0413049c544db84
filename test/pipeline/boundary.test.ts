/**
 * The Workspace boundary: for every operation, raw private data never reaches the backbone
 * (a recording backbone sees every text it is given), and every state change leaves exactly
 * one audit record, written in the same transaction as the change (an audit write that fails
 * takes the change with it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingBackbone } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { Workspace } from '../../src/pipeline/index.js';
import { CountingBackbone } from './counting-backbone.js';

/** Private values planted in the data and inputs; none may reach a backbone. */
const SECRETS = ['zelda.quux@example.org', '+1 415 555 0132', '4111 1111 1111 1111', 'Margaret Thompson'];

const TOPICS: Record<string, string[]> = {
  weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
  cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
  football: ['goal', 'match', 'striker', 'league', 'referee', 'penalty', 'coach', 'team'],
};

/** The toy examples; `tag` adds a word to every text, so an operation's texts miss the embedding cache. */
function examples(tag = ''): Example[] {
  const out: Example[] = [];
  for (const [label, words] of Object.entries(TOPICS)) {
    for (let i = 0; i < 10; i++) {
      let text = `${words[i % 8]} ${words[(i * 3 + 1) % 8]} and ${words[(i * 5 + 2) % 8]} today ${i}`;
      if (i === 3) text += ` write to ${SECRETS[0]} about it`;
      if (i === 4) text += ` or call ${SECRETS[1]} tonight`;
      if (i === 5) text += ` paid with card ${SECRETS[2]}`;
      if (i === 6) text += ` says ${SECRETS[3]}`;
      if (tag) text += ` ${tag}`;
      out.push({ id: `${label}-${i}`, text, label, line: out.length + 2 });
    }
  }
  return out;
}

const INPUTS = [`storm and rain, mail ${SECRETS[0]}`, `the striker scored, call ${SECRETS[1]}`, `${SECRETS[3]} bakes bread`];

function workspace(): { ws: Workspace; spy: CountingBackbone } {
  // One recording backbone stands in for every backbone the workspace opens; named as use-lite,
  // its vectors go to the store's embedding cache, which the test can empty.
  const spy = new CountingBackbone(new HashingBackbone({ dim: 256 }), 'use-lite@spy');
  const ws = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-boundary-')), backbones: () => spy });
  return { ws, spy };
}

function assertNoSecret(spy: CountingBackbone, operation: string): void {
  assert.ok(spy.seen.length > 0, `${operation} embedded something`);
  for (const text of spy.seen) {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${operation} gave the backbone a raw private value: ${JSON.stringify(text)}`);
  }
  spy.seen.length = 0;
}

for (const policy of ['redact', 'pseudonymize'] as const) {
  test(`no operation gives the backbone raw private data (policy ${policy})`, async () => {
    const { ws, spy } = workspace();
    try {
      const data = (tag: string) => datasetFromExamples(examples(tag), { source: 'toy.jsonl' });
      await ws.fit(data(''), { task: 'topics', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 3, privacy: policy });
      assertNoSecret(spy, 'fit');
      await ws.fit(data('again'), { task: 'topics', strategy: 'logistic', backbone: 'use-lite', seed: 1, folds: 0, privacy: policy });
      assertNoSecret(spy, 'fit (second version)');
      await ws.fitZeroShot({ task: 'intents', backbone: 'use-lite', labels: [`mail ${SECRETS[0]}`, { label: 'phone', description: `ring ${SECRETS[1]}` }], privacy: policy });
      assertNoSecret(spy, 'fitZeroShot');
      await ws.evaluate(data('evaluate'), { backbones: ['use-lite'], strategies: ['centroid'], folds: 3, seed: 1, privacy: policy, reuse: false });
      assertNoSecret(spy, 'evaluate');
      await ws.bakeoff(data('bakeoff'), { backbones: ['use-lite'], strategies: ['centroid'], folds: 3, seed: 1, seeds: 1, sizes: [4], privacy: policy, reuse: false });
      assertNoSecret(spy, 'bakeoff');
      await ws.predict('topics', INPUTS);
      assertNoSecret(spy, 'predict');
      await ws.predictMany(['topics', 'intents'], INPUTS.map((t) => `${t} many`));
      assertNoSecret(spy, 'predictMany');
      const explained = await ws.explain('topics', INPUTS.map((t) => `${t} explain`));
      assertNoSecret(spy, 'explain');
      for (const e of explained.explanations) assert.ok(SECRETS.every((s) => !JSON.stringify(e).includes(s)), 'the explanation shows no raw value');
      await ws.embed('use-lite', INPUTS.map((t) => `${t} embed`));
      assertNoSecret(spy, 'embed');
      // a forget refits on the stored (already private) texts: empty the cache so they are embedded again
      workspaceContext(ws).cache.clear();
      await ws.forget('topics', { text: examples('again')[3]!.text });
      assertNoSecret(spy, 'forget (refit)');
      const scan = await ws.scan({ texts: INPUTS });
      assert.ok(scan.findings >= 3, 'scan finds the planted values');
      assert.ok(SECRETS.every((s) => !JSON.stringify(scan).includes(s)), 'the scan report shows no raw value');
    } finally {
      await ws.close();
    }
  });
}

test('predictMany and explain flag novelty as predict does', async () => {
  const { ws } = workspace();
  try {
    const ds = datasetFromExamples(examples(), { source: 'toy.jsonl' });
    await ws.fit(ds, { task: 'topics', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 0 });
    const texts = ['storm and rain today', 'qzx vvv pplk wwq'];
    const one = await ws.predict('topics', texts);
    assert.ok(one.predictions.every((p) => typeof p.outOfDistribution === 'boolean' && typeof p.novelty === 'number'));
    const [many] = await ws.predictMany(['topics'], texts);
    assert.deepEqual(many, one);
    const ex = await ws.explain('topics', texts);
    assert.deepEqual(ex.explanations.map((e) => [e.outOfDistribution, e.novelty]), one.predictions.map((p) => [p.outOfDistribution, p.novelty]));
  } finally {
    await ws.close();
  }
});

test('every state change leaves exactly one audit record, written with it', async () => {
  const { ws } = workspace();
  const ctx = workspaceContext(ws);
  const records = (task: string) => ctx.audit.list(task).map((e) => e.action);
  try {
    const ds = datasetFromExamples(examples(), { source: 'toy.jsonl' });
    const v1 = await ws.fit(ds, { task: 'topics', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 0 });
    assert.deepEqual(records('topics'), ['fit']);
    assert.equal(ctx.audit.list('topics')[0]!.detail.version, v1.version);
    await ws.fit(ds, { task: 'topics', strategy: 'logistic', backbone: 'use-lite', seed: 1, folds: 0 });
    assert.deepEqual(records('topics'), ['fit', 'fit']);
    await ws.fitZeroShot({ task: 'intents', backbone: 'use-lite', labels: ['refund', 'lost card'] });
    assert.deepEqual(records('intents'), ['fit']);
    await ws.deploy('topics', 1);
    assert.deepEqual(records('topics'), ['fit', 'fit', 'deploy']);
    await ws.deploy('topics', 2);
    await ws.rollback('topics');
    assert.deepEqual(records('topics'), ['fit', 'fit', 'deploy', 'deploy', 'rollback']);
    await ws.forget('topics', { id: 'weather-1' });
    assert.deepEqual(records('topics'), ['fit', 'fit', 'deploy', 'deploy', 'rollback', 'forget']);
    // reads change nothing and write no record
    await ws.predict('topics', ['rain']);
    await ws.predictMany(['topics', 'intents'], ['rain']);
    await ws.explain('topics', ['rain']);
    await ws.evaluate(ds, { backbones: ['use-lite'], strategies: ['centroid'], folds: 3, seed: 1 });
    await ws.tasks();
    assert.equal(records('topics').length, 6);

    // An audit write that fails takes its change with it: nothing half-written.
    const saved = (await ws.task('topics')).versions.filter((v) => v.deletedAt === null).map((v) => v.version);
    assert.equal(saved.length, 2, 'the forget replaced both versions');
    await ws.deploy('topics', saved[1]!);
    ctx.db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END");
    const before = await ws.task('topics');
    await assert.rejects(ws.fit(ds, { task: 'topics', strategy: 'centroid', backbone: 'use-lite', seed: 2, folds: 0 }), /audit unavailable/);
    await assert.rejects(ws.fitZeroShot({ task: 'fresh', backbone: 'use-lite', labels: ['a', 'b'] }), /audit unavailable/);
    await assert.rejects(ws.deploy('topics', saved[0]!), /audit unavailable/);
    await assert.rejects(ws.rollback('topics'), /audit unavailable/);
    await assert.rejects(ws.forget('topics', { id: 'cooking-2' }), /audit unavailable/);
    assert.deepEqual(await ws.task('topics'), before, 'no version, deploy, rollback or forget without its record');
    assert.ok(!(await ws.tasks()).some((t) => t.name === 'fresh'), 'no task created without its record');
    assert.ok(ctx.tasks.trainingExamples('topics', before.liveVersion!).some((e) => e.id === 'cooking-2'), 'the example is still there');
  } finally {
    await ws.close();
  }
});

test('a JavaScript caller who passes a task name or raw rows where a Dataset goes gets a clear UsageError, and nothing is written', async () => {
  const { ws, spy } = workspace();
  try {
    const rows = examples();
    const call = (f: () => Promise<unknown>) => f().then(() => assert.fail('expected a UsageError'), (e: Error) => e);
    const byName = await call(() => ws.fit('topics' as never, rows as never));
    assert.equal(byName.name, 'UsageError');
    assert.match(byName.message, /workspace\.fit\(dataset, options\) takes a Dataset first, got the string "topics": make one with loadDataset\('file\.csv'\) or datasetFromExamples\(rows, \{ name: 'mine' \}\), and pass the task name in the options \(\{ task: 'name' \}\)\./);
    const raw = await call(() => ws.evaluate(rows as never, {} as never));
    assert.match(raw.message, /workspace\.evaluate\(dataset, options\) takes a Dataset first, got an array \(raw rows\?\)/);
    const ds = datasetFromExamples(rows, { name: 'toy' });
    assert.match((await call(() => ws.fit(ds, undefined as never))).message, /needs an options object as its second argument, got undefined/);
    assert.match((await call(() => ws.fit(ds, { strategy: 'centroid' } as never))).message, /needs options\.task, the task's name as a string/);
    assert.match((await call(() => ws.fit(ds, { task: 'topics', backbone: 'use-lite' } as never))).message, /needs options\.seed, an integer \(the CLI's default is 42\), got undefined/);
    assert.match((await call(() => ws.fit(ds, { task: 'topics', backbone: 'use-lite', seed: 1, folds: 1 }))).message, /needs options\.folds: .* or 0 to skip them; got 1/);
    assert.match((await call(() => ws.advise(ds, 'fast' as never))).message, /workspace\.advise\(dataset, options\) needs an options object/);
    assert.equal(spy.seen.length, 0, 'nothing was embedded');
    assert.deepEqual(await ws.tasks(), [], 'no task was created');
  } finally {
    await ws.close();
  }
});
