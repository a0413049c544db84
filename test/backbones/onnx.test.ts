import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackboneError } from '../../src/core/index.js';
import { CachedBackbone, MemoryEmbeddingCache, OnnxBackbone, createBackbone, parseBackboneSpec } from '../../src/backbones/index.js';
import { loadTokenizer } from '../../src/runtime/index.js';
import { runBackboneConformance } from './conformance.js';
import { BAD_GRAPHS, REFERENCE, TINY_BERT, copyTinyBert } from './tiny-bert.js';

function maxDiff(a: Float32Array, b: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

runBackboneConformance('onnx', {
  make: () => new OnnxBackbone(TINY_BERT, { batchSize: 3 }),
  spec: { kind: 'onnx', options: { path: TINY_BERT } },
  changed: () => new OnnxBackbone(TINY_BERT, { dtype: 'q8' }),
});

test('the tokenizer gives the reference ids, cut at the limit with [CLS] and [SEP] kept', async () => {
  const tok = await loadTokenizer(TINY_BERT);
  REFERENCE.texts.forEach((t, i) => {
    const e = tok.encode(t, REFERENCE.maxTokens);
    assert.deepEqual(e.ids, REFERENCE.ids[i], `text ${i}`);
    assert.equal(e.truncated, REFERENCE.truncated[i]);
  });
});

const VARIANTS = [
  ['mean_normalized', {}],
  ['cls_raw', { pooling: 'cls', normalize: false }],
  ['mean_normalized_prefix_query', { prefix: 'query: ' }],
] as const;

for (const [name, opts] of VARIANTS) {
  test(`vectors match the independent numpy forward pass within 1e-5 (${name})`, async () => {
    const b = new OnnxBackbone(TINY_BERT, { ...opts, batchSize: 4 });
    try {
      const X = await b.embed(REFERENCE.texts);
      REFERENCE.vectors[name].forEach((v, i) => assert.ok(maxDiff(X.row(i), v) <= 1e-5, `text ${i}: ${maxDiff(X.row(i), v)}`));
    } finally {
      await b.close();
    }
  });
}

test('--dtype q8 runs onnx/model_quantized.onnx: its own vectors and its own id', async () => {
  const q8 = new OnnxBackbone(TINY_BERT, { dtype: 'q8' });
  const fp32 = new OnnxBackbone(TINY_BERT);
  try {
    const X = await q8.embed(REFERENCE.texts);
    // onnxruntime fuses DequantizeLinear into its integer matrix product, which rounds
    // activations too: the reference (dequantized weights, float64) is met to 1e-2, not 1e-5.
    REFERENCE.vectors.q8_mean_normalized.forEach((v, i) => assert.ok(maxDiff(X.row(i), v) <= 1e-2, `text ${i}`));
    const F = await fp32.embed(REFERENCE.texts);
    assert.ok(maxDiff(X.row(0), [...F.row(0)]) > 1e-4, 'q8 vectors are not the fp32 ones');
    assert.notEqual(q8.id, fp32.id);
    assert.equal(q8.batchSize, 1);
  } finally {
    await q8.close();
    await fp32.close();
  }
});

test('pooling, normalisation and the token limit come from the folder; truncated texts are counted', async () => {
  const b = new OnnxBackbone(TINY_BERT);
  await b.open();
  assert.equal(b.maxTokens, 24); // sentence_bert_config.json, below tokenizer_config's 32
  assert.equal(b.dim, 32);
  assert.equal(b.countTruncated(REFERENCE.texts), REFERENCE.truncated.filter(Boolean).length);
  const cached = new CachedBackbone(b, new MemoryEmbeddingCache());
  const { stats } = await cached.embedWithStats(REFERENCE.texts);
  assert.equal(stats.truncated, 2);
  const X = await b.embed(['one text']);
  let sq = 0;
  for (const v of X.row(0)) sq += v * v;
  assert.ok(Math.abs(sq - 1) < 1e-5, 'Normalize module in modules.json');
  await b.close();
});

test('without modules.json, the options decide pooling and normalisation (default mean, normalised)', async () => {
  const copy = copyTinyBert();
  try {
    rmSync(join(copy.dir, 'modules.json'));
    rmSync(join(copy.dir, '1_Pooling'), { recursive: true });
    const plain = new OnnxBackbone(copy.dir);
    const cls = new OnnxBackbone(copy.dir, { pooling: 'cls', normalize: false });
    const X = await plain.embed(REFERENCE.texts.slice(0, 3));
    const C = await cls.embed(REFERENCE.texts.slice(0, 3));
    for (let i = 0; i < 3; i++) {
      assert.ok(maxDiff(X.row(i), REFERENCE.vectors.mean_normalized[i]!) <= 1e-5);
      assert.ok(maxDiff(C.row(i), REFERENCE.vectors.cls_raw[i]!) <= 1e-5);
    }
    assert.notEqual(plain.id, cls.id);
    await plain.close();
    await cls.close();
  } finally {
    copy.done();
  }
});

test('the id changes with the weights or the tokenizer, not with the folder\'s place', async () => {
  const copy = copyTinyBert();
  try {
    const original = new OnnxBackbone(TINY_BERT).id;
    assert.equal(new OnnxBackbone(copy.dir).id, original, 'same files elsewhere: same id, shared cache');
    const tok = join(copy.dir, 'tokenizer.json');
    writeFileSync(tok, readFileSync(tok, 'utf8').replace('"lowercase": true', '"lowercase": false'));
    const retokenized = new OnnxBackbone(copy.dir).id;
    assert.notEqual(retokenized, original);
    copyFileSync(join(copy.dir, 'onnx', 'model_quantized.onnx'), join(copy.dir, 'onnx', 'model.onnx'));
    const reweighted = new OnnxBackbone(copy.dir).id;
    assert.notEqual(reweighted, original);
    assert.notEqual(reweighted, retokenized);
  } finally {
    copy.done();
  }
});

/** Runs a broken model through a cache: it must fail with a BackboneError matching `pattern` and store nothing. */
async function refuses(dir: string, pattern: RegExp, opts: object = {}): Promise<void> {
  const cache = new MemoryEmbeddingCache();
  const b = new CachedBackbone(createBackbone({ kind: 'onnx', options: { path: dir, ...opts } }), cache);
  await assert.rejects(b.embed(['some text', 'another']), (e: unknown) => {
    assert.ok(e instanceof BackboneError, `BackboneError, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
  assert.equal(cache.size, 0);
  await b.close();
}

test('bad model folders give a BackboneError naming the file and the fix, and cache nothing', async () => {
  const copy = copyTinyBert();
  try {
    await refuses(join(copy.dir, 'absent'), /No model folder at .*absent.*config\.json/);
    await refuses(join(copy.dir, 'config.json'), /config\.json is a file, not a model folder/);
    await refuses(join(copy.dir, 'onnx', 'model.onnx'), /is a file.*two levels up/);

    rmSync(join(copy.dir, 'tokenizer.json'));
    await refuses(copy.dir, /no tokenizer\.json \(looked for .*tokenizer\.json\)\. Copy tokenizer\.json/);
    copyFileSync(join(TINY_BERT, 'tokenizer.json'), join(copy.dir, 'tokenizer.json'));

    const model = join(copy.dir, 'onnx', 'model.onnx');
    writeFileSync(model, 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 90000000\n');
    await refuses(copy.dir, /model\.onnx is not an ONNX model .*0x76.*Git LFS pointer/);
    writeFileSync(model, Buffer.from([0x08, 0xff, 0xff, 0x00, 0x12, 0x99]));
    await refuses(copy.dir, /Cannot load the ONNX model .*model\.onnx/);
    copyFileSync(join(BAD_GRAPHS, 'wrong-inputs.onnx'), model);
    await refuses(copy.dir, /takes inputs input_ids, position_ids; .*not position_ids/);
    copyFileSync(join(BAD_GRAPHS, 'wrong-outputs.onnx'), model);
    await refuses(copy.dir, /gives outputs pooler_output.*last_hidden_state/);
  } finally {
    copy.done();
  }
});

test('a folder without the quantized file refuses --dtype q8 with the fix', async () => {
  const copy = copyTinyBert();
  try {
    rmSync(join(copy.dir, 'onnx', 'model_quantized.onnx'));
    await refuses(copy.dir, /no onnx\/model_quantized\.onnx .*drop --dtype q8/, { dtype: 'q8' });
  } finally {
    copy.done();
  }
});

test('onnx:PATH parses to an absolute path with the flags that apply', () => {
  const spec = parseBackboneSpec('onnx:tiny', { cwd: '/models', flags: { dtype: 'q8', prefix: 'query: ', endpoint: 'ignored' } });
  assert.deepEqual(spec, { kind: 'onnx', options: { dtype: 'q8', prefix: 'query: ', path: '/models/tiny' } });
});
