/**
 * The embedding cache is shared by text across tasks, and forget's promise is per task: a forget
 * deletes the cached vector of a text only when no other task still holds that text, so the
 * other task's next forget or fit does not embed it again (use-lite's vectors differ in their last
 * bits from batch to batch, which could refit shards that held nothing forgotten). The vector
 * leaves with the last task that holds the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../../src/core/index.js';
import { CachedBackbone, createBackbone } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';

const WORDS: Record<string, string[]> = {
  weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind'],
  cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner'],
};

function examples(prefix: string): Example[] {
  const out: Example[] = [];
  for (const [label, words] of Object.entries(WORDS)) {
    for (let i = 0; i < 10; i++) out.push({ id: `${label}-${i}`, text: `${words[i % 6]} and ${words[(i * 5 + 1) % 6]} ${prefix}${i}`, label, line: out.length + 2 });
  }
  return out;
}

test('a forget keeps a cached vector while another task holds the same text; the last holder\'s forget deletes it', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-cache-'));
  const ws = openWorkspace(home);
  try {
    const shared = examples('shared ');
    const onlyA = { id: 'a-only', text: 'a text only task a holds, about the storm', label: 'weather', line: 99 };
    await ws.fit(datasetFromExamples([...shared, onlyA], { source: 'a.jsonl' }), { task: 'a', strategy: 'logistic', backbone: 'hashing', seed: 3, folds: 0, privacy: 'allow' });
    await ws.fit(datasetFromExamples(shared, { source: 'b.jsonl' }), { task: 'b', strategy: 'logistic', backbone: 'hashing', seed: 3, folds: 0, privacy: 'allow' });
    // hashing keeps no cache of its own: put every text's vector in the store's cache, as a cached backbone would.
    const ctx = workspaceContext(ws);
    const cached = new CachedBackbone(createBackbone('hashing'), ctx.cache);
    await cached.embed([...shared, onlyA].map((e) => e.text));
    const isCached = (text: string): boolean => ctx.cache.getMany(cached.id, [sha256(text)]).size === 1;
    const sharedText = shared[4]!.text;

    const fromA = await ws.forget('a', { text: sharedText });
    assert.equal(fromA.removedTexts, 1);
    assert.equal(fromA.embeddingsDeleted, 0);
    assert.equal(fromA.embeddingsKept, 1);
    assert.ok(isCached(sharedText), 'task b still holds the text: its vector stays');
    const audit = (await ws.audit('a')).at(-1)!.detail as { embeddingsDeleted: number; embeddingsKept: number };
    assert.deepEqual([audit.embeddingsDeleted, audit.embeddingsKept], [0, 1]);

    const own = await ws.forget('a', { id: 'a-only' });
    assert.deepEqual([own.embeddingsDeleted, own.embeddingsKept], [1, 0]);
    assert.ok(!isCached(onlyA.text), 'no other task holds it: its vector is deleted');

    const fromB = await ws.forget('b', { text: sharedText });
    assert.deepEqual([fromB.embeddingsDeleted, fromB.embeddingsKept], [1, 0]);
    assert.ok(!isCached(sharedText), 'the last task that held the text forgot it: its vector is gone');
    assert.ok(isCached(shared[5]!.text), 'other texts stay cached');
  } finally {
    await ws.close();
  }
});
