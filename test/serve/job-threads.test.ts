/**
 * A job's texts on the server's model: in the calls the backbone plans (else by length, in calls
 * of the batching size), the costliest first, each sent as one embed, at most `concurrency` in
 * flight (a request arriving during a fit waits behind those only), vectors in the caller's order,
 * progress per call, and an abort stops the calls not begun.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBackbone } from '../../src/backbones/index.js';
import type { EmbedOptions } from '../../src/backbones/index.js';
import { CancelledError } from '../../src/core/index.js';
import type { Progress } from '../../src/core/index.js';
import { inBatches, jobCalls } from '../../src/serve/job-threads.js';

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

test('a job\'s texts go in the calls given, each as one embed, two at a time, vectors in order', async () => {
  const texts = Array.from({ length: 23 }, (_, i) => `text ${'x'.repeat((i * 7) % 11)} ${i}`);
  const b = recording();
  const seen: Progress[] = [];
  const calls = jobCalls({}, texts, 5);
  const M = await inBatches(b, texts, calls, 2, { onProgress: (p) => seen.push(p) });
  assert.deepEqual(b.log.batches, calls.map((c) => c.map((i) => texts[i]!)));
  assert.equal(b.log.most, 2);
  assert.deepEqual(M.data, (await createBackbone('hashing?dim=64').embed(texts)).data);
  assert.deepEqual(seen.map((p) => p.done), [0, 5, 10, 15, 20, 23]);
});

test('the calls are the backbone\'s own plan where it has one, else by length; the costliest first', () => {
  const texts = Array.from({ length: 23 }, (_, i) => `text ${'x'.repeat((i * 7) % 11)} ${i}`);
  const byLength = jobCalls({}, texts, 5);
  assert.deepEqual(byLength.map((c) => c.length), [5, 5, 5, 5, 3]);
  const lengths = byLength.flat().map((i) => texts[i]!.length);
  assert.deepEqual(lengths, [...lengths].sort((x, y) => y - x), 'longest first');
  assert.deepEqual([...byLength.flat()].sort((x, y) => x - y), [...texts.keys()], 'every text once');
  // a plan lists its calls cheapest first (use-lite's: shortest texts first); the job runs it from the end
  const plan = [[3, 1], [0, 2, 4], [5]];
  assert.deepEqual(jobCalls({ batches: () => plan.map((c) => [...c]) }, texts.slice(0, 6), 5), [[5], [0, 2, 4], [3, 1]]);
});

test('an abort stops the batches not yet begun', async () => {
  const b = recording();
  const abort = new AbortController();
  const texts = Array.from({ length: 40 }, (_, i) => `t${i}`);
  const run = inBatches(b, texts, jobCalls({}, texts, 4), 2, { signal: abort.signal, onProgress: (p) => { if (p.done >= 8) abort.abort(); } });
  await assert.rejects(run, CancelledError);
  assert.ok(b.log.batches.length <= 4, `${b.log.batches.length} batches begun`);
});
