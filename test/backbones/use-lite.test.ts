import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CancelledError, type Matrix, type Progress } from '../../src/core/index.js';
import { UseLiteBackbone, MAX_TOKENS, UseTokenizer } from '../../src/backbones/use-lite/index.js';
import { UseLiteGraph } from '../../src/backbones/use-lite/graph.js';
import { HashingBackbone } from '../../src/backbones/hashing/index.js';
import { runBackboneConformance } from './conformance.js';
import { readVocabulary } from '../../src/backbones/use-lite/assets.js';

const TEXTS = [
  'The cat sat on the mat.',
  '',
  'A kitten is sleeping on the rug.',
  'Stock markets fell sharply after the interest rate decision.',
  'Win a FREE iPhone now!!! Click here: http://spam.example',
  '   ',
  'Meeting moved to 3pm tomorrow, room 4B.',
  'naïve café 😀 日本語',
  Array.from({ length: 200 }, (_, i) => `word${i % 37}`).join(' '),
  'short',
  'The quarterly report is attached; please review before Friday.',
];

let backbone: UseLiteBackbone;
before(() => {
  backbone = new UseLiteBackbone({ workers: 2, batchSize: 3 });
});
after(() => backbone.close());

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function cosine(X: Matrix, i: number, j: number): number {
  const a = X.row(i);
  const b = X.row(j);
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

test('the model loads lazily: nothing starts before the first embed', () => {
  assert.equal(backbone.startedWorkers, 0);
  assert.equal(backbone.countTruncated(TEXTS), 1);
  assert.equal(backbone.startedWorkers, 0);
});

test('embeds in input order, unit-length, semantically sensible, across workers', async () => {
  const seen: Progress[] = [];
  const X = await backbone.embed(TEXTS, { onProgress: (p) => seen.push({ ...p }) });
  assert.equal(X.rows, TEXTS.length);
  assert.equal(X.cols, 512);
  assert.equal(X.firstNonFinite(), -1);
  assert.equal(backbone.startedWorkers, 2);
  for (let i = 0; i < X.rows; i++) assert.ok(Math.abs(cosine(X, i, i) - 1) < 1e-4, `row ${i} is unit length`);
  assert.ok(cosine(X, 0, 2) > cosine(X, 0, 3) + 0.1, 'cat/kitten closer than cat/stock market');
  assert.deepEqual(seen[0], { phase: 'embed', done: 0, total: TEXTS.length, unit: 'texts' });
  assert.equal(seen.at(-1)!.done, TEXTS.length);
  assert.ok(seen.every((p, k) => k === 0 || p.done > seen[k - 1]!.done));
});

test('a text gets the same vector alone and inside any batch', async () => {
  const batch = await backbone.embed(TEXTS);
  const reversed = await backbone.embed([...TEXTS].reverse());
  const big = new UseLiteBackbone({ workers: 1, batchSize: 64 });
  try {
    const oneBatch = await big.embed(TEXTS);
    for (let i = 0; i < TEXTS.length; i++) {
      const alone = (await big.embed([TEXTS[i]!])).row(0);
      assert.ok(maxAbsDiff(alone, batch.row(i)) <= 1e-6, `text ${i} alone vs batched`);
      assert.ok(maxAbsDiff(alone, oneBatch.row(i)) <= 1e-6, `text ${i} alone vs one batch`);
      assert.ok(maxAbsDiff(alone, reversed.row(TEXTS.length - 1 - i)) <= 1e-6, `text ${i} alone vs reversed`);
    }
  } finally {
    await big.close();
  }
});

test('a token budget per graph call splits batches and changes no vector', async () => {
  const whole = await backbone.embed(TEXTS);
  const steps = (seen: Progress[]) => seen.length - 1; // one progress event per batch after the first (0 done)
  const capped = new UseLiteBackbone({ workers: 1, batchSize: 64, maxBatchTokens: 12 });
  const open = new UseLiteBackbone({ workers: 1, batchSize: 64, maxBatchTokens: 1 << 20 });
  try {
    const a: Progress[] = [];
    const b: Progress[] = [];
    const small = await capped.embed(TEXTS, { onProgress: (p) => a.push(p) });
    await open.embed(TEXTS, { onProgress: (p) => b.push(p) });
    for (let i = 0; i < TEXTS.length; i++) assert.ok(maxAbsDiff(small.row(i), whole.row(i)) <= 1e-6, `text ${i}`);
    assert.equal(steps(b), 1, 'one batch without a budget');
    assert.ok(steps(a) > 1, `${steps(a)} batches under 12 tokens each`);
  } finally {
    await capped.close();
    await open.close();
  }
  assert.throws(() => new UseLiteBackbone({ maxBatchTokens: 0 }), /maxBatchTokens must be a positive integer/);
});

test('batches() lists the graph calls of embed: each call embedded alone gives its vectors bit for bit', async () => {
  const calls = backbone.batches(TEXTS);
  assert.deepEqual([...calls.flat()].sort((a, b) => a - b), [...TEXTS.keys()], 'every text once');
  const tok = new UseTokenizer(readVocabulary());
  const lengths = calls.flat().map((i) => tok.encodeTruncated(TEXTS[i]!).ids.length);
  assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b), 'shortest first');
  assert.ok(calls.every((c) => c.length <= backbone.batchSize));
  const whole = await backbone.embed(TEXTS);
  for (const c of calls) {
    const part = await backbone.embed(c.map((i) => TEXTS[i]!));
    c.forEach((i, r) => assert.deepEqual(part.row(r), whole.row(i), `text ${i}`));
  }
  // a budget of tokens ends calls early, as embed's own
  const capped = new UseLiteBackbone({ workers: 1, batchSize: 64, maxBatchTokens: 40 });
  const longest = (c: number[]) => Math.max(...c.map((i) => tok.encodeTruncated(TEXTS[i]!).ids.length));
  assert.ok(capped.batches(TEXTS).every((c) => c.length === 1 || c.length * longest(c) <= 40));
  await capped.close();
});

