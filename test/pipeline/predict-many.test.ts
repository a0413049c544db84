/**
 * predictMany: several tasks on the same texts, each backbone embedded once, results equal to
 * each task predicting alone; deploy and rollback change which head answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingBackbone } from '../../src/backbones/index.js';
import { LabelSet } from '../../src/core/index.js';
import { createStrategy, multiLabelTargets, restoreHead } from '../../src/heads/index.js';
import { openWorkspace, workspaceContext, hconcat, partColumns, backboneNameOf, predictionsOf } from '../../src/pipeline/index.js';
import { CountingBackbone } from './counting-backbone.js';

const rows: [string, string, string[], string][] = [
  ['refund my order please', 'billing', ['billing', 'polite'], 'polite'],
  ['where is my refund you idiots', 'billing', ['billing', 'rude'], 'rude'],
  ['the app crashes on login', 'bug', ['bug'], 'neutral'],
  ['thank you, the app works great now', 'praise', ['polite'], 'polite'],
  ['login is broken again, useless app', 'bug', ['bug', 'rude'], 'rude'],
  ['I was charged twice, please refund', 'billing', ['billing', 'polite'], 'polite'],
  ['great support, thanks a lot', 'praise', ['polite'], 'polite'],
  ['crash after the update', 'bug', ['bug'], 'neutral'],
  ['refund now, this is a scam', 'billing', ['billing', 'rude'], 'rude'],
  ['thanks for the quick fix', 'praise', ['polite'], 'polite'],
];
const texts = rows.map((r) => r[0]);
const examplesOf = (col: 1 | 3) => rows.map((r, i) => ({ id: String(i), text: r[0], label: r[col] }));

/**
 * A workspace whose two backbones are counting hashing backbones: `hashing` (128 columns) and,
 * standing in for use-lite, a 512-column one with a `use-lite@…` id.
 */
function workspace() {
  const small = new CountingBackbone(new HashingBackbone({ dim: 128 }));
  const large = new CountingBackbone(new HashingBackbone({ dim: 512 }), 'use-lite@counting-512');
  const ws = openWorkspace({
    home: mkdtempSync(join(tmpdir(), 'graft-many-')), pseudonymKey: new Uint8Array(32).fill(7),
    backbones: (name) => (name === 'hashing' ? small : large),
  });
  return { ws, ctx: workspaceContext(ws), small, large };
}

test('predictMany embeds once and equals separate predictions, task by task', async () => {
  const { ws, ctx, small } = workspace();
  try {
    const X = await small.embed(texts);
    const save = async (name: string, col: 1 | 3, kind: string, params: object) => {
      const labels = new LabelSet(rows.map((r) => r[col]));
      ctx.tasks.createOrGetTask({ name, backbone: small.id, labels: [...labels.labels], privacy: 'allow' });
      const head = await createStrategy(kind, params).fit(X, labels.encode(rows.map((r) => r[col])), { seed: 1, labels: [...labels.labels] });
      return ctx.tasks.saveHeadVersion({ task: name, kind, strategy: params, seed: 1, head: head.toJSON(), dataHash: 'h', metrics: {}, examples: examplesOf(col) });
    };
    await save('topic', 1, 'logistic', { C: 10 });
    await save('tone', 3, 'centroid', {});
    await save('topic', 1, 'knn', { k: 1 });
    small.calls = 0;
    const input = ['please refund me', 'the login crashes', 'thanks, great app'];
    const many = await ws.predictMany(['topic', 'tone'], input);
    assert.equal(small.calls, 1, 'one embedding pass for both tasks');
    for (const r of many) {
      const head = restoreHead(ctx.tasks.getHeadVersion(r.task).head);
      const alone = predictionsOf(head, await small.embed(input)).map((p) => ({ ...p, outOfDistribution: null, novelty: null }));
      assert.deepEqual(r.predictions, alone);
      assert.deepEqual(r, await ws.predict(r.task, input));
    }
    assert.equal(many[0]!.predictions[0]!.label, 'billing');

    // deploy and rollback change which head answers
    assert.equal(many[0]!.version, 2);
    await ws.deploy('topic', 1);
    const [deployed] = await ws.predictMany([{ task: 'topic' }], ['refund']);
    assert.equal(deployed!.version, 1);
    assert.ok(deployed!.predictions[0]!.confidence < 1, 'logistic is not a 1-NN vote');
    const [pinned] = await ws.predictMany([{ task: 'topic', version: 2 }], ['refund']);
    assert.equal(pinned!.version, 2, 'a named version instead of the live one');
    await ws.deploy('topic', 2);
    await ws.rollback('topic');
    assert.equal((await ws.predict('topic', ['refund'])).version, 1);
  } finally {
    await ws.close();
  }
});

