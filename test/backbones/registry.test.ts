import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError, UsageError } from '../../src/core/index.js';
import {
  BACKBONE_KINDS, backboneCachePolicy, createBackbone, formatBackboneSpec, HashingBackbone, isRemoteBackbone,
  OnnxBackbone, openBackbone, parseBackboneList, parseBackboneSpec, UseLiteBackbone,
} from '../../src/backbones/index.js';
import { TINY_BERT } from './tiny-bert.js';

test('createBackbone builds each registered kind without loading anything', async () => {
  assert.deepEqual([...BACKBONE_KINDS], ['use-lite', 'hashing', 'onnx', 'hf', 'openai']);
  const use = createBackbone('use-lite', { workers: 1 });
  assert.ok(use instanceof UseLiteBackbone);
  assert.equal(use.dim, 512);
  assert.equal((use as UseLiteBackbone).startedWorkers, 0);
  await use.close();
  const hashing = createBackbone('hashing', { dim: 128 });
  assert.ok(hashing instanceof HashingBackbone);
  assert.equal(hashing.dim, 128);
  const onnx = createBackbone({ kind: 'onnx', options: { path: TINY_BERT } });
  assert.ok(onnx instanceof OnnxBackbone);
  await onnx.close();
});

test('an unknown kind is a NotFoundError that lists the kinds as the CLI writes them', () => {
  assert.throws(() => createBackbone('bert'), (e: unknown) => {
    assert.ok(e instanceof NotFoundError);
    assert.match(e.message, /"bert"/);
    assert.match(e.message, /use-lite, hashing, onnx:PATH, hf:ORG\/NAME, openai:MODEL/);
    return true;
  });
  assert.throws(() => createBackbone('toString'), NotFoundError);
  assert.throws(() => parseBackboneSpec('constructor:x'), NotFoundError);
  assert.ok(Object.isFrozen(BACKBONE_KINDS));
});

test('CLI strings parse into specs; a spec survives JSON and reopens the same backbone', async () => {
  assert.deepEqual(parseBackboneSpec('use-lite'), { kind: 'use-lite', options: {} });
  assert.deepEqual(parseBackboneSpec(' hashing ', { flags: { dim: 1024 } }), { kind: 'hashing', options: { dim: 1024 } });
  assert.deepEqual(parseBackboneSpec('hf:Xenova/all-MiniLM-L6-v2', { flags: { dtype: 'q8' } }),
    { kind: 'hf', options: { dtype: 'q8', model: 'Xenova/all-MiniLM-L6-v2' } });
  assert.deepEqual(parseBackboneSpec('onnx:/m/x:y'), { kind: 'onnx', options: { path: '/m/x:y' } });
  const spec = parseBackboneSpec(`onnx:${TINY_BERT}`, { flags: { prefix: 'query: ' } });
  const again = JSON.parse(JSON.stringify(spec)) as typeof spec;
  const a = await openBackbone(spec);
  const b = await openBackbone(again);
  assert.equal(a.id, b.id);
  assert.notEqual(a.id, (await openBackbone(`onnx:${TINY_BERT}`)).id, 'the prefix changes the vectors, so the id');
  await a.close();
  await b.close();
  assert.equal(formatBackboneSpec(spec), `onnx:${TINY_BERT}?prefix=query:%20`);
  assert.equal(formatBackboneSpec(parseBackboneSpec('openai:text-embedding-3-small', { env: {} })),
    'openai:text-embedding-3-small?endpoint=https://api.openai.com/v1');
});

