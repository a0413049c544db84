import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, Rng } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { BakeoffDatasetOptions } from '../../src/pipeline/index.js';

const WORDS: Record<string, string[]> = {
  sport: ['match', 'goal', 'team', 'score', 'league', 'coach', 'player', 'win'],
  money: ['bank', 'loan', 'rate', 'market', 'stock', 'price', 'fund', 'profit'],
  food: ['bread', 'soup', 'cheese', 'recipe', 'oven', 'salad', 'spice', 'dinner'],
  'out-of-scope': ['zebra', 'quantum', 'glacier', 'violin', 'nebula', 'cactus', 'origami', 'volcano'],
};

function dataset(seed: number, perClass: number, name: string) {
  const rng = new Rng(seed);
  const rows = Object.entries(WORDS).flatMap(([label, words]) =>
    Array.from({ length: label === 'out-of-scope' ? 8 : perClass }, (_, i) => ({
      text: `${Array.from({ length: 6 }, () => words[rng.int(words.length)]).join(' ')} ${i}`, label,
    })));
  return datasetFromExamples(rows, { source: name });
}

test('bake-off pipeline saves one run with seed, data hash and versions; same seed, same numbers', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-bakeoff-'));
  const ws = openWorkspace(home);
  try {
    const opts = { backbones: ['hashing'], strategies: ['centroid', 'knn'], seed: 5, seeds: 3, sizes: [4, 8], test: dataset(2, 12, 'test'), oodLabel: 'out-of-scope' } satisfies BakeoffDatasetOptions;
    const a = await ws.bakeoff(dataset(1, 30, 'train'), opts);
    const stored = workspaceContext(ws).runs.getRun(a.runId);
    assert.equal(stored.kind, 'bakeoff');
    assert.equal(stored.seed, 5);
    assert.equal(stored.dataHash, a.dataHash);
    assert.ok(stored.versions.graft && stored.versions['backbone:hashing']);
    assert.deepEqual(stored.result, a.result);
    assert.deepEqual(a.result.labels, ['food', 'money', 'sport']);
    assert.ok(a.result.entries[a.result.ranking[0]!]!.accuracy.mean > 0.8);
    assert.ok(a.result.ood[0]!.detection);
    assert.equal(a.reusedFrom, undefined);
    // An identical bake-off is reused from its saved run; reuse: false recomputes the same numbers.
    const b = await ws.bakeoff(dataset(1, 30, 'train'), opts);
    assert.equal(b.reusedFrom, a.runId);
    assert.equal(b.runId, a.runId);
    assert.deepEqual(b.result, a.result);
    assert.equal(workspaceContext(ws).runs.listRuns({ kind: 'bakeoff' }).length, 1);
    const c = await ws.bakeoff(dataset(1, 30, 'train'), { ...opts, reuse: false });
    assert.equal(c.reusedFrom, undefined);
    assert.notEqual(c.runId, a.runId);
    assert.deepEqual(c.result, a.result);
    // Different settings (or seed) are a different bake-off.
    const d = await ws.bakeoff(dataset(1, 30, 'train'), { ...opts, seeds: 2 });
    assert.equal(d.reusedFrom, undefined);
    const e = await ws.bakeoff(dataset(1, 30, 'train'), { ...opts, seed: 6 });
    assert.equal(e.reusedFrom, undefined);
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('cancelling a bake-off leaves the store unchanged', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-bakeoff-'));
  const ws = openWorkspace(home);
  try {
    const ctrl = new AbortController();
    const before = workspaceContext(ws).runs.listRuns().length;
    const run = ws.bakeoff(dataset(1, 30, 'train'), {
      backbones: ['hashing'], strategies: ['centroid'], seed: 1, seeds: 2, sizes: [4], signal: ctrl.signal,
      onProgress: (p) => { if (p.done === 2) ctrl.abort(); },
    });
    await assert.rejects(run, CancelledError);
    assert.equal(workspaceContext(ws).runs.listRuns().length, before);
    const rows = workspaceContext(ws).db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number };
    assert.equal(rows.n, 0);
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});
