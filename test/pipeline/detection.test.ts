/**
 * The workspace's detection settings (regions, an NER model) reach every path of the privacy
 * stage: a task's training texts and the inputs it later predicts, explains or embeds are
 * cleaned with the same settings, so what the backbone sees is what those settings leave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HashingBackbone } from '../../src/backbones/index.js';
import { UsageError } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { applyPrivacy, loadNer } from '../../src/privacy/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import type { DetectionSettings } from '../../src/pipeline/index.js';
import { CountingBackbone } from './counting-backbone.js';

const NER = `onnx:${fileURLToPath(new URL('../privacy/fixtures/tiny-ner', import.meta.url))}`;
const BERLIN = '030 12345678';
const LONDON = '020 7946 0958';

function examples(): Example[] {
  const out: Example[] = [];
  const topics: Record<string, string[]> = { rain: ['storm', 'cloud', 'wet', 'grey'], sun: ['warm', 'bright', 'dry', 'clear'] };
  for (const [label, words] of Object.entries(topics)) {
    for (let i = 0; i < 8; i++) {
      let text = `${words[i % 4]} ${words[(i + 1) % 4]} day ${i}`;
      if (i === 1) text += ` ruf ${BERLIN} an`;
      if (i === 2) text += ` call ${LONDON} now`;
      if (i === 3) text += ' Anna Schmidt walked to Berlin with Acme Corp';
      out.push({ id: `${label}-${i}`, text, label, line: out.length + 2 });
    }
  }
  return out;
}

const INPUTS = [`storm and rain, ruf ${BERLIN} an`, `warm and dry, call ${LONDON}`, 'Anna Schmidt met Peter Brown in Paris'];

/** Fits, predicts and embeds (and explains, whose word-removed variants are not whole texts) through a recording backbone. */
async function run(detection: DetectionSettings, explain = true): Promise<string[]> {
  const spy = new CountingBackbone(new HashingBackbone({ dim: 128 }), 'use-lite@spy');
  const ws = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-detection-')), backbones: () => spy, detection });
  try {
    await ws.fit(datasetFromExamples(examples(), { source: 'toy.jsonl' }), { task: 'weather', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 0 });
    await ws.predict('weather', INPUTS);
    if (explain) await ws.explain('weather', INPUTS.slice(0, 1));
    await ws.embed('use-lite', INPUTS.slice(1));
  } finally {
    await ws.close();
  }
  return spy.seen;
}

test('regions: the phone numbers a workspace reads are those of its regions, in training and at prediction', async () => {
  const usOnly = (await run({ regions: 'US' })).join('\n');
  assert.ok(usOnly.includes(BERLIN) && usOnly.includes(LONDON), 'with US alone, German and British national numbers are not phone numbers');
  const europe = (await run({ regions: ['de', 'gb'] })).join('\n');
  assert.ok(!europe.includes(BERLIN) && !europe.includes(LONDON), `with DE,GB both numbers are redacted: ${europe}`);
});

test('NER: the backbone sees each text as the rules plus the NER stage redact it', async () => {
  const seen = await run({ ner: NER }, false);
  const stage = await loadNer(NER);
  try {
    const texts = [...examples().map((e) => e.text), ...INPUTS];
    await stage.prepare(texts);
    const withNer = applyPrivacy(texts.map((text) => ({ text })), { policy: 'redact', ner: stage }).examples.map((e) => e.text);
    const rulesOnly = applyPrivacy(texts.map((text) => ({ text })), { policy: 'redact' }).examples.map((e) => e.text);
    assert.ok(withNer.some((t, i) => t !== rulesOnly[i]), 'the fixture model changes at least one text (else this test proves nothing)');
    for (const text of seen) assert.ok(withNer.includes(text), `the backbone got a text the NER settings would not leave: ${JSON.stringify(text)}`);
    for (const [i, t] of withNer.entries()) if (t !== rulesOnly[i]) assert.ok(!seen.includes(rulesOnly[i]!), `rules-only text reached the backbone: ${rulesOnly[i]}`);
  } finally {
    await stage.dispose();
  }
});

test('detection settings are checked when the workspace opens: an unknown region names the codes to give', () => {
  assert.throws(() => openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-detection-')), detection: { regions: 'XX' } }), (e: unknown) => e instanceof UsageError && /Unknown region 'XX'/.test(e.message));
});