test('malformed strings and options are UsageErrors that say what to write', () => {
  const bad: [() => unknown, RegExp][] = [
    [() => parseBackboneSpec('onnx'), /Write this backbone as onnx:PATH/],
    [() => parseBackboneSpec('onnx:  '), /onnx:PATH/],
    [() => parseBackboneSpec('use-lite:big'), /takes nothing after "use-lite:"/],
    [() => parseBackboneSpec(''), /Give a backbone, e\.g\. use-lite/],
    [() => parseBackboneSpec('hashing', { flags: { dim: 100.5 } }), /hashing option dim must be an integer from 64 to 1048576, got 100\.5/],
    [() => parseBackboneSpec('onnx:/m', { flags: { dtype: 'fp16' } }), /onnx option dtype must be one of fp32, q8, got "fp16"/],
    [() => createBackbone({ kind: 'onnx', options: { path: '/m', pool: 'mean' } as never }), /onnx has no option "pool"; its options are: path, dtype, pooling/],
    [() => createBackbone('hf:not-a-repo'), /not a Hugging Face repository id; write hf:ORG\/NAME/],
    [() => parseBackboneList('use-lite,hashing', { flags: { dtype: 'q8' } }), /dtype applies to onnx, hf backbones, and none is listed/],
    [() => parseBackboneList(' , '), /at least one backbone/],
  ];
  for (const [f, re] of bad) assert.throws(f, (e: unknown) => e instanceof UsageError && re.test(e.message) || assert.fail(`${String(e)} !~ ${re}`));
});

test('a list applies each flag to the kinds that take it', () => {
  const specs = parseBackboneList('use-lite,onnx:/m,openai:x', { env: {}, flags: { dtype: 'q8', batchSize: 16, endpoint: 'http://e/v1' } });
  assert.deepEqual(specs.map((s) => s.options), [
    { batchSize: 16 },
    { dtype: 'q8', batchSize: 16, path: '/m' },
    { endpoint: 'http://e/v1', batchSize: 16, model: 'x' },
  ]);
});

test('each kind declares its cache policy and whether texts leave the machine', () => {
  assert.equal(backboneCachePolicy('hashing'), 'none');
  for (const k of ['use-lite', 'onnx', 'hf', 'openai'] as const) assert.equal(backboneCachePolicy(k), 'store');
  assert.deepEqual(BACKBONE_KINDS.filter((k) => isRemoteBackbone(k)), ['openai']);
  assert.equal(backboneCachePolicy(parseBackboneSpec('hashing')), 'none');
});

test('a spec prints as one string that parses back to the same spec, options and all', () => {
  const specs = [
    parseBackboneSpec('use-lite'),
    parseBackboneSpec('hashing', { flags: { dim: 1024 } }),
    { kind: 'onnx', options: { path: '/models/my model,v2+x?y=1%', dtype: 'q8', prefix: 'query: ', normalize: false, threads: 2 } } as const,
    parseBackboneSpec('hf:Xenova/all-MiniLM-L6-v2', { flags: { revision: 'v1.0' } }),
    parseBackboneSpec('openai:nomic-embed-text:latest', { env: {}, flags: { endpoint: 'http://localhost:11434/v1', pricePerMillionTokens: 0.02, prefix: 'search_document: ' } }),
  ];
  for (const spec of specs) {
    const text = formatBackboneSpec(spec);
    assert.deepEqual(parseBackboneSpec(text, { env: {} }), spec, text);
    assert.equal(parseBackboneList(`use-lite,${text}`, { env: {} })[1]!.kind, spec.kind, 'fits in a list');
    assert.ok(!text.includes('+') && !text.includes(','), text);
  }
  assert.equal(formatBackboneSpec(specs[1]!), 'hashing?dim=1024');
  assert.deepEqual(parseBackboneSpec('onnx:/m?dtype=q8&normalize=false&maxTokens=128').options, { path: '/m', dtype: 'q8', normalize: false, maxTokens: 128 });
  assert.deepEqual(parseBackboneSpec('onnx:/m?dtype=q8', { flags: { dtype: 'fp32' } }).options, { path: '/m', dtype: 'q8' }, 'the string wins over flags');
  assert.throws(() => parseBackboneSpec('onnx:/m?dtyp=q8'), /onnx has no option "dtyp"/);
  assert.throws(() => parseBackboneSpec('onnx:/m?threads=two'), /threads must be an integer/);
  assert.throws(() => parseBackboneSpec('onnx:/m?q8'), /is not an option; write \?name=value/);
});
