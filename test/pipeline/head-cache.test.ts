/**
 * Predictions reuse restored heads and novelty detectors, and see every change of what is
 * live at once: the workspace's own deploys, forgets and fits, and another connection's
 * (another process, such as the CLI) through SQLite's data_version. onEmbed reports passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { HeadCache } from '../../src/pipeline/head-cache.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { EmbedStats } from '../../src/backbones/index.js';

const examples = (tag: string): Example[] => ['rain storm wind', 'oven bake flour', 'goal match coach'].flatMap((words, c) =>
  Array.from({ length: 6 }, (_, i) => ({ id: `${c}-${i}-${tag}`, text: `${words} ${i} ${tag}`, label: ['weather', 'cooking', 'football'][c]!, line: i + 1 })));

test('HeadCache: loads once, empties on invalidate and when data_version moves, keeps at most max', () => {
  let version = 1;
  let loads = 0;
  const cache = new HeadCache<number>(() => version, 2);
  const load = () => ++loads;
  assert.equal(cache.get('a', load), 1);
  assert.equal(cache.get('a', load), 1);
  version = 2;
  assert.equal(cache.get('a', load), 2);
  cache.invalidate();
  assert.equal(cache.get('a', load), 3);
  cache.get('b', load);
  cache.get('c', load); // 'a' goes
  assert.equal(cache.get('a', load), 6);
});

test('predict reads a head once, and sees deploys made here and by another connection at once', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-heads-'));
  const seen: EmbedStats[] = [];
  const ws = openWorkspace({ home, onEmbed: (_b, s) => seen.push(s) });
  const other = openWorkspace(home);
  try {
    await ws.fit(datasetFromExamples(examples('a'), { source: 'a' }), { task: 't', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
    await ws.fit(datasetFromExamples(examples('b'), { source: 'b' }), { task: 't', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
    const ctx = workspaceContext(ws);
    let reads = 0;
    const getHeadVersion = ctx.tasks.getHeadVersion.bind(ctx.tasks);
    ctx.tasks.getHeadVersion = (...a) => { reads++; return getHeadVersion(...a); };
    assert.equal((await ws.predict('t', ['rain'])).version, 2);
    assert.equal((await ws.predict('t', ['wind'])).version, 2);
    assert.equal(reads, 1, 'the head was restored once');
    await ws.deploy('t', 1);
    assert.equal((await ws.predict('t', ['rain'])).version, 1);
    await other.deploy('t', 2); // another connection, as the CLI in another process
    assert.equal((await ws.predict('t', ['rain'])).version, 2);
    assert.equal(reads, 3);
    await ws.forget('t', { id: '0-0-a' }); // deletes version 1 outside ws.write
    await assert.rejects(ws.predict('t', ['rain'], { version: 1 }), /deleted/);
    seen.length = 0;
    await ws.predict('t', ['a new text', 'rain']);
    // hashing keeps no cache ('rain' again is embedded again)
    assert.deepEqual(seen.map((s) => [s.texts, s.cacheHits, s.embedded]), [[2, 0, 2]], 'onEmbed is told of the pass');
  } finally {
    await ws.close();
    await other.close();
  }
});
