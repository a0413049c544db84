import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackboneError } from '../../src/core/index.js';
import { OnnxBackbone, createBackbone, openBackbone } from '../../src/backbones/index.js';
import { REFERENCE, TINY_BERT } from './tiny-bert.js';
import { runBackboneConformance } from './conformance.js';

/** A fake hub on 127.0.0.1 serving the tiny BERT folder as `test/tiny-bert`, recording every path asked for. */
const asked: string[] = [];
let missing = new Set<string>();
const hub = createServer((req, res) => {
  const path = req.url ?? '';
  asked.push(path);
  const m = /^\/test\/tiny-bert\/resolve\/main\/(.+)$/.exec(path);
  const file = m ? join(TINY_BERT, m[1]!) : '';
  if (!m || missing.has(m[1]!) || !existsSync(file)) {
    res.writeHead(404).end('Entry not found');
    return;
  }
  res.writeHead(200).end(readFileSync(file));
});
await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
after(() => new Promise<void>((r) => hub.close(() => r())));

function home(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'graft-hf-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

// The conformance suite on hf:, fetched from the fake hub into one home (the child process
// that must give the same vectors finds the same home and hub through its environment).
const conformanceHome = home();
after(() => conformanceHome.done());
const hfCtx = { home: conformanceHome.dir, env: { HF_ENDPOINT: endpoint } };
runBackboneConformance('hf', {
  make: () => createBackbone('hf:test/tiny-bert', undefined, hfCtx),
  spec: { kind: 'hf', options: { model: 'test/tiny-bert' } },
  childEnv: { GRAFT_HOME: conformanceHome.dir, HF_ENDPOINT: endpoint },
  changed: () => createBackbone('hf:test/tiny-bert', { dtype: 'q8' }, hfCtx),
});

test('hf:ORG/NAME is fetched once into $GRAFT_HOME/models and runs as onnx: runs that folder', async () => {
  const h = home();
  try {
    asked.length = 0;
    missing = new Set();
    const ctx = { home: h.dir, env: { HF_ENDPOINT: endpoint } };
    const b = await openBackbone('hf:test/tiny-bert', ctx);
    const folder = join(h.dir, 'models', 'test', 'tiny-bert');
    assert.ok(existsSync(join(folder, 'onnx', 'model.onnx')));
    assert.ok(existsSync(join(folder, '1_Pooling', 'config.json')), 'sentence-transformers files come along');
    assert.ok(!existsSync(join(folder, 'onnx', 'model_quantized.onnx')), 'only the dtype asked for');
    const local = new OnnxBackbone(TINY_BERT);
    assert.equal(b.id, local.id, 'same files, same id: the cache is shared with onnx:');
    const X = await b.embed(REFERENCE.texts.slice(0, 2));
    assert.deepEqual(X.data, (await local.embed(REFERENCE.texts.slice(0, 2))).data);
    const n = asked.length;
    const again = await openBackbone('hf:test/tiny-bert', ctx);
    assert.equal(asked.length, n, 'a second open fetches nothing');
    for (const x of [b, again, local]) await x.close();
  } finally {
    h.done();
  }
});

test('offline, hf: gives a BackboneError saying how to download elsewhere and use onnx:PATH, leaving nothing', async () => {
  const h = home();
  try {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const b = createBackbone('hf:test/tiny-bert', undefined, { home: h.dir, env: { HF_ENDPOINT: `http://127.0.0.1:${port}` } });
    await assert.rejects(b.open!(), (e: unknown) => {
      assert.ok(e instanceof BackboneError);
      assert.match(e.message, /Cannot fetch test\/tiny-bert .*ECONNREFUSED.*offline/);
      assert.match(e.message, /git clone https:\/\/huggingface\.co\/test\/tiny-bert.*--backbone onnx:PATH/);
      return true;
    });
    assert.deepEqual(readdirSync(join(h.dir, 'models', 'test')), [], 'no half-downloaded folder');
    const offline = createBackbone('hf:test/tiny-bert', undefined, { home: h.dir, env: { HF_ENDPOINT: endpoint, HF_HUB_OFFLINE: '1' } });
    asked.length = 0;
    await assert.rejects(offline.open!(), /HF_HUB_OFFLINE is set.*onnx:PATH/);
    assert.equal(asked.length, 0);
    assert.throws(() => offline.id, /has not been fetched yet/);
  } finally {
    h.done();
  }
});

test('a repository without the ONNX file is refused with the fix, leaving nothing', async () => {
  const h = home();
  try {
    missing = new Set(['onnx/model.onnx']);
    await assert.rejects(openBackbone('hf:test/tiny-bert', { home: h.dir, env: { HF_ENDPOINT: endpoint } }),
      /HTTP 404; the repository has no onnx\/model\.onnx: pick one with an ONNX export/);
    assert.deepEqual(readdirSync(join(h.dir, 'models', 'test')), []);
  } finally {
    missing = new Set();
    h.done();
  }
});
