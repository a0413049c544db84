/**
 * The embedding cache: a text's vector is stored under (backbone id, SHA-256 of the text), so
 * a second pass over the same data never runs the model. `CachedBackbone` wraps any backbone.
 */
import { Matrix, UsageError, sha256, throwIfAborted } from '../core/index.js';
import { usageSince } from './backbone.js';
import type { Backbone, BackboneUsage, EmbedOptions, EmbedStats } from './backbone.js';

/** Where vectors are kept. Implementations must write a batch atomically: all rows or none. */
export interface EmbeddingCache {
  /** Vectors found for these text hashes; missing hashes are absent from the map. */
  getMany(backbone: string, textHashes: readonly string[]): Map<string, Float32Array> | Promise<Map<string, Float32Array>>;
  /** Stores vectors, replacing any under the same key, in one atomic write. */
  putMany(backbone: string, entries: ReadonlyMap<string, Float32Array>): void | Promise<void>;
}

/** Bytes of vectors a MemoryEmbeddingCache keeps by default: 32 MiB (2,048 hashing vectors of 4,096 floats). */
export const MEMORY_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * A cache in process memory, for tests and one-off runs without a store. It keeps at most `maxBytes` of vectors,
 * the least recently used going first: a server answering unique texts for hours would
 * otherwise keep every vector it ever made (16 kB each for hashing's 4,096 floats).
 */
export class MemoryEmbeddingCache implements EmbeddingCache {
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Float32Array>();
  private bytes = 0;

  constructor(readonly maxBytes = MEMORY_CACHE_BYTES) {
    if (!(maxBytes >= 0)) throw new UsageError(`A memory embedding cache holds 0 bytes or more; maxBytes was ${maxBytes}. Give a size in bytes, or leave it out for ${MEMORY_CACHE_BYTES}.`, 'bad_cache');
  }

  get size(): number {
    return this.entries.size;
  }

  getMany(backbone: string, textHashes: readonly string[]): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const h of textHashes) {
      const key = `${backbone}\u0000${h}`;
      const v = this.entries.get(key);
      if (v === undefined) continue;
      // read again: now the most recently used (a Map iterates in insertion order)
      this.entries.delete(key);
      this.entries.set(key, v);
      out.set(h, v.slice());
    }
    return out;
  }

  putMany(backbone: string, entries: ReadonlyMap<string, Float32Array>): void {
    for (const [h, v] of entries) {
      const key = `${backbone}\u0000${h}`;
      const old = this.entries.get(key);
      if (old !== undefined) {
        this.bytes -= old.byteLength;
        this.entries.delete(key);
      }
      if (v.byteLength > this.maxBytes) continue;
      // Evict before copying, so a batch larger than the cache never holds more than it.
      for (const [k, u] of this.entries) {
        if (this.bytes + v.byteLength <= this.maxBytes) break;
        this.entries.delete(k);
        this.bytes -= u.byteLength;
      }
      this.entries.set(key, v.slice());
      this.bytes += v.byteLength;
    }
  }
}

/**
 * A backbone that looks each text up in a cache first, embeds only the misses (each distinct
 * text once, in one call), stores them, and never loads the model when everything hits.
 * `lastStats` says what the last call did.
 *
 * Which cache a kind gets is its registry entry's cache policy (`backboneCachePolicy`). With no
 * cache (`null`: the hashing backbone, whose vector costs less to compute than to key, look up,
 * copy and keep) every text goes to the inner backbone as it is, and the stats say so: no hits,
 * every text embedded.
 *
 * @example
 * const backbone = new CachedBackbone(createBackbone('use-lite'), new SqliteEmbeddingCache(openDb()));
 * const { matrix, stats } = await backbone.embedWithStats(texts); // stats.cacheHits, stats.embedded…
 */
export class CachedBackbone implements Backbone {
  /** Statistics of the most recent `embed`, or undefined before the first. */
  lastStats: EmbedStats | undefined;

  constructor(readonly inner: Backbone, private readonly cache: EmbeddingCache | null) {}

  get id(): string {
    return this.inner.id;
  }

  /** The inner backbone's; a remote one's is known after `open()` (which `embed` calls). */
  get dim(): number {
    return this.inner.dim;
  }

  async open(opts: EmbedOptions = {}): Promise<void> {
    await this.inner.open?.(opts);
  }

