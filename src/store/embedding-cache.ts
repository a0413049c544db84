/**
 * The embedding cache in SQLite. A 2 kB vector per row cannot be stored compactly on 4 kB
 * pages: one row per vector took a page and a half (4.7 kB per 512-d vector, 2.3× its bytes,
 * bench/backbones cache-size). So vectors written together are packed into blocks of up to
 * `BLOCK` vectors, one blob each (a long blob fills whole overflow pages), and a key table maps
 * (backbone, SHA-256 of the text) to (block, slot).
 *
 * Replacing or deleting a vector zeroes its slot in the block (no copy survives for
 * unlearning) and a block goes with its last live vector; SQLite's secure_delete zeroes the
 * pages a rewritten block leaves.
 */
import { GraftError } from '../core/index.js';
import type { EmbeddingCache } from '../backbones/index.js';
import type { Db } from './db.js';

/** Keys per `IN (...)` query: well under SQLite's 32,766-variable limit, few round trips. */
const CHUNK = 500;
/**
 * Vectors per block. Larger blocks waste less of their last page (half a page per block on
 * average: 32 B per vector at 64) but a lookup of one text reads its whole block (128 kB for
 * 512-d), and deleting one vector rewrites it.
 */
const BLOCK = 64;

const HEX64 = /^[0-9a-f]{64}$/;

interface KeyRow { hash: Buffer; block: number; slot: number }

/**
 * @example
 * const cache = new SqliteEmbeddingCache(openDb());
 * const backbone = new CachedBackbone(createBackbone('use-lite'), cache);
 */
export class SqliteEmbeddingCache implements EmbeddingCache {
  private readonly stmt;

  constructor(private readonly db: Db) {
    const ins = Array(CHUNK).fill('?').join(',');
    this.stmt = {
      backbone: db.prepare('SELECT id FROM embedding_backbones WHERE name = ?').pluck(),
      addBackbone: db.prepare('INSERT INTO embedding_backbones (name) VALUES (?)'),
      keys: db.prepare(`SELECT text_hash AS hash, block, slot FROM embedding_keys WHERE backbone = ? AND text_hash IN (${ins})`),
      keysAnyBackbone: db.prepare(`SELECT backbone, text_hash AS hash, block, slot FROM embedding_keys WHERE text_hash IN (${ins})`),
      block: db.prepare('SELECT dim, live, vectors FROM embedding_blocks WHERE id = ?'),
      addBlock: db.prepare('INSERT INTO embedding_blocks (backbone, dim, live, vectors) VALUES (?, ?, ?, ?)'),
      setBlock: db.prepare('UPDATE embedding_blocks SET live = ?, vectors = ? WHERE id = ?'),
      dropBlock: db.prepare('DELETE FROM embedding_blocks WHERE id = ?'),
      addKey: db.prepare('INSERT INTO embedding_keys (backbone, text_hash, block, slot) VALUES (?, ?, ?, ?)'),
      dropKey: db.prepare('DELETE FROM embedding_keys WHERE backbone = ? AND text_hash = ?'),
    };
  }

  getMany(backbone: string, textHashes: readonly string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    const id = this.backboneId(backbone);
    if (id === undefined || textHashes.length === 0) return out;
    const byBlock = new Map<number, KeyRow[]>();
    for (const r of this.lookUp(this.stmt.keys, [id], textHashes) as KeyRow[]) {
      const list = byBlock.get(r.block);
      if (list) list.push(r);
      else byBlock.set(r.block, [r]);
    }
    for (const [block, rows] of byBlock) {
      const b = this.stmt.block.get(block) as { dim: number; vectors: Buffer } | undefined;
      if (b === undefined) continue;
      const bytes = b.dim * 4;
      for (const r of rows) {
        const at = r.slot * bytes;
        if (at + bytes > b.vectors.byteLength) continue; // damaged block: treat as a miss
        // The blob's own bytes when aligned: no second allocation per vector.
        const v = (b.vectors.byteOffset + at) % 4 === 0
          ? new Float32Array(b.vectors.buffer, b.vectors.byteOffset + at, b.dim)
          : new Float32Array(new Uint8Array(b.vectors.subarray(at, at + bytes)).buffer);
        out.set(r.hash.toString('hex'), v);
      }
    }
    return out;
  }

