/**
 * The rows bench/fewshot.ts uses, chosen once here so the embedding pass and the heads see the
 * same rows: the few-shot samples (N = 8 and 64 per class, one sample per seed, from the full
 * training file; N = 8 is nested in N = 64 for the same seed), the full test file, and "the
 * data" for the extrapolation (the full training file, or a fixed seeded subset where the file
 * is too large to embed in the time we have: sst2's 67k rows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabelSet, Rng } from '../../src/core/index.js';
import { sampleFewShot } from '../../src/eval/index.js';

export const DATASETS = ['sst2', 'sms_spam', 'emotion', 'ag_news', 'banking77'] as const;
export const SEED = 20261128;
export const FEWSHOT_SIZES = [8, 64] as const;
/** Training files above LARGE rows (sst2's 67k) use a seeded subset of SUBSET rows as "the data" for the extrapolation. */
export const EXTRAPOLATION_LARGE = 20_000;
export const EXTRAPOLATION_SUBSET = 10_000;

export interface Example { text: string; label: string }

/** The benchmark files as they are (the published protocol keeps sst2's few conflicting duplicates; graft's loader refuses them). */
export function readJsonl(path: string): Example[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    const e = JSON.parse(l) as Example;
    if (typeof e.text !== 'string' || typeof e.label !== 'string') throw new Error(`${path}:${i + 1}: expected {"text": string, "label": string}.`);
    return e;
  });
}

export interface DatasetRows {
  name: string;
  train: Example[];
  test: Example[];
  labels: string[];
  yTrain: Int32Array;
  yTest: Int32Array;
  /** samples[seed][size]: training-row indices of the few-shot sample. */
  samples: Record<number, Int32Array>[];
  /** Training-row indices of "the data" for the extrapolation (all rows, or a seeded subset). */
  data: Int32Array;
  /** True when `data` is a subset of the training file. */
  dataSubset: boolean;
}

export function loadRows(dir: string, name: string, seeds: number): DatasetRows {
  const train = readJsonl(join(dir, name, 'train.jsonl'));
  const test = readJsonl(join(dir, name, 'test.jsonl'));
  const labelSet = new LabelSet(train.map((e) => e.label));
  const labels = [...labelSet.labels];
  const unknown = test.find((e) => !labels.includes(e.label));
  if (unknown) throw new Error(`${name}/test.jsonl has label "${unknown.label}", absent from train.jsonl.`);
  const yTrain = labelSet.encode(train.map((e) => e.label));
  const yTest = labelSet.encode(test.map((e) => e.label));
  const K = labels.length;
  const samples = Array.from({ length: seeds }, (_, r) =>
    Object.fromEntries(FEWSHOT_SIZES.map((n) => [n, sampleFewShot(yTrain, n, K, SEED + r)])) as Record<number, Int32Array>);
  let data = Int32Array.from(train, (_, i) => i);
  const dataSubset = train.length > EXTRAPOLATION_LARGE;
  if (dataSubset) data = new Rng(SEED - 1).shuffle(data).slice(0, EXTRAPOLATION_SUBSET).sort();
  return { name, train, test, labels, yTrain, yTest, samples, data, dataSubset };
}

/** Distinct training rows in any few-shot sample. */
export function sampledRows(d: DatasetRows): Int32Array {
  const s = new Set<number>();
  for (const bySize of d.samples) for (const rows of Object.values(bySize)) for (const i of rows) s.add(i);
  return Int32Array.from([...s]).sort();
}