test('a text gets the same vector in another process, which exits without close()', async () => {
  const here = await backbone.embed(TEXTS.slice(0, 4));
  const child = fileURLToPath(new URL('./fixtures/embed-child.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, JSON.stringify(TEXTS.slice(0, 4))], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.error, undefined, 'child exited before the timeout');
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as number[][];
  for (let i = 0; i < 4; i++) assert.ok(maxAbsDiff(here.row(i), Float32Array.from(rows[i]!)) <= 1e-6, `text ${i}`);
});

test('cutting at MAX_TOKENS gives the vector the graph gives the whole text', async () => {
  // The graph clips at 128 tokens itself; truncating first must not change any vector.
  const tok = new UseTokenizer(readVocabulary());
  const graph = await UseLiteGraph.load();
  try {
    const text = Array.from({ length: 400 }, (_, i) => `token${i}`).join(' ');
    const full = tok.encode(text);
    assert.ok(full.length > MAX_TOKENS * 2);
    const cut = tok.encodeTruncated(text).ids;
    const whole = await graph.embed(Int32Array.from(full), Int32Array.from([0, full.length]));
    const truncated = await graph.embed(Int32Array.from(cut), Int32Array.from([0, cut.length]));
    assert.ok(maxAbsDiff(whole, truncated) <= 1e-6);
    const viaBackbone = await backbone.embed([text]);
    assert.ok(maxAbsDiff(whole, viaBackbone.row(0)) <= 1e-6);
  } finally {
    graph.dispose();
  }
});

test('an aborted signal cancels, before or during the work', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(backbone.embed(TEXTS, { signal: ac.signal }), CancelledError);
  const during = new AbortController();
  const many = Array.from({ length: 60 }, (_, i) => `sentence ${i}`);
  await assert.rejects(
    backbone.embed(many, { signal: during.signal, onProgress: (p) => { if (p.done > 0) during.abort(); } }),
    CancelledError,
  );
  const X = await backbone.embed(['still works after a cancel']);
  assert.equal(X.rows, 1);
});

test('an empty list embeds to a 0×512 matrix; close is idempotent', async () => {
  const X = await backbone.embed([]);
  assert.equal(X.rows, 0);
  assert.equal(X.cols, 512);
  const unused = new UseLiteBackbone();
  await unused.close();
  await unused.close();
});

runBackboneConformance('use-lite', {
  make: () => new UseLiteBackbone({ workers: 1, batchSize: 3 }),
  spec: { kind: 'use-lite', options: { workers: 1 } },
  // There is one USE-lite model: "another model" is another kind here.
  changed: () => new HashingBackbone({ dim: 512 }),
});
