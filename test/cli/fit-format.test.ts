import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatExtras } from '../../src/cli/fit.js';
import type { FitTaskResult, ShardChoice } from '../../src/pipeline/index.js';

function result(sharding?: ShardChoice): FitTaskResult {
  return {
    task: 'tickets', version: 1, backbone: 'use-lite', strategy: 'logistic', labels: ['a', 'b'], examples: 10000, dataHash: 'ab',
    diagnostics: { warnings: [] }, embedding: { texts: 10000, cacheHits: 10000, embedded: 0, truncated: 0, seconds: 0 },
    privacy: { policy: 'redact', rows: 10000, rowsWithFindings: 0, byType: {}, byRow: [] } as unknown as FitTaskResult['privacy'],
    seconds: 1, ...(sharding ? { sharding } : {}),
  };
}

test('graft fit says when it split the head, that the score is the split head\'s, and how to opt out of a default split', () => {
  const byDefault = formatExtras(result({ shards: 6, by: 'default', why: 'so a forget refits one sub-head of about 1667 examples' }));
  assert.match(byDefault, /split into 6 sub-heads of about 1667 examples each \(the default for this size\)/);
  assert.match(byDefault, /graft forget refits one of them/);
  assert.match(byDefault, /the score above is the split head's/);
  assert.match(byDefault, /--shards 1 fits one head instead/);
  const asked = formatExtras(result({ shards: 4, by: 'option', why: '4 shards, as asked' }));
  assert.match(asked, /split into 4 sub-heads of about 2500 examples each, so/);
  assert.doesNotMatch(asked, /--shards 1/, 'the user chose S: no opt-out advice');
  assert.equal(formatExtras(result({ shards: 1, by: 'default', why: 'a whole refit of 10000 examples is fast enough' })), '');
  assert.equal(formatExtras(result()), '');
});
