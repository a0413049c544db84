/**
 * Request batching: concurrent embeds of one backbone share calls (by count and by tokens),
 * every request gets its own rows, a cancelled request leaves the queue, and predictions of
 * concurrent requests for one task share one Workspace call.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, Matrix } from '../../src/core/index.js';
import { HashingBackbone } from '../../src/backbones/index.js';
import type { Backbone } from '../../src/backbones/index.js';
import { EmbedBatching } from '../../src/serve/index.js';
import type { BatchingMonitor } from '../../src/serve/index.js';
import { serverFixture } from './fixture.js';

/** Hashing vectors, recording each call's texts; each call takes `delayMs`. */
class SlowBackbone implements Backbone {
  readonly calls: string[][] = [];
  private readonly inner = new HashingBackbone({ dim: 64 });
  fail = false;
  constructor(private readonly delayMs = 20) {}
  get id() { return this.inner.id; }
  get dim() { return this.inner.dim; }
  async embed(texts: readonly string[]): Promise<Matrix> {
    this.calls.push([...texts]);
    await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.fail) throw new Error('model crashed');
    return this.inner.embed(texts);
  }
  async close() {}
}

function monitor() {
  const batches: number[] = [];
  const depths: number[] = [];
  const m: BatchingMonitor = { batch: (_b, n) => batches.push(n), queue: (_b, d) => depths.push(d), cache: () => {} };
  return { m, batches, depths };
}

