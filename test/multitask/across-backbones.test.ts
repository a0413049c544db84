/** predictMany with a task on two backbones and a multi-label task: still one embedding pass per backbone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashingBackbone } from '../../src/backbones/index.js';
import { LabelSet } from '../../src/core/index.js';
import { EnsembleStrategy, MultiLabelStrategy, createStrategy, multiLabelTargets } from '../../src/heads/index.js';
import { openMemoryDb, TaskStore } from '../../src/store/index.js';
import { loadTask, predictMany, predictionsOf } from '../../src/multitask/index.js';
import { hconcat, partColumns, backboneNameOf } from '../../src/pipeline/index.js';
import { CountingBackbone } from './counting-backbone.js';

const rows: [string, string, string[]][] = [
  ['refund my order please', 'billing', ['billing', 'polite']],
  ['where is my refund you idiots', 'billing', ['billing', 'rude']],
  ['the app crashes on login', 'bug', ['bug']],
  ['thank you, the app works great now', 'praise', ['polite']],
  ['login is broken again, useless app', 'bug', ['bug', 'rude']],
  ['I was charged twice, please refund', 'billing', ['billing', 'polite']],
  ['great support, thanks a lot', 'praise', ['polite']],
  ['crash after the update', 'bug', ['bug']],
  ['refund now, this is a scam', 'billing', ['billing', 'rude']],
  ['thanks for the quick fix', 'praise', ['polite']],
];

test('a task on two backbones, a task on one of them and a multi-label task: each backbone embeds once, results equal separate predictions', async () => {
  const small = new CountingBackbone(new HashingBackbone({ dim: 128 }));
  const large = new CountingBackbone(new HashingBackbone({ dim: 512 }));
  const byId = new Map<string, CountingBackbone>([[small.id, small], [large.id, large]]);
  const tasks = new TaskStore(openMemoryDb());
  const texts = rows.map((r) => r[0]);
  const Xs = await small.embed(texts);
  const Xl = await large.embed(texts);
  const topics = new LabelSet(rows.map((r) => r[1]));
  const y = topics.encode(rows.map((r) => r[1]));
  const labels = [...topics.labels];
  const examples = rows.map((r, i) => ({ id: String(i), text: r[0], label: r[1] }));

  // ensemble across the two backbones: one logistic member per backbone's columns
  const both = `${small.id}+${large.id}`;
  assert.equal(backboneNameOf(both), 'hashing+hashing', 'a multi-backbone id names each part');
  const cols = partColumns([small.dim, large.dim]);
  const ens = new EnsembleStrategy({ members: [{ kind: 'logistic', columns: cols[0]!, name: 'logistic on small' }, { kind: 'centroid', columns: cols[1]!, name: 'centroid on large' }], folds: 2 });
  const ensHead = await ens.fit(hconcat([Xs, Xl]), y, { seed: 1, labels });
  tasks.createOrGetTask({ name: 'topic', backbone: both, labels });
  tasks.saveHeadVersion({ task: 'topic', kind: 'ensemble', strategy: ens.params, seed: 1, head: ensHead.toJSON(), dataHash: 'h', metrics: {}, examples });

  const knn = await createStrategy('knn', { k: 1 }).fit(Xs, y, { seed: 1, labels });
  tasks.createOrGetTask({ name: 'topic-small', backbone: small.id, labels });
  tasks.saveHeadVersion({ task: 'topic-small', kind: 'knn', strategy: { k: 1 }, seed: 1, head: knn.toJSON(), dataHash: 'h', metrics: {}, examples });

  const { labels: tags, Y } = multiLabelTargets(rows.map((r) => r[2]));
  const ml = await new MultiLabelStrategy({ base: { kind: 'centroid' }, folds: 2 }).fitMulti(Xl, Y, { seed: 1, labels: tags });
  tasks.createOrGetTask({ name: 'tags', backbone: large.id, labels: tags });
  tasks.saveHeadVersion({
    task: 'tags', kind: 'multi-label', strategy: ml.params, seed: 1, head: ml.toJSON(), dataHash: 'h', metrics: {},
    examples: rows.flatMap((r, i) => r[2].map((l) => ({ id: String(i), text: r[0], label: l }))),
  });

  small.calls = 0;
  large.calls = 0;
  const input = ['please refund me now', 'the login crashes', 'thanks, great app'];
  const loaded = ['topic', 'topic-small', 'tags'].map((n) => loadTask(tasks, n));
  const many = await predictMany(input, loaded, (id) => byId.get(id)!);
  assert.equal(small.calls, 1);
  assert.equal(large.calls, 1);

  const Es = await small.embed(input);
  const El = await large.embed(input);
  assert.deepEqual(many[0]!.predictions, predictionsOf(loaded[0]!.head, hconcat([Es, El])));
  assert.deepEqual(many[1]!.predictions, predictionsOf(loaded[1]!.head, Es));
  assert.deepEqual(many[2]!.predictions, predictionsOf(loaded[2]!.head, El));
  assert.equal(many[0]!.backbone, both);
  assert.equal(many[0]!.predictions[1]!.label, 'bug');
  // the multi-label task answers with sets and independent per-label probabilities
  const tag = many[2]!.predictions[0]!;
  assert.ok(Array.isArray(tag.labels) && tag.labels.includes('billing'), JSON.stringify(tag));
  assert.ok(Object.values(tag.probabilities).reduce((s, p) => s + p, 0) > 1.0001, 'per-label probabilities do not sum to 1');
});
