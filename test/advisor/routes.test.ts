/** The cost model against values computed by hand from the constants table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRoutes, gpuCost, loraParams, tokensPerText, epochsFor, cpuLatencyMs } from '../../src/advisor/index.js';

const close = (a: number, b: number, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)), `${a} ≈ ${b}`);

test('tokens per text: characters ÷ 4 rounded up, plus 2 special tokens, at most 512', () => {
  assert.equal(tokensPerText(['a'.repeat(40)]), 12);
  assert.equal(tokensPerText(['a'.repeat(4000)]), 512);
  assert.equal(tokensPerText(['abc', 'a'.repeat(40)]), (3 + 12) / 2);
  assert.equal(tokensPerText([]), 0);
});

test('training compute, GPU-hours and money of full fine-tuning, by hand', () => {
  // 1,000 examples × 50 tokens, 20 epochs (small data), RoBERTa-base (125M):
  // FLOPs = 6 × 125e6 × 50,000 × 20 = 7.5e14; per run 7.5e14 / (312e12 × 0.3) s = 8.0128 s = 0.0022258 h;
  // 4 runs × (0.0022258 + 0.25 h overhead) = 1.0089 GPU-hours; × $4.10 = $4.1365.
  const c = gpuCost(125e6, 6, 50_000, 20, 4.1);
  assert.equal(c.flops, 7.5e14);
  close(c.gpuHours, 4 * (7.5e14 / (312e12 * 0.3) / 3600 + 0.25));
  close(c.gpuHours, 1.008903, 1e-5);
  close(c.usd, 4.136503, 1e-5);
  assert.equal(c.trials, 4);
  assert.equal(epochsFor(1000), 20);
  assert.equal(epochsFor(20_000), 3);
});

test('LoRA trainable parameters: rank-8 query and value factors of every layer plus the classifier', () => {
  // base, 4 classes: 2 × 12 × 8 × 2 × 768 = 294,912; classifier 768² + 768 + 768 × 4 + 4 = 593,668.
  assert.equal(loraParams('base', 4), 294_912 + 593_668);
  // large: 2 × 24 × 8 × 2 × 1024 = 786,432 (the LoRA paper's 0.8M) + 1024² + 1024 + 1024 × 2 + 2.
  assert.equal(loraParams('large', 2), 786_432 + 1_048_576 + 1024 + 2048 + 2);
});

test('every route for 1,000 rows of 50 tokens, 4 classes: hand-computed money, memory, latency', () => {
  const routes = estimateRoutes({ data: { rows: 1000, classes: 4, tokensPerExample: 50 }, graftAccuracy: 0.8, budgetUsd: 2, latencyMs: 100 });
  const by = Object.fromEntries(routes.map((r) => [r.id, r]));
  assert.deepEqual(Object.keys(by), ['finetune-base', 'lora-base', 'finetune-large', 'lora-large', 'hosted-api']);
  const base = by['finetune-base']!;
  close(base.money.trainingUsd, 4.136503, 1e-5);
  assert.equal(base.compute!.flops, 7.5e14);
  assert.equal(base.serving.memoryPerTaskBytes, 250e6, '125M parameters × 2 bytes per task');
  close(base.serving.latencyMs, 125, 1e-12); // 2 × 125e6 × 50 / 1e11 s
  close(cpuLatencyMs(355e6, 50), 355);
  assert.equal(base.withinBudget, false, '$4.14 > $2');
  assert.equal(base.withinLatency, false, '125 ms > 100 ms');
  const lora = by['lora-base']!;
  assert.equal(lora.compute!.flops, 4.5 * 125e6 * 50_000 * 20);
  assert.equal(lora.serving.memoryPerTaskBytes, (294_912 + 593_668) * 2);
  assert.equal(lora.serving.sharedBytes, 250e6);
  const hosted = by['hosted-api']!;
  // 1,000 × (50 + 20) tokens × 3 epochs = 210,000 billed tokens at $3 per million = $0.63.
  close(hosted.money.trainingUsd, 0.63);
  // per 1,000 predictions: 1,000 × (70 × $0.30 + 3 × $1.20) / 1e6 = $0.0246.
  close(hosted.money.per1000PredictionsUsd!, 0.0246);
  assert.equal(hosted.withinBudget, true);
  assert.equal(hosted.withinLatency, false, '500 ms per prediction');
  assert.equal(hosted.compute, null);
  assert.ok(hosted.evidence.thin);
});

test('expected accuracy comes from graft\'s own accuracy: a better head leaves less to gain', () => {
  const at = (acc: number) => estimateRoutes({ data: { rows: 640, classes: 10, tokensPerExample: 30 }, graftAccuracy: acc }).find((r) => r.id === 'finetune-large')!;
  const weak = at(0.6), strong = at(0.95);
  assert.ok(weak.expected.gain > strong.expected.gain);
  for (const r of [weak, strong]) {
    assert.ok(r.expected.range[0] <= r.expected.accuracy && r.expected.accuracy <= r.expected.range[1]);
    assert.ok(r.expected.range[1] <= 1);
  }
  assert.equal(estimateRoutes({ data: { rows: 5, classes: 2, tokensPerExample: 10 }, graftAccuracy: 0.7 }).find((r) => r.id === 'hosted-api')!.applicable, false, 'a hosted job needs 10 examples');
});