  usage(): BackboneUsage | undefined {
    return this.inner.usage?.();
  }

  weightsBytes(): number | undefined {
    return this.inner.weightsBytes?.();
  }

  countTruncated(texts: readonly string[]): number {
    return this.inner.countTruncated?.(texts) ?? 0;
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    return (await this.embedWithStats(texts, opts)).matrix;
  }

  async embedWithStats(texts: readonly string[], opts: EmbedOptions = {}): Promise<{ matrix: Matrix; stats: EmbedStats }> {
    const t0 = performance.now();
    throwIfAborted(opts.signal);
    await this.open(opts);
    const usageBefore = this.inner.usage?.();
    const { matrix, cacheHits, embedded, truncated } = this.cache === null ? await this.direct(texts, opts) : await this.lookUp(this.cache, texts, opts);
    const stats: EmbedStats = { texts: texts.length, cacheHits, embedded, truncated, seconds: (performance.now() - t0) / 1000 };
    const usageAfter = this.inner.usage?.();
    if (usageAfter !== undefined) stats.usage = usageSince(usageAfter, usageBefore);
    this.lastStats = stats;
    return { matrix, stats };
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Without a cache: every text to the inner backbone, in one call. */
  private async direct(texts: readonly string[], opts: EmbedOptions): Promise<Pass> {
    if (texts.length === 0) {
      opts.onProgress?.({ phase: 'embed', done: 0, total: 0, unit: 'texts' });
      return { matrix: new Matrix(0, this.dim), cacheHits: 0, embedded: 0, truncated: 0 };
    }
    const truncated = this.inner.countTruncated?.(texts) ?? 0;
    const matrix = await this.inner.embed(texts, { signal: opts.signal, onProgress: opts.onProgress });
    throwIfAborted(opts.signal);
    return { matrix, cacheHits: 0, embedded: texts.length, truncated };
  }

  private async lookUp(cache: EmbeddingCache, texts: readonly string[], opts: EmbedOptions): Promise<Pass> {
    const hashes = texts.map((t) => sha256(t));
    const found = await cache.getMany(this.id, [...new Set(hashes)]);
    // Made on the first hit, or after embedding: when every text is new and distinct, the
    // inner backbone's matrix is the answer as it is (no second n×d copy while embedding).
    let out: Matrix | undefined;

    // Distinct missing texts, first occurrence order; every row with that hash gets the vector.
    const missing = new Map<string, string>();
    let cacheHits = 0;
    texts.forEach((text, i) => {
      const v = found.get(hashes[i]!);
      if (v !== undefined && v.length === this.dim) {
        (out ??= new Matrix(texts.length, this.dim)).data.set(v, i * this.dim);
        cacheHits++;
      } else if (!missing.has(hashes[i]!)) {
        missing.set(hashes[i]!, text);
      }
    });

    const toEmbed = [...missing.values()];
    let truncated = 0;
    if (toEmbed.length > 0) {
      truncated = this.inner.countTruncated?.(toEmbed) ?? 0;
      const onProgress = opts.onProgress;
      const fresh = await this.inner.embed(toEmbed, {
        signal: opts.signal,
        // Progress counts all texts, so hits show as already done.
        onProgress: onProgress && ((p) => onProgress({ ...p, done: cacheHits + p.done, total: texts.length })),
      });
      const entries = new Map<string, Float32Array>();
      [...missing.keys()].forEach((h, k) => entries.set(h, fresh.row(k)));
      throwIfAborted(opts.signal);
      await cache.putMany(this.id, entries);
      if (out === undefined && toEmbed.length === texts.length) {
        out = fresh;
      } else {
        const into = (out ??= new Matrix(texts.length, this.dim));
        hashes.forEach((h, i) => {
          const v = entries.get(h);
          if (v !== undefined) into.data.set(v, i * this.dim);
        });
      }
    } else {
      opts.onProgress?.({ phase: 'embed', done: texts.length, total: texts.length, unit: 'texts' });
    }
    return { matrix: out ?? new Matrix(texts.length, this.dim), cacheHits, embedded: toEmbed.length, truncated };
  }
}

/** What one embedding pass did, before its timing and usage. */
interface Pass {
  matrix: Matrix;
  cacheHits: number;
  embedded: number;
  truncated: number;
}
