/**
 * A job's texts on the server's model: batches of the batching size, at most `concurrency` in
 * flight (a request arriving during a fit waits behind those only), shortest texts together,
 * vectors in the caller's order, progress per batch, and an abort stops the batches not begun.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBackbone } from '../../src/backbones/index.js';
import type { EmbedOptions } from '../../src/backbones/index.js';
import { CancelledError } from '../../src/core/index.js';
import type { Progress } from '../../src/core/index.js';
import { inBatches } from '../../src/serve/job-threads.js';

function recording() {
  const inner = createBackbone('hashing?dim=64');
  let inFlight = 0;
  const log = { batches: [] as string[][], most: 0 };
  return {
    log, dim: 64,
    async embed(texts: readonly string[], opts?: EmbedOptions) {
      log.batches.push([...texts]);
      log.most = Math.max(log.most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return inner.embed(texts, opts);
    },
  };
}

test('a job\'s texts go in batches of the given size, two at a time, shortest together, vectors in order', async () => {
  const texts = Array.from({ length: 23 }, (_, i) => `text ${'x'.repeat((i * 7) % 11)} ${i}`);
  const b = recording();
  const seen: Progress[] = [];
  const M = await inBatches(b, texts, 5, 2, { onProgress: (p) => seen.push(p) });
  assert.deepEqual(b.log.batches.map((t) => t.length), [5, 5, 5, 5, 3]);
  assert.equal(b.log.most, 2);
  const lengths = b.log.batches.flat().map((t) => t.length);
  assert.deepEqual(lengths, [...lengths].sort((x, y) => x - y), 'shortest first');
  assert.deepEqual(M.data, (await createBackbone('hashing?dim=64').embed(texts)).data);
  assert.deepEqual(seen.map((p) => p.done), [5, 10, 15, 20, 23]);
});

test('an abort stops the batches not yet begun', async () => {
  const b = recording();
  const abort = new AbortController();
  const texts = Array.from({ length: 40 }, (_, i) => `t${i}`);
  const run = inBatches(b, texts, 4, 2, { signal: abort.signal, onProgress: (p) => { if (p.done >= 8) abort.abort(); } });
  await assert.rejects(run, CancelledError);
  assert.ok(b.log.batches.length <= 4, `${b.log.batches.length} batches begun`);
});
