import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashingBackbone } from '../../src/backbones/index.js';
import { LabelSet } from '../../src/core/index.js';
import { createStrategy } from '../../src/heads/index.js';
import { openMemoryDb, TaskStore } from '../../src/store/index.js';
import { loadTask, predictMany, toPredictions } from '../../src/multitask/index.js';
import { CountingBackbone } from './counting-backbone.js';

const rows: [string, string, string][] = [
  ['refund my order please', 'billing', 'polite'],
  ['where is my refund you idiots', 'billing', 'rude'],
  ['the app crashes on login', 'bug', 'neutral'],
  ['thank you, the app works great now', 'praise', 'polite'],
  ['login is broken again, useless app', 'bug', 'rude'],
  ['I was charged twice, please refund', 'billing', 'polite'],
  ['great support, thanks a lot', 'praise', 'polite'],
  ['crash after the update', 'bug', 'neutral'],
];

async function setup() {
  const backbone = new CountingBackbone(new HashingBackbone({ dim: 256 }));
  const tasks = new TaskStore(openMemoryDb());
  const X = await backbone.embed(rows.map((r) => r[0]));
  const save = async (name: string, col: 1 | 2, kind: string, params: object) => {
    const labels = new LabelSet(rows.map((r) => r[col]));
    tasks.createOrGetTask({ name, backbone: backbone.id, labels: [...labels.labels] });
    const head = await createStrategy(kind, params).fit(X, labels.encode(rows.map((r) => r[col])), { seed: 1, labels: [...labels.labels] });
    return tasks.saveHeadVersion({
      task: name, kind, strategy: params, seed: 1, head: head.toJSON(), dataHash: 'h', metrics: {},
      examples: rows.map((r, i) => ({ id: String(i), text: r[0], label: r[col] })),
    });
  };
  await save('topic', 1, 'logistic', { C: 10 });
  await save('tone', 2, 'centroid', {});
  await save('topic', 1, 'knn', { k: 1 });
  backbone.calls = 0;
  return { backbone, tasks };
}

test('predictMany embeds once and equals separate predictions, task by task', async () => {
  const { backbone, tasks } = await setup();
  const texts = ['please refund me', 'the login crashes', 'thanks, great app'];
  const loaded = [loadTask(tasks, 'topic'), loadTask(tasks, 'tone')];
  const many = await predictMany(texts, loaded, () => backbone);
  assert.equal(backbone.calls, 1);
  for (const [i, t] of loaded.entries()) {
    const alone = toPredictions(t.head, t.head.predictProba(await backbone.embed(texts)));
    assert.deepEqual(many[i]!.predictions, alone);
    assert.equal(many[i]!.task, t.name);
  }
  assert.equal(many[0]!.predictions[0]!.label, 'billing');
});

test('deploy and rollback change which head predictMany uses', async () => {
  const { backbone, tasks } = await setup();
  assert.equal(loadTask(tasks, 'topic').version, 2);
  assert.equal(loadTask(tasks, 'topic').head.kind, 'knn');
  tasks.deploy('topic', 1);
  const [deployed] = await predictMany(['refund'], [loadTask(tasks, 'topic')], () => backbone);
  assert.equal(deployed!.version, 1);
  assert.ok(deployed!.predictions[0]!.confidence < 1, 'logistic is not a 1-NN vote');
  tasks.deploy('topic', 2);
  tasks.rollback('topic');
  assert.equal(loadTask(tasks, 'topic').head.kind, 'logistic');
});
