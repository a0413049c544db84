import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { Matrix, Rng } from '../../src/core/index.js';
import { runBakeoff } from '../../src/eval/bakeoff.js';
import type { BakeoffResult } from '../../src/eval/bakeoff-result.js';
import { renderBakeoffHtml } from '../../src/eval/report/html.js';
import { formatBakeoffSummary } from '../../src/eval/report/terminal.js';
import { MeanStrategy, MemoriseStrategy } from './doubles.js';

const labels = ['<b>bold</b>', 'beta', 'gamma', 'out'];

function blobs(seed: number, perClass: number, oodRows: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const n = perClass * 3 + oodRows;
  const X = new Matrix(n, 5);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i < perClass * 3 ? i % 3 : 3;
    y[i] = c;
    for (let j = 0; j < 5; j++) X.set(i, j, (j === c ? 1.5 : 0) + (c === 3 && j === 4 ? 4 : 0) + 0.6 * rng.normal());
  }
  return { X, y };
}

/** The memorising double with a capacity knob set high, for the verdict to judge. */
class KnobStrategy extends MemoriseStrategy {
  override readonly params = { C: 10 };
}

let cached: BakeoffResult | undefined;
async function result(): Promise<BakeoffResult> {
  const tr = blobs(1, 40, 10), te = blobs(2, 30, 15);
  cached ??= await runBakeoff({
    labels, yTrain: tr.y, yTest: te.y, seed: 1, seeds: 5, oodLabel: 'out',
    embeddings: [{ backbone: 'toy@1', train: tr.X, test: te.X }],
    strategies: { mean: new MeanStrategy(), memorise: new KnobStrategy() },
    // memorise's "C": small values fall back to class means, large ones memorise; it uses C = 10
    regularizationPaths: [{ strategy: 'memorise', param: 'C', values: [0.1, 1, 10], make: (C) => (C < 10 ? new MeanStrategy() : new MemoriseStrategy()), capacity: 'grows', advice: 'a smaller C' }],
  });
  return cached;
}

const byClass = (root: Element, tag: string, cls: string): Element[] =>
  DomUtils.findAll((e) => e.name === tag && (e.attribs.class ?? '').split(' ').includes(cls), [root]);
const tags = (root: Element, tag: string): Element[] => DomUtils.findAll((e) => e.name === tag, [root]);

test('HTML report has every section with its charts, and is self-contained', async () => {
  const r = await result();
  const html = renderBakeoffHtml(r, { runId: 'run-1', dataHash: 'abc123', versions: { graft: '0.1.0' } });
  const doc = parseDocument(html);
  const section = (id: string): Element => {
    const s = DomUtils.findOne((e) => e.name === 'section' && e.attribs.id === id, doc.children);
    assert.ok(s, `section #${id} is present`);
    assert.ok(tags(s, 'h2').length === 1, `#${id} has a heading`);
    return s;
  };
  const lb = section('leaderboard');
  assert.equal(tags(lb, 'tbody')[0]!.children.filter((c) => (c as Element).name === 'tr').length, 2);
  assert.match(DomUtils.textContent(lb), /memorise.*overfitting/);
  assert.match(DomUtils.textContent(section('significance')), /mean · toy@1 beats memorise · toy@1/);
  const curves = section('learning-curves');
  assert.equal(tags(curves, 'svg').length, 1);
  assert.ok(byClass(curves, 'polygon', 'band').length >= 2, 'CI bands drawn');
  assert.ok(byClass(curves, 'polyline', 'dashed').length >= 1, 'extrapolation drawn');
  assert.equal(tags(tags(curves, 'ul')[0]!, 'li').length, 2);
  const over = section('overfitting');
  assert.equal(tags(over, 'svg').length, 1, 'regularization path chart');
  assert.match(DomUtils.textContent(over), /memorise overfits: held-out accuracy falls from .* at C = 0\.1 to 33\.3% at C = 10.*try a smaller C/);
  assert.match(DomUtils.textContent(over), /mean · toy@1.*a gap alone does not show overfitting/);
  const cal = section('calibration');
  assert.equal(tags(cal, 'svg').length, 4, 'before and after for each entry');
  assert.ok(byClass(cal, 'rect', 'bar').length > 0);
  const conf = section('confusion');
  const firstHeatmap = tags(conf, 'svg')[0]!;
  assert.equal(byClass(firstHeatmap, 'rect', 'cell').length, 9);
  const pc = section('per-class');
  assert.equal(byClass(pc, 'rect', 'fbar').length, 3);
  const ood = section('ood');
  assert.equal(byClass(ood, 'line', 'threshold').length, 1);
  assert.ok(byClass(ood, 'rect', 'hbar').length > 0);
  assert.match(DomUtils.textContent(ood), /AUROC/);
  section('warnings');
  // A label is text, never markup.
  assert.equal(DomUtils.findAll((e) => e.name === 'b' && DomUtils.textContent(e) === 'bold', doc.children).length, 0);
  assert.match(DomUtils.textContent(pc), /<b>bold<\/b>/);
  // Self-contained: no external scripts, styles, images or links to the network.
  for (const e of DomUtils.findAll(() => true, doc.children)) {
    for (const [k, v] of Object.entries(e.attribs)) {
      assert.ok(!(/^(src|href|xlink:href)$/.test(k)), `<${e.name} ${k}="${v}"> loads something`);
      assert.doesNotMatch(v, /https?:\/\//);
    }
  }
  // The same numbers as JSON.
  const data = DomUtils.findOne((e) => e.name === 'script' && e.attribs.id === 'graft-result', doc.children)!;
  assert.equal(data.attribs.type, 'application/json');
  assert.deepEqual(JSON.parse(DomUtils.textContent(data)).result, r);
});

test('terminal summary names the winner, flags overfitting and reports OOD', async () => {
  const text = formatBakeoffSummary(await result());
  const lines = text.trim().split('\n');
  assert.ok(lines.length < 30);
  assert.match(lines[3]!, /^1 {2}mean/);
  assert.match(text, /memorise .*OVERFITTING/);
  assert.match(text, /OVERFITTING — toy@1: memorise overfits/);
  assert.doesNotMatch(text, /mean .*OVERFITTING/);
  assert.match(text, /Winner: mean on toy@1 beats memorise/);
  assert.match(text, /OOD \(toy@1\): knn.*AUROC/);
});

test('a stored clamped interval (older runs) is never printed: "no reliable extrapolation" and its warning instead', async () => {
  const r = structuredClone(await result());
  const warning = 'curve parameters are not identifiable from these points (flat curve); intervals are wide';
  r.entries[0]!.extrapolation = {
    a: 1, b: 0.2, c: 0.5, available: 300, moreDataHelps: false, warnings: [warning],
    current: { n: 300, mean: 0.9999, ci95: [1, 1] }, at2x: { n: 600, mean: 0.99995, ci95: [1, 1] }, at10x: { n: 3000, mean: 0.99999, ci95: [1, 1] },
    sentence: 'More data would not move this much: 10× the data is predicted to reach 100.0% (95% CI 100.0%–100.0%), vs 100.0% now',
  };
  const page = renderBakeoffHtml(r).replace(/<script type="application\/json"[\s\S]*?<\/script>/, ''); // the stored run, as data
  for (const text of [formatBakeoffSummary(r), DomUtils.textContent(parseDocument(page))]) {
    assert.doesNotMatch(text, /100\.0%[–-] ?100\.0%/);
    assert.match(text, /No reliable extrapolation/);
    assert.ok(text.includes(warning), 'the stored warning is shown');
  }
});
