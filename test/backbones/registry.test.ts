import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../src/core/index.js';
import { BACKBONE_NAMES, createBackbone, HashingBackbone, UseLiteBackbone } from '../../src/backbones/index.js';

test('createBackbone builds each registered backbone without loading anything', async () => {
  assert.deepEqual([...BACKBONE_NAMES], ['use-lite', 'hashing']);
  const use = createBackbone('use-lite', { workers: 1 });
  assert.ok(use instanceof UseLiteBackbone);
  assert.equal(use.dim, 512);
  assert.equal((use as UseLiteBackbone).startedWorkers, 0);
  await use.close();
  const hashing = createBackbone('hashing', { dim: 128 });
  assert.ok(hashing instanceof HashingBackbone);
  assert.equal(hashing.dim, 128);
});

test('an unknown name is a NotFoundError that lists the valid names', () => {
  assert.throws(() => createBackbone('bert'), (e: unknown) => {
    assert.ok(e instanceof NotFoundError);
    assert.match(e.message, /"bert"/);
    assert.match(e.message, /use-lite, hashing/);
    return true;
  });
  assert.throws(() => createBackbone('toString'), NotFoundError);
  assert.ok(Object.isFrozen(BACKBONE_NAMES));
});
