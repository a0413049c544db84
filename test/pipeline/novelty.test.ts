import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { OodDetector } from '../../src/eval/index.js';
import type { OodDetectorJSON } from '../../src/eval/index.js';

const TOPICS: Record<string, string[]> = {
  sport: ['match', 'goal', 'team', 'score', 'league', 'coach', 'player', 'win', 'referee', 'season'],
  money: ['bank', 'loan', 'rate', 'market', 'stock', 'price', 'fund', 'profit', 'credit', 'budget'],
};
const ALIEN = ['zebra', 'quantum', 'glacier', 'violin', 'nebula', 'cactus', 'origami', 'volcano', 'saxophone', 'lichen'];

function sentence(rng: Rng, words: string[]): string {
  return Array.from({ length: 8 }, () => words[rng.int(words.length)]).join(' ');
}

test('fit calibrates by default and keeps a novelty detector with the version; predict flags texts unlike the training data', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-novelty-'));
  const ws = openWorkspace(home);
  try {
    const rng = new Rng(3);
    const rows = Object.entries(TOPICS).flatMap(([label, w]) => Array.from({ length: 60 }, () => ({ text: sentence(rng, w), label })));
    const ds = datasetFromExamples(rows, { source: 'train' });
    const fitted = await ws.fit(ds, { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0 });
    const hv = workspaceContext(ws).tasks.getHeadVersion('topics', fitted.version);
    assert.equal(hv.kind, 'calibrated', 'heads are calibrated by default');
    assert.equal(typeof fitted.diagnostics.chosen?.temperature, 'number');
    const inScope = Array.from({ length: 40 }, (_, i) => sentence(rng, TOPICS[i % 2 ? 'sport' : 'money']!));
    const alien = Array.from({ length: 40 }, () => sentence(rng, ALIEN));
    const r = await ws.predict('topics', [...inScope, ...alien]);
    const flagged = (from: number, to: number): number => r.predictions.slice(from, to).filter((p) => p.outOfDistribution).length;
    assert.ok(flagged(0, 40) <= 6, `false alarms ${flagged(0, 40)}/40`);
    assert.ok(flagged(40, 80) >= 36, `detected ${flagged(40, 80)}/40`);
    assert.ok(r.predictions.every((p) => typeof p.novelty === 'number'));
    // predict reads the detector without its saved searches (kept for a refit), and scores exactly as the whole saved detector does
    const ctx = workspaceContext(ws);
    const saved = OodDetector.fromJSON(ctx.novelty.get<OodDetectorJSON>('topics', fitted.version)!);
    assert.ok(saved.blocks && saved.blocks.pairs.length > 0);
    const X = await ctx.backbone('hashing').embed([...inScope, ...alien]);
    assert.deepEqual(r.predictions.map((p) => p.novelty), saved.detect(X).map((v) => v.score));
    assert.deepEqual(r.predictions.map((p) => p.outOfDistribution), saved.detect(X).map((v) => v.outOfDistribution));
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});
