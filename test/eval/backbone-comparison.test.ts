import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/index.js';
import { backboneNamesOf, cheapestNotWorse, compareBackbones, formatBackboneComparison } from '../../src/eval/index.js';
import type { BackboneCost, BakeoffEntry } from '../../src/eval/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';

const entry = (backbone: string, strategy: string, mean: number): BakeoffEntry =>
  ({ backbone, strategy, accuracy: { n: 1, mean, std: 0, se: 0, ci95: [mean - 0.05, mean + 0.05] } }) as BakeoffEntry;

/** 0/1 correctness of 400 rows with this accuracy; rows are shared, so pairs are paired. */
function correct(acc: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: 400 }, () => (rng.next() < acc ? 1 : 0));
}

test('each backbone\'s best head is tested against the best backbone\'s, on the same rows', () => {
  const entries = [entry('a@1', 'logistic', 0.9), entry('a@1', 'knn', 0.8), entry('b@1', 'logistic', 0.6), entry('c@1', 'centroid', 0.89)];
  const best = correct(0.9, 1);
  // As good as the best, differing on 8 rows: 4 it gets right that the best misses, and 4 the other way.
  const same = Float64Array.from(best);
  const ones = [...best.keys()].filter((i) => best[i] === 1).slice(0, 4);
  const zeros = [...best.keys()].filter((i) => best[i] === 0).slice(0, 4);
  for (const i of ones) same[i] = 0;
  for (const i of zeros) same[i] = 1;
  const rows = compareBackbones(entries, [0, 3, 1, 2], [best, correct(0.8, 2), correct(0.6, 3), same], 7);
  assert.deepEqual(rows.map((r) => [r.backbone, r.strategy, r.entry]), [['a@1', 'logistic', 0], ['c@1', 'centroid', 3], ['b@1', 'logistic', 2]]);
  assert.equal(rows[0]!.vsBest, null);
  assert.equal(rows[1]!.vsBest!.significant, false);
  assert.equal(rows[2]!.vsBest!.significant, true);
  assert.ok(rows[2]!.vsBest!.diff < -0.2);

  const cost = (dim: number, secondsPer1000: number | null, moneyPer1000: number | null): BackboneCost => ({ dim, secondsPer1000, moneyPer1000, latency: null });
  // b is cheapest but significantly worse; c is not worse and cheaper than a.
  const costs = { 'a@1': cost(1536, 2, 0.02), 'b@1': cost(64, 0.1, 0), 'c@1': cost(384, 5, 0) };
  assert.equal(cheapestNotWorse(rows, costs)!.backbone, 'c@1');
  assert.equal(cheapestNotWorse(rows, { ...costs, 'c@1': cost(384, 5, 0.1) })!.backbone, 'a@1', 'money first');
  assert.equal(cheapestNotWorse(rows, { ...costs, 'c@1': cost(384, 1, 0.02) })!.backbone, 'c@1', 'then time');
  const text = formatBackboneComparison(rows, costs, backboneNamesOf({ 'backbone:onnx:/m': 'c@1' }));
  assert.match(text, /onnx:\/m .*not significantly worse.*384-d \(1\.5 kB\/vector\), 5\.0 s\/1k texts, free/);
  assert.match(text, /b@1 .*\(significantly worse\)/);
  assert.match(text, /Cheapest backbone not significantly worse than the best: onnx:\/m\./);
  assert.equal(formatBackboneComparison(rows.slice(0, 1), costs), '', 'nothing to compare with one backbone');
});

test('a bake-off over two backbones reports each one\'s row, cost and the cheapest not worse', async () => {
  const words: Record<string, string[]> = {
    sport: ['match', 'goal', 'team', 'score', 'league', 'coach'], money: ['bank', 'loan', 'rate', 'market', 'stock', 'fund'],
  };
  const rng = new Rng(3);
  const rows = Object.entries(words).flatMap(([label, w]) => Array.from({ length: 20 }, (_, i) => ({
    text: `${Array.from({ length: 5 }, () => w[rng.int(w.length)]).join(' ')} ${i}`, label,
  })));
  const ws = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-compare-')) });
  try {
    const run = await ws.bakeoff(datasetFromExamples(rows, { source: 'toy.jsonl' }), {
      backbones: ['hashing?dim=256', 'hashing?dim=64'], strategies: ['centroid'], seed: 1, seeds: 1, sizes: [], folds: 2,
    });
    const ids = ['hashing@1-d256', 'hashing@1-d64'];
    assert.deepEqual(run.result.backbones!.map((r) => r.backbone).sort(), ids);
    assert.deepEqual(Object.keys(run.costs).sort(), ids);
    assert.equal(run.costs['hashing@1-d64']!.dim, 64);
    assert.equal(run.costs['hashing@1-d64']!.moneyPer1000, 0);
    assert.ok(run.costs['hashing@1-d64']!.secondsPer1000! > 0);
    assert.ok(cheapestNotWorse(run.result.backbones!, run.costs) !== undefined);
  } finally {
    await ws.close();
  }
});
