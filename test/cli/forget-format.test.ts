import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatForget } from '../../src/cli/forget.js';
import type { ForgetResult } from '../../src/pipeline/index.js';

function result(refitSeconds: number, shards?: { total: number; refitted: number[] }): ForgetResult {
  const t = { find: 0.05, embed: 0.2, refit: refitSeconds, novelty: 0.1, write: 0.1, wipe: 0.02, compact: 0 };
  return {
    task: 'tickets', removedTexts: 1, removedRows: 1, removedHashes: ['ab'], deletedVersions: [3], embeddingsDeleted: 1, embeddingsKept: 0,
    refitted: [{ from: 3, to: 4, rows: 9999, dataHash: 'f00dfeedbeef0000', ...(shards ? { shards } : {}) }],
    liveVersion: 4, auditId: 7, seconds: refitSeconds + 0.4, timings: t, cpu: t,
    wipe: { complete: true, walBytes: 0, attempts: 1, waitedMs: 0 },
  };
}

test('graft forget says what sharding would change when a whole head took long to refit, and only then', () => {
  const slow = formatForget(result(5.2));
  assert.match(slow, /refitted whole \(5\.2 s\)/);
  assert.match(slow, /--shards S/);
  assert.doesNotMatch(formatForget(result(0.4)), /--shards/, 'a quick refit needs no advice');
  const sharded = formatForget(result(5.2, { total: 20, refitted: [3] }));
  assert.doesNotMatch(sharded, /--shards/, 'a sharded head is already sharded');
  assert.match(sharded, /shard 3 of 20 refitted, the rest reused/);
});
