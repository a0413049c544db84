import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Rng } from '../../src/core/index.js';
import { UseTokenizer, MAX_TOKENS } from '../../src/backbones/use-lite/tokenizer.js';
import { readVocabulary } from '../../src/backbones/use-lite/assets.js';

const require = createRequire(import.meta.url);
const { Tokenizer: ReferenceTokenizer } = require('@tensorflow-models/universal-sentence-encoder/dist/tokenizer/index.js') as {
  Tokenizer: new (v: unknown) => { encode(s: string): number[] };
};

const vocab = readVocabulary();
const ours = new UseTokenizer(vocab);
const reference = new ReferenceTokenizer(vocab);

const FIXED = [
  '', ' ', '   ', '\t\n', 'a', 'hello world', 'Hello, World!', 'naïve café résumé', 'ﬁnancial ｆｕｌｌｗｉｄｔｈ ①②',
  '日本語のテキスト', 'Ελληνικά και русский', '😀 emoji 👍🏽 family 👨‍👩‍👧', '\u{1F600}\u{1F600}\u{1F600}',
  '\uD800 lone surrogate', '\u0000\u0001 control', 'tabs\tand\nnewlines\r\n', 'multiple   spaces    here',
  'URL: https://example.com/a?b=c&d=e#f', 'e-mail: someone@example.org', '$1,234.56 (approx.)', '...!!!???',
  "don't won't can't", 'ALL CAPS SHOUTING', 'x'.repeat(300), 'ab'.repeat(200), ':00 :00:00',
  '\u2581 already a separator', 'Ǆ ǅ ǆ ligatures', '١٢٣ ٤٥٦ arabic digits', 'mixed中文and english',
];

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' .,;:!?\'"()[]{}-_/\\@#$%^&*+=<>|~`', '  ', '   ', '\t', '\n', 'é', 'ü', 'ß', 'ø', 'ñ', '中', '文', 'й', 'ж',
  'ﬁ', 'Ⅻ', '½', '😀', '👍🏽', '\u200d', '\u0301', '\uFEFF', '\u00A0', '\u2581', 'the ', 'ing ', 'tion', ' and ',
];

function randomString(rng: Rng): string {
  const len = rng.int(60);
  let s = '';
  for (let i = 0; i < len; i++) s += ALPHABET[rng.int(ALPHABET.length)];
  return s;
}

test('UseTokenizer matches the reference tokenizer token for token', () => {
  const rng = new Rng(42);
  const cases = [...FIXED];
  for (let i = 0; i < 400; i++) cases.push(randomString(rng));
  for (const text of cases) {
    assert.deepEqual(ours.encode(text), reference.encode(text), `text ${JSON.stringify(text)}`);
  }
});

test('UseTokenizer gives no tokens for the empty string and merges unknown runs', () => {
  assert.deepEqual(ours.encode(''), []);
  const ids = ours.encode('\u{1F600}\u{1F600}\u{1F600}');
  assert.ok(ids.includes(0), 'emoji are unknown to the vocabulary');
  for (let i = 1; i < ids.length; i++) assert.ok(!(ids[i] === 0 && ids[i - 1] === 0), 'no two unknowns in a row');
});

test('encodeTruncated cuts at MAX_TOKENS and says so', () => {
  const long = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
  const cut = ours.encodeTruncated(long);
  assert.equal(cut.truncated, true);
  assert.equal(cut.ids.length, MAX_TOKENS);
  assert.deepEqual(cut.ids, ours.encode(long).slice(0, MAX_TOKENS));
  const short = ours.encodeTruncated('a short text');
  assert.equal(short.truncated, false);
  assert.deepEqual(short.ids, ours.encode('a short text'));
});

test('encodeTruncated gives the first tokens of the whole text, whatever the text and the limit', () => {
  // It segments only a prefix that ends before a space: wrong if any segmentation could run across one.
  // Long words (vocabulary pieces run together) make a cut inside a word change the tokens before it.
  const rng = new Rng(7);
  const pieces = vocab.map(([p]) => p.replaceAll('\u2581', '')).filter((p) => p.length >= 4);
  const odd = [' ', '  ', '\u2581', '😀', '\u{1F600}\u{1F600} ', 'x', 'é', '中文 ', '\n', 'ﬁ', '\u0301 '];
  for (let i = 0; i < 300; i++) {
    const len = 10 + rng.int(300);
    let text = '';
    for (let k = 0; k < len; k++) {
      const r = rng.int(10);
      text += r < 5 ? pieces[rng.int(pieces.length)] + (rng.int(3) === 0 ? '' : ' ') : r < 7 ? odd[rng.int(odd.length)] : ALPHABET[rng.int(ALPHABET.length)];
    }
    for (const limit of [1, 3, 10, 40, MAX_TOKENS]) {
      const whole = ours.encode(text);
      const cut = ours.encodeTruncated(text, limit);
      assert.deepEqual(cut, { ids: whole.slice(0, limit), truncated: whole.length > limit }, `limit ${limit}, text ${JSON.stringify(text)}`);
    }
  }
});

test('UseTokenizer is linear-time on long inputs', () => {
  const text = 'lorem ipsum dolor sit amet '.repeat(4000);
  const t0 = performance.now();
  const ids = ours.encode(text);
  const ms = performance.now() - t0;
  assert.ok(ids.length > 10000);
  assert.ok(ms < 2000, `108k characters took ${ms.toFixed(0)} ms`);
});
