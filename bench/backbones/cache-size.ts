/**
 * Bytes the SQLite embedding cache takes per vector: N random 512-d vectors (use-lite's size)
 * written through SqliteEmbeddingCache into a fresh file, in putMany batches as an embedding
 * pass writes them, then the file measured after a checkpoint. Also times reading them back.
 *
 *   tsx bench/backbones/cache-size.ts [--n 11600] [--dim 512] [--batch 11600]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng, sha256 } from '../../src/core/index.js';
import { openDb, SqliteEmbeddingCache } from '../../src/store/index.js';

export interface CacheSize {
  vectors: number;
  dim: number;
  fileBytes: number;
  bytesPerVector: number;
  /** bytesPerVector / (dim × 4). */
  overRaw: number;
  readSeconds: number;
}

export function measureCacheSize(n: number, dim: number, batch: number): CacheSize {
  const home = mkdtempSync(join(tmpdir(), 'graft-cache-size-'));
  try {
    const db = openDb(home);
    const cache = new SqliteEmbeddingCache(db);
    const rng = new Rng(7);
    const hashes: string[] = [];
    for (let start = 0; start < n; start += batch) {
      const entries = new Map<string, Float32Array>();
      for (let i = start; i < Math.min(n, start + batch); i++) {
        const v = new Float32Array(dim);
        for (let j = 0; j < dim; j++) v[j] = rng.normal();
        const h = sha256(`text ${i}`);
        hashes.push(h);
        entries.set(h, v);
      }
      cache.putMany('use-lite@1', entries);
    }
    const t0 = performance.now();
    const got = cache.getMany('use-lite@1', hashes);
    const readSeconds = (performance.now() - t0) / 1000;
    if (got.size !== n) throw new Error(`read back ${got.size} of ${n}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const fileBytes = statSync(join(home, 'graft.db')).size;
    return { vectors: n, dim, fileBytes, bytesPerVector: fileBytes / n, overRaw: fileBytes / n / (dim * 4), readSeconds };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { n: { type: 'string', default: '11600' }, dim: { type: 'string', default: '512' }, batch: { type: 'string' } } });
  const n = Number(values.n), dim = Number(values.dim);
  for (const batch of values.batch ? [Number(values.batch)] : [n, 64, 1]) {
    const count = batch === 1 ? Math.min(n, 2000) : n;
    const r = measureCacheSize(count, dim, batch);
    console.log(`${count} × ${dim}-d in batches of ${batch}: ${(r.fileBytes / 1e6).toFixed(1)} MB, ${r.bytesPerVector.toFixed(0)} B/vector ` +
      `(${r.overRaw.toFixed(3)}× raw float32), read back in ${r.readSeconds.toFixed(3)} s`);
  }
}
