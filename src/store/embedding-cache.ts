/**
 * The embedding cache in SQLite: table `embeddings`, one row per (backbone id, SHA-256 of the
 * text), the vector as the little-endian bytes of its Float32Array.
 */
import type { EmbeddingCache } from '../backbones/index.js';
import type { Db } from './db.js';

/** Keys per `IN (...)` query: well under SQLite's 32,766-variable limit, few round trips. */
const CHUNK = 500;

/**
 * @example
 * const cache = new SqliteEmbeddingCache(openDb());
 * const backbone = new CachedBackbone(createBackbone('use-lite'), cache);
 */
export class SqliteEmbeddingCache implements EmbeddingCache {
  private readonly insert;
  private readonly selectChunk;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT OR REPLACE INTO embeddings (backbone, text_hash, dim, vector) VALUES (?, ?, ?, ?)');
    this.selectChunk = db.prepare(
      `SELECT text_hash AS hash, dim, vector FROM embeddings WHERE backbone = ? AND text_hash IN (${Array(CHUNK).fill('?').join(',')})`,
    );
  }

  getMany(backbone: string, textHashes: readonly string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < textHashes.length; i += CHUNK) {
      const keys = textHashes.slice(i, i + CHUNK);
      // Pad the last chunk with a repeated key so one prepared statement serves every chunk.
      while (keys.length < CHUNK) keys.push(keys[0]!);
      const rows = this.selectChunk.all(backbone, ...keys) as { hash: string; dim: number; vector: Buffer }[];
      for (const r of rows) {
        if (r.vector.byteLength !== r.dim * 4) continue; // damaged row: treat as a miss
        // The blob's own bytes when aligned (they always are here): no second 2 kB allocation per vector.
        const v = r.vector.byteOffset % 4 === 0
          ? new Float32Array(r.vector.buffer, r.vector.byteOffset, r.dim)
          : new Float32Array(new Uint8Array(r.vector).buffer);
        out.set(r.hash, v);
      }
    }
    return out;
  }

  /** All entries in one transaction: a failure half-way leaves the cache as it was. */
  putMany(backbone: string, entries: ReadonlyMap<string, Float32Array>): void {
    this.db.transaction(() => {
      for (const [hash, v] of entries) {
        this.insert.run(backbone, hash, v.length, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      }
    })();
  }

  /** Number of cached vectors, for one backbone or all. */
  count(backbone?: string): number {
    const row = (backbone === undefined
      ? this.db.prepare('SELECT COUNT(*) AS n FROM embeddings').get()
      : this.db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE backbone = ?').get(backbone)) as { n: number };
    return row.n;
  }

  /** Deletes cached vectors, for one backbone or all; returns how many. */
  clear(backbone?: string): number {
    const r = backbone === undefined
      ? this.db.prepare('DELETE FROM embeddings').run()
      : this.db.prepare('DELETE FROM embeddings WHERE backbone = ?').run(backbone);
    return r.changes;
  }
}
