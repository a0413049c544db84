import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CancelledError, UsageError, type Matrix } from '../../src/core/index.js';
import { HashingBackbone, hashString } from '../../src/backbones/hashing/index.js';
import { runBackboneConformance } from './conformance.js';

function dot(X: Matrix, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < X.cols; k++) s += X.get(i, k) * X.get(j, k);
  return s;
}

test('vectors are unit length, and the empty text is the zero vector', async () => {
  const X = await new HashingBackbone().embed(['free money now!!!', 'meeting at 3pm', '']);
  assert.equal(X.cols, 4096);
  assert.ok(Math.abs(dot(X, 0, 0) - 1) < 1e-5);
  assert.ok(Math.abs(dot(X, 1, 1) - 1) < 1e-5);
  assert.equal(dot(X, 2, 2), 0);
});

test('shared words and spellings make texts close; unrelated texts are far', async () => {
  const X = await new HashingBackbone().embed([
    'please review the quarterly report',
    'please reviewed the quarterly reports',
    'cheap viagra pills online',
  ]);
  assert.ok(dot(X, 0, 1) > 0.5, `near-duplicates: ${dot(X, 0, 1)}`);
  assert.ok(Math.abs(dot(X, 0, 2)) < 0.15, `unrelated: ${dot(X, 0, 2)}`);
});

test('case and Unicode compatibility forms do not matter; repeats count sublinearly', async () => {
  const X = await new HashingBackbone().embed(['Hello World', 'ｈｅｌｌｏ ｗｏｒｌｄ', 'spam', 'spam spam spam spam']);
  assert.ok(Math.abs(dot(X, 0, 1) - 1) < 1e-6);
  // Repeats add the pair "spam spam", so the texts differ, but the single-word family is identical.
  assert.ok(dot(X, 2, 3) > 0.8 && dot(X, 2, 3) < 1 - 1e-3);
});

test('the same text gives the same vector alone, in a batch, and in another process', async () => {
  const b = new HashingBackbone({ dim: 256 });
  const texts = ['alpha beta', 'gamma', 'alpha beta gamma delta 😀'];
  const batch = await b.embed(texts);
  for (let i = 0; i < texts.length; i++) assert.deepEqual((await b.embed([texts[i]!])).row(0), batch.row(i));
  const code = `import { HashingBackbone } from ${JSON.stringify(new URL('../../src/backbones/hashing/index.ts', import.meta.url).href)};
    const X = await new HashingBackbone({ dim: 256 }).embed(${JSON.stringify(texts)});
    process.stdout.write(JSON.stringify(Array.from(X.data)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(Float32Array.from(JSON.parse(r.stdout) as number[]), batch.data);
});

/** The vector as the module doc defines it, computed densely over every bucket (the original loops). */
function denseDefinition(text: string, dim: number): Float32Array {
  const tokens = text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu) ?? [];
  const fams = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  const add = (m: Map<number, number>, h: number) => m.set(h, (m.get(h) ?? 0) + 1);
  tokens.forEach((tok, t) => {
    add(fams[0]!, hashString(tok, 0, tok.length, 0x9747b28c));
    if (t > 0) { const p = `${tokens[t - 1]} ${tok}`; add(fams[1]!, hashString(p, 0, p.length, 0x5bd1e995)); }
    if (/^[\p{L}\p{M}\p{N}]/u.test(tok)) {
      const padded = `<${tok}>`;
      for (let n = 3; n <= 5; n++) for (let s = 0; s + n <= padded.length; s++) add(fams[2]!, hashString(padded, s, s + n, 0x1b873593 + n));
    }
  });
  const total = new Float64Array(dim);
  [1, 0.5, 1].forEach((weight, f) => {
    if (fams[f]!.size === 0) return;
    const scratch = new Float64Array(dim);
    for (const [h, c] of fams[f]!) scratch[h & (dim - 1)]! += (h < 0 ? -1 : 1) * (1 + Math.log(c));
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += scratch[j]! * scratch[j]!;
    if (sq === 0) return;
    for (let j = 0; j < dim; j++) total[j]! += scratch[j]! * (weight / Math.sqrt(sq));
  });
  let sq = 0;
  for (let j = 0; j < dim; j++) sq += total[j]! * total[j]!;
  return Float32Array.from(total, (v) => v / (Math.sqrt(sq) || 1));
}

test('every vector is the dense definition bit for bit, collisions and cancellations included', async () => {
  const texts = [
    'free money now!!!', 'meeting at 3pm', '', '   ', '!!! ??? $$$', 'spam spam spam spam spam',
    'Ｈｅｌｌｏ Wörld — naïve café, 東京 😀 x', 'a b a b a b c', 'please reply 1000123',
    Array.from({ length: 400 }, (_, i) => `word${i % 37} w${(i * 7) % 101}`).join(' '),
  ];
  for (const dim of [64, 256, 4096]) {
    const b = new HashingBackbone({ dim });
    const X = await b.embed(texts);
    // again through the same backbone in another order: its reused scratch must carry nothing from text to text
    const R = await b.embed([...texts].reverse());
    texts.forEach((t, i) => {
      const want = Buffer.from(denseDefinition(t, dim).buffer);
      assert.ok(Buffer.from(X.row(i).slice().buffer).equals(want), `dim ${dim}, text ${i}`);
      assert.ok(Buffer.from(R.row(texts.length - 1 - i).slice().buffer).equals(want), `dim ${dim}, text ${i} after others`);
    });
  }
});

test('hashString depends only on the substring and the seed', () => {
  assert.equal(hashString('abc', 0, 3, 0), hashString('xabcx', 1, 4, 0));
  assert.notEqual(hashString('abc', 0, 3, 0), hashString('abc', 0, 3, 1));
  assert.equal(hashString('', 0, 0, 0), 0);
  assert.equal(hashString('abc', 0, 3, 42), hashString('abc', 0, 3, 42));
});

test('dim must be a power of two; the id names the dim', () => {
  assert.throws(() => new HashingBackbone({ dim: 1000 }), UsageError);
  assert.throws(() => new HashingBackbone({ dim: 32 }), UsageError);
  assert.equal(new HashingBackbone({ dim: 1024 }).id, 'hashing@1-d1024');
  assert.equal(new HashingBackbone().countTruncated(), 0);
});

test('reports progress and honours an abort', async () => {
  const b = new HashingBackbone({ dim: 64 });
  const texts = Array.from({ length: 600 }, (_, i) => `text ${i}`);
  const done: number[] = [];
  await b.embed(texts, { onProgress: (p) => done.push(p.done) });
  assert.deepEqual(done, [256, 512, 600]);
  const ac = new AbortController();
  await assert.rejects(b.embed(texts, { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
});

runBackboneConformance('hashing', {
  make: () => new HashingBackbone({ dim: 256 }),
  spec: { kind: 'hashing', options: { dim: 256 } },
  changed: () => new HashingBackbone({ dim: 512 }),
  tolerance: 0,
});
