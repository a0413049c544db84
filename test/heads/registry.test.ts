import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError, NotFoundError, UsageError } from '../../src/core/index.js';
import { HEAD_KINDS, createStrategy, registerHead, restoreHead } from '../../src/heads/index.js';
import { blobs } from './gaussian-blobs.js';

describe('head registry', () => {
  it('lists the built-in kinds', () => {
    for (const k of ['logistic', 'knn', 'centroid']) assert.ok(HEAD_KINDS.includes(k), `${k} in ${HEAD_KINDS.join(',')}`);
    assert.ok(Object.isFrozen(HEAD_KINDS));
  });

  it('an unknown kind is a NotFoundError listing the known kinds', () => {
    assert.throws(() => createStrategy('svm'), (e: unknown) =>
      e instanceof NotFoundError && /Unknown head kind "svm"; known kinds are: .*logistic.*knn.*centroid/.test(e.message));
  });

  it('a kind cannot be registered twice', () => {
    assert.throws(() => registerHead('logistic', { create: () => { throw new Error('x'); }, restore: () => { throw new Error('x'); } }), UsageError);
  });

  it('restoreHead refuses damaged or unknown saved heads', async () => {
    const { X, y, labels } = blobs({ n: 30, d: 8, classes: 3, seed: 1 });
    const json = (await createStrategy('logistic', { C: 1 }).fit(X, y, { seed: 1, labels })).toJSON();
    assert.throws(() => restoreHead({ ...json, format: 2 as 1 }), DataError);
    assert.throws(() => restoreHead({ ...json, kind: 'nope' }), NotFoundError);
    assert.throws(() => restoreHead({ ...json, state: { W: json.state.W } }), /missing state.W or state.b/);
    assert.throws(() => restoreHead({ ...json, dim: 9 }), /expected/);
  });
});