const texts = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} text ${i}`);

test('concurrent requests share batches, each gets exactly its own rows', async () => {
  const slow = new SlowBackbone();
  const batching = new EmbedBatching({ maxWaitMs: 5, maxBatchTexts: 64, concurrency: 1 });
  const { m, batches, depths } = monitor();
  batching.setMonitor(m);
  const b = batching.factory(() => slow)('slow');
  const requests = Array.from({ length: 10 }, (_, i) => texts(1 + (i % 3), `r${i}`));
  const out = await Promise.all(requests.map((t) => b.embed(t)));
  const reference = new HashingBackbone({ dim: 64 });
  for (let i = 0; i < requests.length; i++) assert.deepEqual(out[i], await reference.embed(requests[i]!));
  assert.equal(slow.calls.length, 1, 'one call for all ten');
  assert.deepEqual(batches, [19]);
  assert.equal(Math.max(...depths), 19);
  assert.equal(depths.at(-1), 0);
});

test('a batch holds at most maxBatchTexts texts and maxBatchTokens tokens; a large request goes alone', async () => {
  const slow = new SlowBackbone();
  const b = new EmbedBatching({ maxWaitMs: 5, maxBatchTexts: 8, maxBatchTokens: 1000, concurrency: 1 }).factory(() => slow)('s');
  await Promise.all([b.embed(texts(5, 'a')), b.embed(texts(5, 'b')), b.embed(texts(3, 'c'))]);
  assert.deepEqual(slow.calls.map((c) => c.length), [5, 8]);
  slow.calls.length = 0;
  await b.embed(texts(20, 'big'));
  assert.deepEqual(slow.calls.map((c) => c.length), [20]);
  // each "w" is one token: three requests of 4 tokens, at most 9 tokens a batch
  const t = new EmbedBatching({ maxWaitMs: 5, maxBatchTexts: 100, maxBatchTokens: 9, concurrency: 1 }).factory(() => (slow.calls.length = 0, slow))('t');
  await Promise.all([t.embed(['w w w w']), t.embed(['w w w w']), t.embed(['w w w w'])]);
  assert.deepEqual(slow.calls.map((c) => c.length), [2, 1]);
});

test('requests that arrive while a batch runs go together next, without waiting again', async () => {
  const slow = new SlowBackbone(60);
  const b = new EmbedBatching({ maxWaitMs: 1, maxBatchTexts: 64, concurrency: 1 }).factory(() => slow)('s');
  const first = b.embed(['alone']);
  await new Promise((r) => setTimeout(r, 20)); // the first batch is running
  await Promise.all([first, b.embed(['x']), b.embed(['y']), b.embed(['z'])]);
  assert.deepEqual(slow.calls, [['alone'], ['x', 'y', 'z']]);
});

test('a planned call goes as it is, never gathered nor split, and requests arriving meanwhile wait behind it', async () => {
  const slow = new SlowBackbone(40);
  const { m, batches } = monitor();
  const batching = new EmbedBatching({ maxWaitMs: 1, maxBatchTexts: 4, concurrency: 1 });
  batching.setMonitor(m);
  batching.factory(() => slow)('s');
  const b = batching.backbones().get('s')!;
  // six texts where a request's batch holds four; a request arriving during it, with room beside it
  const call = b.embedCall(texts(6, 'job'));
  await new Promise((r) => setTimeout(r, 10));
  const [M] = await Promise.all([call, b.embed(['request'])]);
  assert.deepEqual(slow.calls, [texts(6, 'job'), ['request']]);
  assert.deepEqual(M, await new HashingBackbone({ dim: 64 }).embed(texts(6, 'job')));
  assert.deepEqual(batches, [6, 1], 'both counted as batches');
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(b.embedCall(['x'], { signal: ac.signal }), CancelledError);
});

test('a cancelled request leaves the queue; a failed batch fails only its requests', async () => {
  const slow = new SlowBackbone(40);
  const b = new EmbedBatching({ maxWaitMs: 10, maxBatchTexts: 64, concurrency: 1 }).factory(() => slow)('s');
  const ac = new AbortController();
  const kept = b.embed(['kept']);
  const dropped = b.embed(['dropped'], { signal: ac.signal });
  ac.abort();
  await assert.rejects(dropped, CancelledError);
  await kept;
  assert.deepEqual(slow.calls, [['kept']]);
  await assert.rejects(b.embed(['x'], { signal: AbortSignal.abort() }), CancelledError);
  slow.fail = true;
  await assert.rejects(Promise.all([b.embed(['f1']), b.embed(['f2'])]), /model crashed/);
  slow.fail = false;
  assert.equal((await b.embed(['after'])).rows, 1);
});

test('a backbone whose calls take less than the wait is not waited for; a slow one is, and the first call always', async () => {
  const queue = (b: EmbedBatching, inner: Backbone, name: string) => (b.factory(() => inner)(name), b.backbones().get(name)!);
  const fastBatching = new EmbedBatching({ maxWaitMs: 1500, concurrency: 1 });
  const { m, batches, depths } = monitor();
  fastBatching.setMonitor(m);
  const fast = queue(fastBatching, new HashingBackbone({ dim: 64 }), 'fast');
  assert.equal(fast.gathers, true, 'before any call is measured');
  let t0 = performance.now();
  await fast.embed(['first']);
  assert.ok(performance.now() - t0 >= 1400, 'the first request waits: nothing is measured yet');
  assert.equal(fast.gathers, false);
  t0 = performance.now();
  const out = await Promise.all([fast.embed(['a']), fast.embed(['b', 'c'])]);
  assert.ok(performance.now() - t0 < 1000, `measured at microseconds a call, the next requests do not wait (${performance.now() - t0} ms)`);
  assert.deepEqual(out[1], await new HashingBackbone({ dim: 64 }).embed(['b', 'c']));
  // the first waited in the queue; "a" went straight to the backbone; "b c" found the one slot taken, queued,
  // and went as the slot freed (no wait either)
  assert.deepEqual(batches, [1, 1, 2]);
  assert.deepEqual(depths, [1, 0, 2, 0]);
  const slowInner = new SlowBackbone(30);
  const slow = queue(new EmbedBatching({ maxWaitMs: 5, concurrency: 1 }), slowInner, 'slow');
  await slow.embed(['one']);
  assert.equal(slow.gathers, true, 'a 30 ms call is worth a 5 ms wait');
  await Promise.all([slow.embed(['x']), slow.embed(['y'])]);
  assert.deepEqual(slowInner.calls, [['one'], ['x', 'y']]);
  // warm-up measures the backbone too, so a fast one's first request does not wait
  const batching = new EmbedBatching({ maxWaitMs: 1500 });
  const warmed = queue(batching, new HashingBackbone({ dim: 64 }), 'warmed');
  await batching.warm('warmed');
  assert.equal(warmed.gathers, false);
  assert.equal(queue(new EmbedBatching({ maxWaitMs: 0 }), slowInner, 'zero').gathers, false);
});

test('one slow call (a pause of the process, not of the backbone) does not make a fast backbone wait', async () => {
  const batching = new EmbedBatching({ maxWaitMs: 1500 });
  batching.factory(() => new HashingBackbone({ dim: 64 }))('fast');
  const fast = batching.backbones().get('fast')!;
  await batching.warm('fast');
  // as if a garbage collection had stopped the process during a call: it measured 3 s
  fast.measured(3000);
  assert.equal(fast.gathers, false, 'the fastest recent call decides, not the last one');
  const t0 = performance.now();
  await Promise.all([fast.embed(['a']), fast.embed(['b'])]);
  assert.ok(performance.now() - t0 < 1000, `no request waited for others (${performance.now() - t0} ms)`);
  // a backbone every recent call of which took longer than the wait is waited for
  for (let i = 0; i < 8; i++) fast.measured(2000);
  assert.equal(fast.gathers, true, 'eight calls in a row at 2 s: waiting 1.5 s for more texts pays');
});

test('warm loads every worker of a pooled backbone at once, past the cache; one call for a backbone without workers', async () => {
  /** A backbone on `workers` threads: counts the calls in flight together. */
  class Pooled extends SlowBackbone {
    inFlight = 0;
    most = 0;
    constructor(readonly workers?: number) { super(10); }
    override async embed(t: readonly string[]): Promise<Matrix> {
      this.most = Math.max(this.most, ++this.inFlight);
      try { return await super.embed(t); } finally { this.inFlight--; }
    }
  }
  for (const [workers, calls] of [[3, 3], [undefined, 1], [1, 1]] as const) {
    const inner = new Pooled(workers);
    const batching = new EmbedBatching();
    batching.factory(() => inner)('pooled');
    await batching.warm('pooled');
    assert.equal(inner.calls.length, calls, `workers ${workers}: one text per worker`);
    assert.equal(inner.most, calls, `workers ${workers}: all at once`);
    assert.equal(new Set(inner.calls.flat()).size, calls, 'distinct texts');
  }
  await assert.rejects(new EmbedBatching().warm('never-opened'), /has not been opened/);
});

test('bad batching options are refused with the option named', () => {
  assert.throws(() => new EmbedBatching({ maxBatchTexts: 0 }), /maxBatchTexts must be a whole number of at least 1, got 0/);
  assert.throws(() => new EmbedBatching({ maxWaitMs: -1 }), /maxWaitMs must be a whole number, got -1/);
});

test('concurrent predictions for one task share one Workspace call and get their own rows', async () => {
  const f = await serverFixture();
  try {
    let calls = 0;
    const predict = f.ws.predict.bind(f.ws);
    // a call that takes a while (as use-lite's do), so the requests meet; hashing alone answers each before the next arrives
    f.ws.predict = async (...a) => { calls++; await new Promise((r) => setTimeout(r, 30)); return predict(...a); };
    const inputs = [['rain and storm'], ['the striker scored', 'bake the bread'], ['cloudy forecast'], ['flour and oven'], ['a penalty'], ['humid wind', 'snow']];
    const answers = await Promise.all(inputs.map((texts) => f.app.inject({ method: 'POST', url: '/v1/tasks/topics/predict', payload: { texts } })));
    // two run at once; the four that wait go together in one call
    assert.equal(calls, 3, `${calls} calls for ${inputs.length} requests`);
    for (let i = 0; i < inputs.length; i++) {
      const alone = await predict('topics', inputs[i]!);
      assert.deepEqual(answers[i]!.json().predictions, alone.predictions);
    }
  } finally {
    await f.close();
  }
});
