import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/index.js';
import { backboneNamesOf, cheapestNotWorse, compareBackbones, formatBackboneComparison } from '../../src/eval/index.js';
import type { BackboneCost, BakeoffEntry } from '../../src/eval/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { BakeoffDatasetOptions } from '../../src/pipeline/index.js';
import type { BackboneName } from '../../src/backbones/index.js';
import { ensembleAcrossBackbones, hconcat } from '../../src/pipeline/backbones.js';
import { DEFAULT_KIND, kindsWhere } from '../../src/heads/index.js';
import { argmaxRows } from '../../src/eval/metrics.js';

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
    const ids = ['hashing@1-d256', 'hashing@1-d256+hashing@1-d64', 'hashing@1-d64'];
    assert.deepEqual(run.result.backbones!.map((r) => r.backbone).sort(), ids, 'each backbone and their ensemble');
    assert.deepEqual(Object.keys(run.costs).sort(), ids);
    assert.equal(run.costs[ids[1]!]!.dim, 320, 'the ensemble embeds with both');
    assert.equal(run.costs['hashing@1-d64']!.dim, 64);
    assert.equal(run.costs['hashing@1-d64']!.moneyPer1000, 0);
    assert.ok(run.costs['hashing@1-d64']!.secondsPer1000! > 0);
    assert.ok(cheapestNotWorse(run.result.backbones!, run.costs) !== undefined);
  } finally {
    await ws.close();
  }
});

test('the cross-backbone ensemble is a row of the comparison: the fit path\'s ensemble, on the same rows and seed', async () => {
  const words: Record<string, string[]> = {
    sport: ['match', 'goal', 'team', 'score', 'league', 'coach'], money: ['bank', 'loan', 'rate', 'market', 'stock', 'fund'],
    food: ['bread', 'soup', 'rice', 'salt', 'cake', 'tea'],
  };
  const all = Object.values(words).flat();
  const rng = new Rng(5);
  // Two words of the class and two of any class: hard enough that heads differ.
  const make = (n: number, tag: string) => datasetFromExamples(Object.entries(words).flatMap(([label, w]) => Array.from({ length: n }, (_, i) => ({
    text: `${w[rng.int(w.length)]} ${all[rng.int(all.length)]} ${all[rng.int(all.length)]} ${w[rng.int(w.length)]} ${tag}${i}`, label,
  }))), { source: `${tag}.jsonl` });
  const train = make(24, 'tr'), test = make(12, 'te');
  const home = mkdtempSync(join(tmpdir(), 'graft-compare-ens-'));
  const ws = openWorkspace({ home });
  try {
    const backbones: BackboneName[] = ['hashing?dim=128', 'hashing?dim=64'];
    const opts = { backbones, strategies: ['centroid'], seed: 3, seeds: 2, sizes: [4], test, privacy: 'allow' } satisfies BakeoffDatasetOptions;
    const run = await ws.bakeoff(train, opts);
    const id = 'hashing@1-d128+hashing@1-d64';
    const ens = run.result.entries.filter((e) => e.backbone === id);
    assert.equal(ens.length, 1, 'one entry on the joined embeddings');
    const entry = ens[0]!;
    assert.equal(entry.strategy, kindsWhere((t) => t.acrossBackbones)[0]);
    assert.deepEqual(entry.points.map((p) => p.perClass), [null], 'the full training set only');
    assert.match(entry.warnings.join(' '), /full training set only/);
    const row = run.result.backbones!.find((r) => r.backbone === id);
    assert.ok(row, 'a row of the comparison');
    assert.equal(row.vsBest === null, run.result.backbones![0]!.backbone === id);

    // The same head as fit's --strategy ensemble across these backbones, on the same rows and seed.
    const ctx = workspaceContext(ws);
    const X = async (ds: typeof train) => hconcat(await Promise.all(backbones.map(async (b) => (await ctx.backbone(b).embedWithStats(ds.examples.map((e) => e.text))).matrix)));
    const labels = [...new Set(train.examples.map((e) => e.label))].sort();
    const y = (ds: typeof train) => Int32Array.from(ds.examples, (e) => labels.indexOf(e.label));
    const strategy = ensembleAcrossBackbones(entry.strategy, DEFAULT_KIND, backbones.map((name, i) => ({ name, dim: [128, 64][i]! })));
    const head = await strategy.fit(await X(train), y(train), { seed: 3, labels });
    const pred = argmaxRows(head.predictProba(await X(test)));
    const yTest = y(test);
    const expected = pred.reduce((s, p, i) => s + (p === yTest[i] ? 1 : 0), 0) / yTest.length;
    assert.equal(entry.accuracy.mean, expected);
    assert.deepEqual(run.result.labels, labels);

    const without = await ws.bakeoff(train, { ...opts, ensemble: false });
    assert.equal(without.result.entries.some((e) => e.backbone === id), false, 'ensemble: false leaves it out');
    assert.deepEqual(without.result.entries, run.result.entries.filter((e) => e.backbone !== id), 'and changes nothing else');
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});
