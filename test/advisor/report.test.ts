/** The advice as terminal text and as a section of the self-contained HTML report. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, DomUtils } from 'htmlparser2';
import { formatAdvice, formatAdviceBrief, parseAdvice, renderAdviceHtml } from '../../src/advisor/index.js';
import { advice, bakeoffResult } from './bakeoff-fixture.js';

test('the terminal summary leads with the decision and shows every part', () => {
  const a = advice();
  const text = formatAdvice(a);
  assert.match(text, new RegExp(`^Should you fine-tune\\? mail: 500 labelled rows, 2 labels`));
  assert.ok(text.includes(`Decision: ${a.decision.headline}`));
  for (const part of ['Privacy: 8.0% of 500 texts hold private data (EMAIL 30, PHONE 25)', 'Measured (bake-off run', 'More data (proportional learning curve', 'Fine-tuning, estimated (13 published', 'full fine-tuning of RoBERTa-large', 'target 92.0%']) {
    assert.ok(text.includes(part), part);
  }
  // The forecast's header names the curve families it blends, with their weights (not one formula it no longer uses).
  const header = text.split('\n').find((l) => l.startsWith('More data'))!;
  assert.doesNotMatch(header, /n\^/);
  for (const w of a.curve.forecast.families.filter((x) => Math.round(100 * x.weight) > 0)) assert.ok(header.includes(`${w.family} ${Math.round(100 * w.weight)}%`), header);
  const brief = formatAdviceBrief(a);
  assert.ok(brief.split('\n').length <= 5, 'a few lines for the demo');
  assert.ok(brief.startsWith(`Should you fine-tune? ${a.decision.headline}`));
});

test('the HTML page: the advice section first, the chart with band, target and fine-tuning range, the JSON embedded', () => {
  const a = advice();
  const html = renderAdviceHtml(a, bakeoffResult(), { runId: 'r1' });
  const doc = parseDocument(html);
  const sections = DomUtils.getElementsByTagName('section', doc).map((s) => s.attribs.id);
  assert.equal(sections[0], 'advice', 'the advice comes before the bake-off sections');
  assert.ok(sections.includes('leaderboard'));
  const advice1 = DomUtils.getElementsByTagName('section', doc)[0]!;
  const svg = DomUtils.getElementsByTagName('svg', advice1);
  assert.equal(svg.length, 1, 'one chart');
  const legend = DomUtils.textContent(advice1);
  for (const s of ['measured (proportional curve)', 'extrapolated (95% band)', 'target 92.0%', 'expected range at this data size']) assert.ok(legend.includes(s), s);
  assert.ok(DomUtils.getElementsByTagName('polygon', svg[0]!).length >= 2, 'the extrapolation band and the fine-tuning range are shaded');
  const json = DomUtils.getElementsByTagName('script', doc).find((s) => s.attribs.id === 'graft-advice')!;
  assert.deepEqual(parseAdvice(JSON.parse(DomUtils.textContent(json))), a);
  assert.ok(!/<script(?![^>]*application\/json)/.test(html), 'no executable script');
});
