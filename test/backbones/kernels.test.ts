import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTf, Rng } from '../../src/core/index.js';
import { installKernels } from '../../src/backbones/use-lite/kernels.js';

/** Shapes, split sizes and axes as the graph and other callers give them (a -1 size takes the rest). */
const CASES: { shape: number[]; sizes: number | number[]; axis: number; dtype: 'float32' | 'int32' }[] = [
  { shape: [4, 17, 96], sizes: [32, 32, 32], axis: -1, dtype: 'float32' },
  { shape: [4, 17, 96], sizes: 3, axis: 2, dtype: 'float32' },
  { shape: [6, 10, 5], sizes: [3, -1, 2], axis: 1, dtype: 'int32' },
  { shape: [9, 4], sizes: [1, 8], axis: 0, dtype: 'float32' },
  { shape: [2, 3, 4, 5], sizes: [2, 0, 2], axis: 2, dtype: 'int32' },
];

test('SplitV gives the parts the wasm backend gives, byte for byte, in any axis and dtype', async () => {
  const tf = await loadTf();
  const rng = new Rng(5);
  const inputs = CASES.map((c) => {
    const size = c.shape.reduce((p, d) => p * d, 1);
    const values = c.dtype === 'float32' ? Float32Array.from({ length: size }, () => rng.normal()) : Int32Array.from({ length: size }, () => rng.int(1000) - 500);
    return { ...c, values };
  });
  const run = (): { shape: number[]; bytes: Buffer }[][] => inputs.map((c) => tf.tidy(() =>
    tf.split(tf.tensor(c.values, c.shape, c.dtype), c.sizes, c.axis).map((t) => ({ shape: t.shape, bytes: Buffer.from((t.dataSync() as Float32Array).buffer) }))));
  const before = run();
  installKernels(tf);
  const after = run();
  inputs.forEach((c, i) => assert.deepEqual(after[i], before[i], `case ${i}: ${c.shape} split ${JSON.stringify(c.sizes)} on axis ${c.axis}`));
  assert.equal(before[0]!.length, 3);
  assert.notDeepEqual(before[0]![0]!.bytes, before[0]![1]!.bytes);
});
