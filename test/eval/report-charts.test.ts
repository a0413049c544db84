import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { Rng } from '../../src/core/index.js';
import { heatmap, lineChart, reliabilityChart, PAGE_WIDTH } from '../../src/eval/report/svg.js';
import { formatLogTick, formatTick, logTicks, niceDomain, niceTicks, tickStep } from '../../src/eval/report/ticks.js';

const texts = (svg: string, cls: string): Element[] =>
  DomUtils.findAll((e) => e.name === 'text' && (e.attribs.class ?? '').split(' ').includes(cls), parseDocument(svg).children);
const label = (e: Element): string => DomUtils.textContent(e);

/** Round labels: whole multiples of a step that is 1, 2 or 5 times a power of ten (checked on the decimals shown). */
function assertRound(labels: readonly string[], what: string): void {
  assert.ok(labels.length >= 2, `${what}: at least two ticks`);
  const decimals = Math.max(...labels.map((l) => (l.split('.')[1] ?? '').length));
  const scaled = (l: string): bigint => {
    const [whole, frac = ''] = l.replace('-', '').split('.');
    const v = BigInt(whole! + frac.padEnd(decimals, '0'));
    return l.startsWith('-') ? -v : v;
  };
  const ints = labels.map(scaled);
  const step = ints[1]! - ints[0]!;
  let m = step;
  while (m % 10n === 0n) m /= 10n;
  assert.ok([1n, 2n, 5n].includes(m), `${what}: step of ${labels[0]} → ${labels[1]}`);
  ints.forEach((v, i) => {
    assert.equal(v % step, 0n, `${what}: ${labels[i]} is a multiple of the step`);
    if (i > 0) assert.equal(v - ints[i - 1]!, step, `${what}: even steps`);
  });
}

test('linear ticks are round and their labels distinct, over many ranges', () => {
  const rng = new Rng(7);
  for (let t = 0; t < 300; t++) {
    const lo = rng.next() * 10 ** (rng.int(7) - 4);
    const hi = lo + rng.next() * 10 ** (rng.int(7) - 4) + 1e-9;
    const [a, b] = niceDomain(lo, hi, 5);
    assert.ok(a <= lo && b >= hi, 'the widened domain holds the data');
    const ticks = niceTicks(a, b, 5);
    const labels = ticks.map((v) => formatTick(v, tickStep(a, b, 5)));
    assertRound(labels, `[${lo}, ${hi}]`);
    assert.equal(new Set(labels).size, labels.length, `distinct labels for [${lo}, ${hi}]: ${labels.join(' ')}`);
    labels.forEach((l, i) => assert.ok(Math.abs(Number(l) - ticks[i]!) <= tickStep(a, b, 5) * 1e-6, `${l} reads as ${ticks[i]}`));
  }
});

test('log axes are labelled by their values: 0.001 … 100, not "0 0 0 1"', () => {
  assert.deepEqual(logTicks(0.001, 100).map((v) => formatLogTick(v)), ['0.001', '0.01', '0.1', '1', '10', '100']);
  assert.deepEqual(logTicks(24, 600).map((v) => formatLogTick(v)), ['50', '100', '200', '500']);
  assert.deepEqual(logTicks(100, 40000).map((v) => formatLogTick(v, { si: true })), ['100', '1k', '10k']);
  const path = lineChart([{ name: 'held-out', points: [0.001, 0.01, 0.1, 1, 10, 100].map((x, i) => ({ x, y: 0.7 + 0.03 * i })) }],
    { title: 'C path', xLabel: 'C', yLabel: 'accuracy', logX: true, yBounds: [0, 1] });
  const ticks = texts(path, 'tick').map(label);
  assert.ok(['0.001', '0.01', '0.1', '1', '10', '100'].every((t) => ticks.includes(t)), ticks.join(' '));
});

test('every chart\'s tick labels are distinct and round: learning curve, path, reliability', () => {
  const curve = lineChart([
    { name: 'logistic', points: [24, 48, 96, 192, 480].map((x, i) => ({ x, y: 0.61 + 0.07 * i, lo: 0.58 + 0.07 * i, hi: 0.64 + 0.07 * i })) },
    { name: 'knn', points: [24, 48, 96, 192, 480].map((x, i) => ({ x, y: 0.55 + 0.05 * i })) },
  ], { title: 'curve', xLabel: 'training examples', yLabel: 'held-out accuracy', logX: true, xCounts: true, yBounds: [0, 1] });
  const bins = Array.from({ length: 15 }, (_, i) => ({ lo: i / 15, hi: (i + 1) / 15, count: i * 3, accuracy: i / 15, confidence: (i + 0.5) / 15 }));
  for (const svg of [curve, reliabilityChart(bins, 'reliability')]) {
    for (const axis of ['xtick', 'ytick']) {
      const all = texts(svg, axis).map(label);
      assert.equal(new Set(all).size, all.length, `distinct: ${all.join(' ')}`);
      assert.ok(all.length >= 3 && all.every((l) => /^\d+(\.\d+)?k?$/.test(l)), `numbers only: ${all.join(' ')}`);
      if (axis === 'ytick') assertRound(all, `y axis ${all.join(' ')}`);
    }
  }
  assert.deepEqual(texts(curve, 'xtick').map(label), ['50', '100', '200']);
});

test('charts are laid out to the page width; reliability bars carry their bin counts', () => {
  const curve = lineChart([{ name: 's', points: [{ x: 1, y: 0.5 }, { x: 10, y: 0.6 }] }], { title: 't', xLabel: 'x', yLabel: 'y', logX: true });
  assert.match(curve, new RegExp(`viewBox="0 0 ${PAGE_WIDTH} `));
  const bins = [{ lo: 0.6, hi: 0.8, count: 7, accuracy: 0.5, confidence: 0.7 }, { lo: 0.8, hi: 1, count: 312, accuracy: 0.9, confidence: 0.93 }, { lo: 0, hi: 0.2, count: 0, accuracy: 0, confidence: 0 }];
  assert.deepEqual(texts(reliabilityChart(bins, 'r'), 'count').map(label), ['7', '312']);
});

test('a 77-class confusion matrix fits the page with a one-line header and every row named', () => {
  const labels = Array.from({ length: 77 }, (_, i) => `intent_number_${i}_card_arrival_and_more_words`);
  const m = labels.map((_, i) => labels.map((__, j) => (i === j ? 9 : (i + j) % 11 === 0 ? 1 : 0)));
  const svg = heatmap(m, labels, 'Confusion matrix');
  const doc = parseDocument(svg);
  const box = DomUtils.findOne((e) => e.name === 'svg', doc.children)!.attribs.viewbox!.split(' ').map(Number);
  assert.ok(box[2]! <= PAGE_WIDTH, `width ${box[2]}`);
  const cells = DomUtils.findAll((e) => e.name === 'rect' && e.attribs.class === 'cell', doc.children);
  assert.equal(cells.length, 77 * 77);
  const top = Math.min(...cells.map((c) => Number(c.attribs.y)));
  assert.ok(top <= 30, `the header above the cells is ${top} units high`);
  assert.ok(Number(cells[0]!.attribs.width) >= 8, 'cells stay readable');
  const rows = texts(svg, 'tick').filter((e) => !(e.attribs.class ?? '').includes('colnum')).map(label);
  assert.equal(rows.length, 77);
  assert.ok(rows.every((r, i) => r.startsWith(`${i + 1} intent_number_${i}`)), rows[5]);
  assert.equal(texts(svg, 'colnum').length, 77, 'every column numbered');
});
