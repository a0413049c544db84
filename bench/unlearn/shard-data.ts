/**
 * The rows the default-sharding benches read: a benchmark dataset's ~10,000-row training slice
 * (the full training file of ag_news and banking77; sst2's fixed seeded 10,000-row subset, as
 * bench/fewshot.ts uses for "the data") and its full test file, embedded with use-lite through
 * the embedding cache of the bench's own workspace (bench/out/default-shards): the first run
 * embeds them, later runs only read the cache.
 */
import type { Matrix } from '../../src/core/index.js';
import { embedTexts, openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { Workspace } from '../../src/pipeline/index.js';
import { loadRows } from '../lib/fewshot-data.js';
import type { DatasetRows } from '../lib/fewshot-data.js';

export const SHARD_BENCH_HOME = new URL('../out/default-shards', import.meta.url).pathname;

export interface ShardBenchRows {
  rows: DatasetRows;
  /** Training-row indices of the slice (into rows.train). */
  slice: Int32Array;
  Xtrain: Matrix;
  yTrain: Int32Array;
  Xtest: Matrix;
  yTest: Int32Array;
  /** Texts embedded by this call (0 once cached). */
  embedded: number;
}

export function openShardBench(): Workspace {
  return openWorkspace(SHARD_BENCH_HOME);
}

export async function shardBenchRows(ws: Workspace, datasetsDir: string, name: string): Promise<ShardBenchRows> {
  const rows = loadRows(datasetsDir, name, 1);
  const ctx = workspaceContext(ws);
  const slice = rows.data;
  const onProgress = (p: { done: number; total: number }): void => {
    if (p.done % 2000 < 64) process.stderr.write(`  ${name}: ${p.done}/${p.total}\n`);
  };
  const tr = await embedTexts(ctx, 'use-lite', Array.from(slice, (i) => rows.train[i]!.text), { onProgress });
  const te = await embedTexts(ctx, 'use-lite', rows.test.map((e) => e.text), { onProgress });
  return {
    rows, slice, Xtrain: tr.X, yTrain: Int32Array.from(slice, (i) => rows.yTrain[i]!), Xtest: te.X, yTest: rows.yTest,
    embedded: tr.stats.embedded + te.stats.embedded,
  };
}

/** Default datasets folder: the shared benchmark files beside the repository's folder (as bench/unlearn/accuracy.ts). */
export const DEFAULT_DATASETS = new URL('../../../shared/datasets', import.meta.url).pathname;
