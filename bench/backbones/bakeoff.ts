/**
 * The side-by-side bake-off on a datasets folder (NAME/train.jsonl, NAME/test.jsonl): for each
 * dataset, the same 64-per-class training sample (bench/lib's seeded sample) and the same test
 * rows go through `graft eval`'s bake-off with every backbone given, logistic head, one seed;
 * the comparison table (accuracy with interval, paired test against the best, cost per 1,000
 * texts, vector size, weights in memory; with several backbones, their cross-backbone ensemble
 * as one more row) and the cheapest backbone not significantly worse are printed.
 *
 *   tsx bench/backbones/bakeoff.ts DATASETS_DIR [--backbone use-lite,hashing,onnx:PATH] [--names sst2,emotion] [--test-rows 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../../src/core/index.js';
import { formatBackboneSpec, parseBackboneList } from '../../src/backbones/index.js';
import type { BackboneName } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';
import { backboneNamesOf, formatBackboneComparison } from '../../src/eval/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { DATASETS, SEED, loadRows } from '../lib/fewshot-data.js';
import type { Example } from '../lib/fewshot-data.js';

/** Rows with distinct texts (graft's loader refuses a text given two labels; sst2 has a few). */
function dataset(rows: readonly Example[], source: string): Dataset {
  const seen = new Set<string>();
  return datasetFromExamples(rows.filter((e) => !seen.has(e.text) && seen.add(e.text)), { source });
}

export async function sideBySide(dir: string, backbones: readonly BackboneName[], names: readonly string[], testRows: number, allowRemotePii: boolean): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'graft-bench-backbones-'));
  const ws = openWorkspace({ home });
  const out: string[] = [];
  try {
    for (const name of names) {
      const d = loadRows(dir, name, 1);
      const train = [...d.samples[0]![64]!].map((i) => d.train[i]!);
      const test = [...new Rng(SEED).shuffle(Int32Array.from(d.test, (_, i) => i)).slice(0, testRows)].map((i) => d.test[i]!);
      const run = await ws.bakeoff(dataset(train, `${name}/train.jsonl`), {
        backbones, strategies: ['logistic'], seed: SEED, seeds: 1, sizes: [], test: dataset(test, `${name}/test.jsonl`),
        privacy: 'allow', allowRemotePii, reuse: false,
      });
      out.push(`## ${name}: ${train.length} training rows (64 per class), ${test.length} test rows\n`);
      out.push(formatBackboneComparison(run.result.backbones ?? [], run.costs, backboneNamesOf(run.versions)) || '(one backbone: nothing to compare)\n');
    }
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: { backbone: { type: 'string', default: 'use-lite,hashing' }, names: { type: 'string' }, 'test-rows': { type: 'string', default: '2000' }, 'allow-remote-pii': { type: 'boolean' } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir) throw new Error('Give the datasets folder (NAME/train.jsonl, NAME/test.jsonl).');
  const backbones = parseBackboneList(values.backbone!).map(formatBackboneSpec);
  const names = values.names ? values.names.split(',') : [...DATASETS];
  console.log(await sideBySide(dir, backbones, names, Number(values['test-rows']), values['allow-remote-pii'] === true));
}
