/**
 * The conformance suite on every registered head kind: a kind registered without cases here
 * fails to compile (the table is keyed by HeadKind) and fails the coverage test below.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix } from '../../src/core/index.js';
import { HEAD_KINDS, createStrategy, encodePrior } from '../../src/heads/index.js';
import type { HeadKind, Strategy } from '../../src/heads/index.js';
import { runHeadConformance } from './conformance.js';
import type { ConformanceOptions } from './conformance.js';
import type { Blobs } from './gaussian-blobs.js';

interface Case {
  name: string;
  make(train: Blobs): Strategy;
  opts?: ConformanceOptions;
}

/** A label prior standing in for embedded label names: each class's mean training row. */
function classMeans(train: Blobs): Matrix {
  const K = train.labels.length;
  const M = new Matrix(K, train.X.cols);
  for (let i = 0; i < train.X.rows; i++) {
    const row = M.row(train.y[i]!);
    train.X.row(i).forEach((v, j) => { row[j] = row[j]! + v; });
  }
  return M;
}

const CASES: { readonly [K in HeadKind]: readonly Case[] } = {
  logistic: [
    { name: 'fixed C', make: () => createStrategy('logistic', { C: 1 }) },
    { name: 'C by inner CV', make: () => createStrategy('logistic') },
    { name: 'balanced', make: () => createStrategy('logistic', { C: 10, classWeight: 'balanced' }) },
    { name: '2 classes', make: () => createStrategy('logistic'), opts: { classes: 2 } },
  ],
  knn: [
    { name: 'k by inner CV', make: () => createStrategy('knn') },
    { name: 'k = 3', make: () => createStrategy('knn', { k: 3 }) },
  ],
  centroid: [
    { name: 'fitted temperature', make: () => createStrategy('centroid') },
    { name: 'temperature 0.05', make: () => createStrategy('centroid', { temperature: 0.05 }), opts: { classes: 5, d: 50 } },
  ],
  calibrated: [{ name: 'centroid', make: () => createStrategy('calibrated', { base: { kind: 'centroid', params: {} }, folds: 3 }) }],
  mlp: [{ name: 'small', make: () => createStrategy('mlp', { hidden: 32, maxEpochs: 30 }) }],
  adapter: [{ name: 'logistic on adapted embeddings', make: () => createStrategy('adapter', { rank: 8, epochs: 10, head: { kind: 'logistic', params: { C: 1 } } }) }],
  ensemble: [
    { name: 'logistic + centroid, auto', make: () => createStrategy('ensemble', { members: [{ kind: 'logistic', params: { C: 1 } }, { kind: 'centroid' }] }) },
    {
      name: 'stack, forced',
      make: () => createStrategy('ensemble', {
        members: [{ kind: 'logistic', params: { C: 1 } }, { kind: 'knn', params: { k: 3 } }], method: 'stack', alpha: 1, folds: 3,
      }),
    },
  ],
  'multi-label': [{ name: 'one label per row', make: () => createStrategy('multi-label', { base: { kind: 'logistic', params: { C: 1 } } }) }],
  'zero-shot': [{ name: 'prior from class means', make: (train) => createStrategy('zero-shot', { prior: encodePrior(classMeans(train), train.labels) }) }],
  sharded: [{ name: 'calibrated logistic', make: () => createStrategy('sharded', { shards: 3, base: { kind: 'calibrated', params: { base: 'logistic' } } }) }],
};

test('every registered head kind has conformance cases', () => {
  assert.deepEqual(Object.keys(CASES).sort(), [...HEAD_KINDS].sort());
  for (const kind of HEAD_KINDS) assert.ok(CASES[kind].length > 0, `${kind} has no case`);
});

for (const kind of HEAD_KINDS) {
  for (const c of CASES[kind]) runHeadConformance(`${kind} (${c.name})`, c.make, c.opts);
}
