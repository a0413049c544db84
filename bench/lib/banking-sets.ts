/**
 * The intent sets of issue 15's fit goal on use-lite vectors: banking77's full training set
 * (10,003 rows, 77 classes) and banking150, banking77 plus 73 seeded synthetic classes to 15,000
 * training rows and 150 classes (class j of the extension = rows of banking77 class j shifted by
 * a fixed random direction of norm 0.6 and renormalised; its test rows the same shift of class
 * j's test rows). Embeddings go through the SQLite cache in GRAFT_HOME (a first run embeds
 * banking77 once; no figure times it).
 */
import { join } from 'node:path';
import { CachedBackbone, createBackbone } from '../../src/backbones/index.js';
import { LabelSet, Matrix, Rng } from '../../src/core/index.js';
import { SqliteEmbeddingCache, openDb } from '../../src/store/index.js';
import { readJsonl } from './fewshot-data.js';

const SHIFT = 0.6;

export interface Data { name: string; X: Matrix; y: Int32Array; Xt: Matrix; yt: Int32Array; labels: string[] }

export async function banking77(dir: string): Promise<Data> {
  const train = readJsonl(join(dir, 'banking77', 'train.jsonl'));
  const test = readJsonl(join(dir, 'banking77', 'test.jsonl'));
  const db = openDb();
  const backbone = new CachedBackbone(createBackbone('use-lite'), new SqliteEmbeddingCache(db));
  try {
    const t0 = performance.now();
    const X = await backbone.embed(train.map((r) => r.text));
    const Xt = await backbone.embed(test.map((r) => r.text));
    process.stderr.write(`banking77: embeddings ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)\n`);
    const labelSet = new LabelSet(train.map((r) => r.label));
    return { name: 'banking77', X, y: labelSet.encode(train.map((r) => r.label)), Xt, yt: labelSet.encode(test.map((r) => r.label)), labels: [...labelSet.labels] };
  } finally {
    await backbone.close();
    db.close();
  }
}

/** banking77 plus 73 shifted copies of its first classes: 150 classes, 15,000 training rows. */
export function banking150(b: Data): Data {
  const rng = new Rng(20261206);
  const extra = 150 - b.labels.length;
  const perClass = Math.ceil((15000 - b.X.rows) / extra);
  const d = b.X.cols;
  const shifts = Array.from({ length: extra }, () => {
    const u = Float32Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...u);
    return u.map((v) => (v / norm) * SHIFT);
  });
  const grow = (X: Matrix, y: Int32Array, limit: number): { X: Matrix; y: Int32Array } => {
    const rows: Float32Array[] = [], ys: number[] = [];
    for (let c = 0; c < extra; c++) {
      const members = rng.shuffle(Array.from(y.keys()).filter((i) => y[i] === c)).slice(0, limit);
      for (const i of members) {
        const v = X.row(i).map((x, j) => x + shifts[c]![j]!);
        const n = Math.hypot(...v);
        rows.push(v.map((x) => x / n));
        ys.push(b.labels.length + c);
      }
    }
    const out = new Matrix(X.rows + rows.length, d);
    out.data.set(X.data.subarray(0, X.rows * d));
    rows.forEach((r, i) => out.data.set(r, (X.rows + i) * d));
    return { X: out, y: Int32Array.from([...y, ...ys]) };
  };
  const train = grow(b.X, b.y, perClass);
  const trimmed = train.X.rows > 15000 ? { X: train.X.selectRows(Int32Array.from({ length: 15000 }, (_, i) => i)), y: train.y.slice(0, 15000) } : train;
  const test = grow(b.Xt, b.yt, Number.MAX_SAFE_INTEGER);
  const labels = [...b.labels, ...Array.from({ length: extra }, (_, c) => `synthetic_${c}`)];
  return { name: 'banking150', X: trimmed.X, y: trimmed.y, Xt: test.X, yt: test.y, labels };
}

