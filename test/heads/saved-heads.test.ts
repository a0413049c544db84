/**
 * Heads saved by an earlier graft restore bit-for-bit: saved-heads-v1.json holds one head of
 * every kind as graft wrote them before the heads were rebuilt around definitions and tags
 * (issue 12), with their probabilities on fixed rows. A restored head predicts the same bits
 * and saves the same JSON again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, decodeF32 } from '../../src/core/index.js';
import { HEAD_KINDS, restoreHead } from '../../src/heads/index.js';
import type { HeadJSON } from '../../src/heads/index.js';

interface Fixture {
  queries: { rows: number; cols: number; data: string };
  heads: Record<string, { head: HeadJSON; proba: string }>;
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'saved-heads-v1.json'), 'utf8')) as Fixture;
const Q = new Matrix(fixture.queries.rows, fixture.queries.cols, decodeF32(fixture.queries.data));

test('the fixture holds a saved head of every kind registered', () => {
  assert.deepEqual(Object.keys(fixture.heads).sort(), [...HEAD_KINDS].sort());
});

for (const [kind, saved] of Object.entries(fixture.heads)) {
  test(`a ${kind} head saved by an earlier graft predicts the same bits and saves the same JSON`, () => {
    const head = restoreHead(structuredClone(saved.head));
    const P = head.predictProba(Q);
    assert.ok(Buffer.from(P.data.buffer).equals(Buffer.from(decodeF32(saved.proba).buffer)), `${kind} probabilities changed`);
    assert.equal(JSON.stringify(head.toJSON()), JSON.stringify(saved.head));
  });
}
