/**
 * A benchmark dataset restricted to the rows whose use-lite vector is already in GRAFT_HOME's
 * embedding cache: benches that must not spend time embedding read `NAME/train.jsonl` and
 * `NAME/test.jsonl`, keep the cached rows (test rows only of labels the kept training rows have),
 * and read their vectors; they report how many rows were kept.
 */
import { join } from 'node:path';
import { CachedBackbone, createBackbone } from '../../src/backbones/index.js';
import { LabelSet, sha256 } from '../../src/core/index.js';
import type { Matrix } from '../../src/core/index.js';
import { SqliteEmbeddingCache, openDb } from '../../src/store/index.js';
import { readJsonl } from './fewshot-data.js';
import type { Example } from './fewshot-data.js';

export interface CachedRows {
  backboneId: string;
  train: Example[];
  test: Example[];
  /** Rows in the files, cached or not. */
  trainFile: number;
  testFile: number;
  labelSet: LabelSet;
  Xtrain: Matrix;
  Xtest: Matrix;
}

export async function cachedRows(dir: string, name: string): Promise<CachedRows> {
  const trainAll = readJsonl(join(dir, name, 'train.jsonl'));
  const testAll = readJsonl(join(dir, name, 'test.jsonl'));
  const db = openDb();
  try {
    const cache = new SqliteEmbeddingCache(db);
    const backbone = new CachedBackbone(createBackbone('use-lite'), cache);
    const hit = cache.getMany(backbone.id, [...new Set([...trainAll, ...testAll].map((e) => sha256(e.text)))]);
    const train = trainAll.filter((e) => hit.has(sha256(e.text)));
    const labelSet = new LabelSet(train.map((e) => e.label));
    const test = testAll.filter((e) => hit.has(sha256(e.text)) && labelSet.labels.includes(e.label));
    const Xtrain = await backbone.embed(train.map((e) => e.text));
    const Xtest = await backbone.embed(test.map((e) => e.text));
    if ((backbone.lastStats?.embedded ?? 0) > 0) throw new Error('the bench must not embed: only cached rows are used');
    return { backboneId: backbone.id, train, test, trainFile: trainAll.length, testFile: testAll.length, labelSet, Xtrain, Xtest };
  } finally {
    db.close();
  }
}