test('a task on two backbones, a task on one of them and a multi-label task: each backbone embeds once, results equal separate predictions', async () => {
  const { ws, ctx, small, large } = workspace();
  try {
    const Xs = await small.embed(texts);
    const Xl = await large.embed(texts);
    const topics = new LabelSet(rows.map((r) => r[1]));
    const y = topics.encode(rows.map((r) => r[1]));
    const labels = [...topics.labels];

    // ensemble across the two backbones: one member per backbone's columns
    const both = `${small.id}+${large.id}`;
    assert.equal(backboneNameOf(both), 'hashing+use-lite', 'a multi-backbone id names each part');
    const cols = partColumns([small.dim, large.dim]);
    const ens = createStrategy('ensemble', { members: [{ kind: 'logistic', columns: cols[0]!, name: 'logistic on small' }, { kind: 'centroid', columns: cols[1]!, name: 'centroid on large' }], folds: 2 });
    const ensHead = await ens.fit(hconcat([Xs, Xl]), y, { seed: 1, labels });
    ctx.tasks.createOrGetTask({ name: 'topic', backbone: both, labels, privacy: 'allow' });
    ctx.tasks.saveHeadVersion({ task: 'topic', kind: 'ensemble', strategy: ens.params, seed: 1, head: ensHead.toJSON(), dataHash: 'h', metrics: {}, examples: examplesOf(1) });

    const knn = await createStrategy('knn', { k: 1 }).fit(Xs, y, { seed: 1, labels });
    ctx.tasks.createOrGetTask({ name: 'topic-small', backbone: small.id, labels, privacy: 'allow' });
    ctx.tasks.saveHeadVersion({ task: 'topic-small', kind: 'knn', strategy: { k: 1 }, seed: 1, head: knn.toJSON(), dataHash: 'h', metrics: {}, examples: examplesOf(1) });

    const { labels: tags, Y } = multiLabelTargets(rows.map((r) => r[2]));
    const ml = await createStrategy('multi-label', { base: { kind: 'centroid' }, folds: 2 }).fitMulti(Xl, Y, { seed: 1, labels: tags });
    ctx.tasks.createOrGetTask({ name: 'tags', backbone: large.id, labels: tags, privacy: 'allow' });
    ctx.tasks.saveHeadVersion({
      task: 'tags', kind: 'multi-label', strategy: ml.params, seed: 1, head: ml.toJSON(), dataHash: 'h', metrics: {},
      examples: rows.flatMap((r, i) => r[2].map((l) => ({ id: String(i), text: r[0], label: l }))),
    });

    small.calls = 0;
    large.calls = 0;
    const input = ['please refund me now', 'the login crashes', 'thanks, great app'];
    const many = await ws.predictMany(['topic', 'topic-small', 'tags'], input);
    assert.equal(small.calls, 1);
    assert.equal(large.calls, 1);

    const Es = await small.embed(input);
    const El = await large.embed(input);
    const heads = ['topic', 'topic-small', 'tags'].map((t) => restoreHead(ctx.tasks.getHeadVersion(t).head));
    const none = { outOfDistribution: null, novelty: null };
    assert.deepEqual(many[0]!.predictions, predictionsOf(heads[0]!, hconcat([Es, El])).map((p) => ({ ...p, ...none })));
    assert.deepEqual(many[1]!.predictions, predictionsOf(heads[1]!, Es).map((p) => ({ ...p, ...none })));
    assert.deepEqual(many[2]!.predictions, predictionsOf(heads[2]!, El).map((p) => ({ ...p, ...none })));
    assert.equal(many[0]!.backbone, both);
    assert.equal(many[0]!.predictions[1]!.label, 'bug');
    // the multi-label task answers with sets and independent per-label probabilities
    const tag = many[2]!.predictions[0]!;
    assert.ok(Array.isArray(tag.labels) && tag.labels.includes('billing'), JSON.stringify(tag));
    assert.ok(Object.values(tag.probabilities).reduce((s, p) => s + p, 0) > 1.0001, 'per-label probabilities do not sum to 1');
  } finally {
    await ws.close();
  }
});
