import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, DataError, UsageError } from '../../src/core/index.js';
import { createStrategy, restoreHead } from '../../src/heads/index.js';
import { xor, toyBlobs, accuracy } from './toy-data.js';

test('mlp learns XOR, which no linear head can', async () => {
  const train = xor(400, 6, 1);
  const testSet = xor(400, 6, 2);
  const head = await createStrategy('mlp', { hidden: 32 }).fit(train.X, train.y, { seed: 3, labels: train.labels });
  const acc = accuracy(head.predictProba(testSet.X), testSet.y);
  assert.ok(acc > 0.9, `accuracy ${acc}`);
});

test('mlp stops early on an inner validation split and reports the epoch count', async () => {
  const d = toyBlobs(3, 30, 8, 4);
  const head = await createStrategy('mlp', { hidden: 16, maxEpochs: 300, patience: 3 }).fit(d.X, d.y, { seed: 1, labels: d.labels });
  const epochs = head.diagnostics.chosen?.epochs as number;
  assert.ok(epochs >= 1 && epochs < 300, `epochs ${epochs}`);
  assert.equal(head.diagnostics.converged, true);
});

test('mlp is deterministic per seed and restores bit-for-bit', async () => {
  const d = toyBlobs(4, 12, 10, 5);
  const s = createStrategy('mlp', { hidden: 16, maxEpochs: 20 });
  const a = await s.fit(d.X, d.y, { seed: 7, labels: d.labels });
  const b = await s.fit(d.X, d.y, { seed: 7, labels: d.labels });
  const c = await s.fit(d.X, d.y, { seed: 8, labels: d.labels });
  assert.deepEqual(a.predictProba(d.X).data, b.predictProba(d.X).data);
  assert.notDeepEqual(a.predictProba(d.X).data, c.predictProba(d.X).data);
  const restored = restoreHead(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(restored.predictProba(d.X).data, a.predictProba(d.X).data);
});

test('mlp warns instead of failing when a class has a single example', async () => {
  const X = Matrix.fromRows([[1, 0], [0, 1]]);
  const head = await createStrategy('mlp', { hidden: 4, maxEpochs: 5 }).fit(X, Int32Array.from([0, 1]), { seed: 1, labels: ['a', 'b'] });
  assert.equal(head.diagnostics.warnings.length, 1);
  assert.match(head.diagnostics.warnings[0]!, /early stopping/);
});

test('mlp rejects bad parameters and non-finite input with the value in the message', async () => {
  assert.throws(() => createStrategy('mlp', { dropout: 1.5 }), (e: unknown) => e instanceof UsageError && /dropout.*1\.5/.test(e.message));
  assert.throws(() => createStrategy('mlp', { hiden: 3 } as never), /unknown parameter "hiden"/);
  const X = Matrix.fromRows([[1, NaN], [0, 1]]);
  await assert.rejects(createStrategy('mlp').fit(X, Int32Array.from([0, 1]), { seed: 1, labels: ['a', 'b'] }), DataError);
});

