import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTf, Rng } from '../../src/core/index.js';
import { multiply } from '../../src/backbones/use-lite/batched-products.js';
import { installKernels } from '../../src/backbones/use-lite/kernels.js';

/** [batch..., m, k] × [batch..., k, n] (or [batch..., n, k] transposed): attention's shapes, k across several blocks of 48. */
const CASES: { a: number[]; b: number[]; transposeB: boolean }[] = [
  { a: [2, 3, 17, 100], b: [2, 3, 21, 100], transposeB: true },
  { a: [2, 3, 17, 21], b: [2, 3, 21, 100], transposeB: false },
  { a: [4, 5, 130], b: [4, 130, 9], transposeB: false },
  { a: [3, 1, 48], b: [3, 7, 48], transposeB: true },
  { a: [2, 2, 1, 1, 5], b: [2, 2, 1, 5, 3], transposeB: false },
];

function random(shape: number[], rng: Rng): Float32Array {
  const size = shape.reduce((p, d) => p * d, 1);
  // Magnitudes spread over six orders so that the order of the sums shows in the last bits.
  return Float32Array.from({ length: size }, () => rng.normal() * 10 ** (rng.int(6) - 3));
}

test("batched products match the wasm backend's own kernel bit for bit, and other products still go to it", async () => {
  const tf = await loadTf();
  const rng = new Rng(3);
  const inputs = CASES.map((c) => ({ ...c, x: random(c.a, rng), y: random(c.b, rng) }));
  const run = (): Float32Array[] => inputs.map((c) => tf.tidy(() => tf.matMul(tf.tensor(c.x, c.a), tf.tensor(c.y, c.b), false, c.transposeB).dataSync() as Float32Array));
  const dense = (): Float32Array => tf.tidy(() => tf.matMul(tf.tensor(inputs[2]!.x, [20, 130]), tf.tensor(inputs[2]!.y.slice(0, 130 * 9), [130, 9])).dataSync() as Float32Array);
  const before = run();
  const denseBefore = dense();
  installKernels(tf);
  installKernels(tf); // a second install is a no-op
  const after = run();
  inputs.forEach((c, i) => {
    assert.deepEqual(new Uint32Array(after[i]!.buffer), new Uint32Array(before[i]!.buffer), `case ${i}: ${c.a} × ${c.b}`);
  });
  assert.deepEqual(dense(), denseBefore);

  // The comparison is sensitive: one plain sum over k (no blocks of 48) differs in the last bits.
  const c = inputs[0]!;
  const plain = new Float32Array(before[0]!.length);
  const [batch, m, k, n] = [6, 17, 100, 21];
  for (let t = 0; t < batch; t++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let q = 0; q < k; q++) s = Math.fround(s + Math.fround(c.x[t * m * k + i * k + q]! * c.y[t * n * k + j * k + q]!));
    plain[t * m * n + i * n + j] = s;
  }
  assert.notDeepEqual(new Uint32Array(plain.buffer), new Uint32Array(before[0]!.buffer));
  const direct = new Float32Array(plain.length);
  multiply(c.x, c.y, direct, batch, m, k, n, true);
  assert.deepEqual(new Uint32Array(direct.buffer), new Uint32Array(before[0]!.buffer));
});
