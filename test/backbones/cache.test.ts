import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, Matrix, sha256 } from '../../src/core/index.js';
import type { Backbone, EmbedOptions } from '../../src/backbones/backbone.js';
import { CachedBackbone, MemoryEmbeddingCache } from '../../src/backbones/cache.js';

/** A backbone that records every call; vector = [length, first char code, 1]. */
class CountingBackbone implements Backbone {
  readonly id = 'counting@1';
  readonly dim = 3;
  calls: string[][] = [];
  closed = 0;
  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    if (opts.signal?.aborted) throw new CancelledError();
    this.calls.push([...texts]);
    opts.onProgress?.({ phase: 'embed', done: texts.length, total: texts.length, unit: 'texts' });
    return Matrix.fromRows(texts.map((t) => [t.length, t.charCodeAt(0) || 0, 1]));
  }
  countTruncated(texts: readonly string[]): number {
    return texts.filter((t) => t.length > 5).length;
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

test('embeds only the distinct misses, in one call, and fills every row in order', async () => {
  const inner = new CountingBackbone();
  const cached = new CachedBackbone(inner, new MemoryEmbeddingCache());
  const first = await cached.embedWithStats(['a', 'bb', 'a', 'cccccc']);
  assert.deepEqual(inner.calls, [['a', 'bb', 'cccccc']]);
  assert.deepEqual(first.matrix.toRows(), [[1, 97, 1], [2, 98, 1], [1, 97, 1], [6, 99, 1]]);
  assert.equal(first.stats.texts, 4);
  assert.equal(first.stats.cacheHits, 0);
  assert.equal(first.stats.embedded, 3);
  assert.equal(first.stats.truncated, 1);
  assert.ok(first.stats.seconds >= 0);

  const second = await cached.embedWithStats(['bb', 'dd', 'a']);
  assert.deepEqual(inner.calls[1], ['dd']);
  assert.deepEqual(second.matrix.toRows(), [[2, 98, 1], [2, 100, 1], [1, 97, 1]]);
  assert.deepEqual({ ...second.stats, seconds: 0 }, { texts: 3, cacheHits: 2, embedded: 1, truncated: 0, seconds: 0 });
  assert.deepEqual(cached.lastStats, second.stats);
});

test('never calls the model when everything hits, and reports full progress', async () => {
  const inner = new CountingBackbone();
  const cache = new MemoryEmbeddingCache();
  await new CachedBackbone(inner, cache).embed(['x', 'y']);
  const again = new CountingBackbone();
  const progress: number[] = [];
  const X = await new CachedBackbone(again, cache).embed(['y', 'x', 'y'], { onProgress: (p) => progress.push(p.done) });
  assert.equal(again.calls.length, 0);
  assert.deepEqual(X.toRows(), [[1, 121, 1], [1, 120, 1], [1, 121, 1]]);
  assert.deepEqual(progress, [3]);
});

test('keys by backbone id and SHA-256 of the text; wrong-length vectors count as misses', async () => {
  const cache = new MemoryEmbeddingCache();
  cache.putMany('counting@1', new Map([[sha256('stale'), new Float32Array([9, 9])]]));
  cache.putMany('other@1', new Map([[sha256('z'), new Float32Array([7, 7, 7])]]));
  const inner = new CountingBackbone();
  const X = await new CachedBackbone(inner, cache).embed(['stale', 'z']);
  assert.deepEqual(inner.calls, [['stale', 'z']]);
  assert.deepEqual(X.toRows(), [[5, 115, 1], [1, 122, 1]]);
  assert.deepEqual([...cache.getMany('counting@1', [sha256('stale')]).values()].map((v) => [...v]), [[5, 115, 1]]);
});

test('a cancelled embed stores nothing; progress from the model is shifted by the hits', async () => {
  const cache = new MemoryEmbeddingCache();
  const cached = new CachedBackbone(new CountingBackbone(), cache);
  const ac = new AbortController();
  await assert.rejects(cached.embed(['p', 'q'], { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
  assert.equal(cache.size, 0);
  await cached.embed(['p']);
  const seen: { done: number; total: number }[] = [];
  await cached.embed(['p', 'q'], { onProgress: ({ done, total }) => seen.push({ done, total }) });
  assert.deepEqual(seen, [{ done: 2, total: 2 }]);
});

test('close closes the wrapped backbone', async () => {
  const inner = new CountingBackbone();
  await new CachedBackbone(inner, new MemoryEmbeddingCache()).close();
  assert.equal(inner.closed, 1);
});

test('the memory cache keeps at most maxBytes of vectors, the least recently used going first', () => {
  const v = (x: number) => new Float32Array([x, x, x]); // 12 bytes each
  const cache = new MemoryEmbeddingCache(36);
  cache.putMany('b@1', new Map([['h1', v(1)], ['h2', v(2)], ['h3', v(3)]]));
  assert.equal(cache.size, 3);
  // h1 read again: h2 is now the least recently used and goes when h4 comes
  assert.deepEqual([...cache.getMany('b@1', ['h1']).keys()], ['h1']);
  cache.putMany('b@1', new Map([['h4', v(4)]]));
  assert.deepEqual([...cache.getMany('b@1', ['h1', 'h2', 'h3', 'h4']).keys()], ['h1', 'h3', 'h4']);
  // replacing a vector does not count it twice
  cache.putMany('b@1', new Map([['h4', v(5)]]));
  assert.equal(cache.size, 3);
  assert.deepEqual([...cache.getMany('b@1', ['h4']).get('h4')!], [5, 5, 5]);
  // a vector larger than the whole cache is not kept, and evicts nothing
  cache.putMany('b@1', new Map([['big', new Float32Array(10)]]));
  assert.equal(cache.size, 3);
  assert.throws(() => new MemoryEmbeddingCache(-1), /0 bytes or more/);
});

test('a batch larger than the memory cache keeps its last vectors and never holds more than the bound', async () => {
  const big = new MemoryEmbeddingCache(2 * 3 * 4);
  await new CachedBackbone(new CountingBackbone(), big).embed(['p', 'q', 'r', 's']);
  assert.equal(big.size, 2);
  assert.equal(big.getMany('counting@1', ['r', 's'].map((t) => sha256(t))).size, 2);
});

test('texts all new and distinct come back in the inner backbone\'s matrix, not a copy of it', async () => {
  let made: Matrix | undefined;
  const inner = new CountingBackbone();
  const recording: Backbone = { id: inner.id, dim: inner.dim, close: async () => {}, embed: async (t, o) => (made = await inner.embed(t, o)) };
  const X = await new CachedBackbone(recording, new MemoryEmbeddingCache()).embed(['x', 'yy']);
  assert.equal(X, made);
  const again = await new CachedBackbone(recording, new MemoryEmbeddingCache()).embed(['x', 'x']);
  assert.notEqual(again, made, 'a repeated text needs its own matrix');
  assert.deepEqual([...again.row(1)], [1, 120, 1]);
});

test('without a cache (a kind whose policy is none) every text goes to the backbone every time, and the stats say so', async () => {
  const inner = new CountingBackbone();
  const uncached = new CachedBackbone(inner, null);
  const progress: number[] = [];
  const first = await uncached.embedWithStats(['a', 'cccccc', 'a'], { onProgress: (p) => progress.push(p.done) });
  const second = await uncached.embedWithStats(['a', 'cccccc', 'a']);
  assert.deepEqual(inner.calls, [['a', 'cccccc', 'a'], ['a', 'cccccc', 'a']], 'nothing was kept between passes');
  assert.deepEqual(second.matrix.toRows(), first.matrix.toRows());
  assert.deepEqual(first.matrix.toRows(), [[1, 97, 1], [6, 99, 1], [1, 97, 1]]);
  assert.deepEqual({ ...second.stats, seconds: 0 }, { texts: 3, cacheHits: 0, embedded: 3, truncated: 1, seconds: 0 });
  assert.deepEqual(progress, [3]);
  const none = await uncached.embedWithStats([]);
  assert.equal(none.matrix.rows, 0);
  assert.equal(inner.calls.length, 2, 'no texts, no call');
  await assert.rejects(uncached.embed(['x'], { signal: AbortSignal.abort() }), CancelledError);
});