  /** All entries in one transaction: a failure half-way leaves the cache as it was. */
  putMany(backbone: string, entries: ReadonlyMap<string, Float32Array>): void {
    if (entries.size === 0) return;
    for (const h of entries.keys()) {
      if (!HEX64.test(h)) throw new GraftError(`Embedding cache keys are SHA-256 hex digests, got "${h.slice(0, 80)}".`, { code: 'bad_cache_key' });
    }
    this.db.transaction(() => {
      const id = this.backboneId(backbone) ?? Number(this.stmt.addBackbone.run(backbone).lastInsertRowid);
      // Vectors replaced by this write give up their old slots first.
      this.release(this.lookUp(this.stmt.keys, [id], [...entries.keys()]) as KeyRow[], id);
      const byDim = new Map<number, [string, Float32Array][]>();
      for (const e of entries) {
        const list = byDim.get(e[1].length);
        if (list) list.push(e);
        else byDim.set(e[1].length, [e]);
      }
      for (const [dim, list] of byDim) {
        for (let start = 0; start < list.length; start += BLOCK) {
          const part = list.slice(start, start + BLOCK);
          const buf = Buffer.alloc(part.length * dim * 4);
          part.forEach(([, v], k) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(buf, k * dim * 4));
          const block = Number(this.stmt.addBlock.run(id, dim, part.length, buf).lastInsertRowid);
          part.forEach(([hash], slot) => this.stmt.addKey.run(id, Buffer.from(hash, 'hex'), block, slot));
        }
      }
    })();
  }

  /**
   * Deletes the cached vectors of these text hashes, for every backbone, zeroing their bytes;
   * returns how many vectors went. Run it inside the caller's transaction to make it atomic
   * with other deletions.
   */
  deleteTexts(textHashes: readonly string[]): number {
    const rows = this.lookUp(this.stmt.keysAnyBackbone, [], textHashes) as (KeyRow & { backbone: number })[];
    this.db.transaction(() => {
      const byBackbone = new Map<number, KeyRow[]>();
      for (const r of rows) byBackbone.set(r.backbone, [...(byBackbone.get(r.backbone) ?? []), r]);
      for (const [id, list] of byBackbone) this.release(list, id);
    })();
    return rows.length;
  }

  /** Number of cached vectors, for one backbone or all. */
  count(backbone?: string): number {
    if (backbone === undefined) return this.db.prepare('SELECT COUNT(*) FROM embedding_keys').pluck().get() as number;
    const id = this.backboneId(backbone);
    return id === undefined ? 0 : this.db.prepare('SELECT COUNT(*) FROM embedding_keys WHERE backbone = ?').pluck().get(id) as number;
  }

  /** Deletes cached vectors, for one backbone or all; returns how many. */
  clear(backbone?: string): number {
    return this.db.transaction(() => {
      if (backbone === undefined) {
        const n = this.db.prepare('DELETE FROM embedding_keys').run().changes;
        this.db.prepare('DELETE FROM embedding_blocks').run();
        return n;
      }
      const id = this.backboneId(backbone);
      if (id === undefined) return 0;
      const n = this.db.prepare('DELETE FROM embedding_keys WHERE backbone = ?').run(id).changes;
      this.db.prepare('DELETE FROM embedding_blocks WHERE backbone = ?').run(id);
      return n;
    })();
  }

  private backboneId(name: string): number | undefined {
    return this.stmt.backbone.get(name) as number | undefined;
  }

  /** Rows of a chunked `IN (...)` statement over text hashes, after the fixed parameters. */
  private lookUp(stmt: { all(...p: unknown[]): unknown[] }, fixed: unknown[], textHashes: readonly string[]): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < textHashes.length; i += CHUNK) {
      const keys = textHashes.slice(i, i + CHUNK).map((h) => Buffer.from(h, 'hex'));
      // Pad the last chunk with a repeated key so one prepared statement serves every chunk.
      while (keys.length < CHUNK) keys.push(keys[0]!);
      const seen = new Set<string>();
      for (const r of stmt.all(...fixed, ...keys) as KeyRow[]) {
        const k = `${r.block}:${r.slot}`;
        if (!seen.has(k)) out.push(r);
        seen.add(k);
      }
    }
    return out;
  }

  /** Drops these keys and zeroes their slots, one rewrite per block; a block with no live slot goes. */
  private release(rows: readonly KeyRow[], backbone: number): void {
    const byBlock = new Map<number, KeyRow[]>();
    for (const r of rows) {
      this.stmt.dropKey.run(backbone, r.hash);
      byBlock.set(r.block, [...(byBlock.get(r.block) ?? []), r]);
    }
    for (const [block, list] of byBlock) {
      const b = this.stmt.block.get(block) as { dim: number; live: number; vectors: Buffer } | undefined;
      if (b === undefined) continue;
      const live = b.live - list.length;
      if (live <= 0) {
        this.stmt.dropBlock.run(block);
        continue;
      }
      const bytes = Buffer.from(b.vectors);
      for (const r of list) bytes.fill(0, r.slot * b.dim * 4, (r.slot + 1) * b.dim * 4);
      this.stmt.setBlock.run(live, bytes, block);
    }
  }
}
