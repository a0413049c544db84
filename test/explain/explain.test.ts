import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashingBackbone } from '../../src/backbones/index.js';
import { createStrategy } from '../../src/heads/index.js';
import { explainText, formatExplanation, wordSpans } from '../../src/explain/index.js';

const fillers = ['please', 'could you', 'i would like', 'help me with', 'today', 'my order', 'the account', 'thanks'];
function corpus(): { texts: string[]; labels: string[] } {
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < 80; i++) {
    const a = fillers[i % fillers.length]!, b = fillers[(i * 3 + 1) % fillers.length]!;
    const refund = i % 2 === 0;
    texts.push(refund ? `${a} refund ${b}` : `${a} ${b}`);
    labels.push(refund ? 'refund' : 'other');
  }
  return { texts, labels };
}

test('word spans keep offsets and inner apostrophes', () => {
  assert.deepEqual(wordSpans("Don't stop, 42!").map((s) => [s.word, s.start, s.end]), [["Don't", 0, 5], ['stop', 6, 10], ['42', 12, 14]]);
});

test('occlusion puts the one decisive word first, and the attributions add up sensibly', async () => {
  const backbone = new HashingBackbone({ dim: 1024 });
  const { texts, labels } = corpus();
  const X = await backbone.embed(texts);
  const labelOrder = ['other', 'refund'];
  const head = await createStrategy('logistic', { C: 10 }).fit(X, Int32Array.from(labels, (l) => labelOrder.indexOf(l)), { seed: 1, labels: labelOrder });
  const e = await explainText(backbone, head, 'could you refund my order today', { reference: { X, labels, texts }, neighbours: 3 });
  assert.equal(e.label, 'refund');
  const sorted = [...e.attributions].sort((a, b) => b.delta - a.delta);
  assert.equal(sorted[0]!.word, 'refund');
  const positive = e.attributions.filter((a) => a.delta > 0).reduce((s, a) => s + a.delta, 0);
  const others = e.attributions.filter((a) => a.word !== 'refund').reduce((s, a) => s + Math.abs(a.delta), 0);
  // removing "refund" loses most of the prediction; the other words together matter far less
  assert.ok(sorted[0]!.delta > 0.3, `refund delta ${sorted[0]!.delta}`);
  assert.ok(sorted[0]!.delta >= 0.8 * positive);
  assert.ok(others < 0.5 * sorted[0]!.delta, `other words ${others}`);
  // no single removal can lose more than the whole probability
  for (const a of e.attributions) assert.ok(a.delta <= e.probability + 1e-6);
  assert.equal(e.neighbours.length, 3);
  assert.ok(e.neighbours.every((n) => n.label === 'refund' && n.text!.includes('refund')));
  assert.ok(e.labelSimilarity!.refund! > e.labelSimilarity!.other!);
  const table = formatExplanation(e);
  assert.match(table, /→ refund/);
  assert.match(table, /refund\s+\+\d/);
  assert.match(table, /nearest training examples/);
});
