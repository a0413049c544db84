import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PrivacyError, UsageError } from '../../src/core/index.js';
import { detect, loadNer } from '../../src/privacy/index.js';
import { OnnxNerStage } from '../../src/privacy/ner/onnx.js';
import { words } from '../../src/privacy/ner/words.js';

const DIR = fileURLToPath(new URL('./fixtures/tiny-ner', import.meta.url));
const ref = JSON.parse(readFileSync(`${DIR}/reference.json`, 'utf8')) as { texts: string[]; ids: number[][]; truncated: boolean[]; logits: number[][][] };
const LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG'];
const TYPES: Record<string, string> = { PER: 'PERSON', LOC: 'LOCATION', ORG: 'ORGANIZATION' };
const stage = (await loadNer(`onnx:${DIR}`)) as OnnxNerStage;

test('NER stage: each word tokenized alone gives the reference tokenizer\'s ids', () => {
  ref.texts.forEach((text, i) => {
    if (ref.truncated[i]) return;
    const ids = words(text).flatMap((w) => stage.tokens(text.slice(w.start, w.end)));
    assert.deepEqual(ids, ref.ids[i]!.slice(1, -1), JSON.stringify(text));
  });
});

test('NER stage: logits match the independent numpy forward pass within 1e-5, alone and in a padded batch', async () => {
  const seqs = ref.ids.map((ids) => ids.slice(1, -1));
  for (const batch of [seqs.map((s) => [s]), [seqs]]) {
    let k = 0;
    for (const b of batch) {
      const out = await stage.logits(b);
      for (const rows of out) {
        const want = ref.logits[k++]!;
        assert.equal(rows.length, want.length);
        rows.forEach((row, j) => row.forEach((x, c) => assert.ok(Math.abs(x - want[j]![c]!) <= 1e-5, `text ${k - 1} token ${j} label ${c}: ${x} vs ${want[j]![c]}`)));
      }
    }
  }
});

/** The entities the reference logits imply: a word's label is its first token's argmax; B starts, I of the same type continues. */
function expected(i: number): Array<{ type: string; start: number; end: number }> {
  const text = ref.texts[i]!;
  const out: Array<{ type: string; start: number; end: number }> = [];
  let pos = 1;
  let open: { type: string; start: number; end: number } | undefined;
  for (const w of words(text)) {
    const row = ref.logits[i]![pos]!;
    pos += stage.tokens(text.slice(w.start, w.end)).length;
    const label = LABELS[row.indexOf(Math.max(...row))]!;
    const type = TYPES[label.slice(2)];
    if (!type) {
      open = undefined;
      continue;
    }
    if (open && open.type === type && label.startsWith('I-')) open.end = w.end;
    else out.push((open = { type, start: w.start, end: w.end }));
  }
  return out.filter((e) => /[\p{L}\p{N}]/u.test(text.slice(e.start, e.end)));
}

test('NER stage: prepare() then findings() decode the model\'s labels into entities with exact offsets', async () => {
  const texts = ref.texts.filter((_, i) => !ref.truncated[i]);
  await stage.prepare(texts);
  let entities = 0;
  ref.texts.forEach((text, i) => {
    if (ref.truncated[i]) return;
    const got = stage.findings(text).map((f) => ({ type: f.type, start: f.start, end: f.end }));
    assert.deepEqual(got, expected(i), JSON.stringify(text));
    entities += got.length;
    for (const f of stage.findings(text)) assert.ok(f.confidence > 0 && f.confidence <= 1 && f.rule === 'ner.model');
  });
  assert.ok(entities > 0, 'the fixture\'s random weights label some words as entities');
});

test('NER stage: detect() merges the prepared findings, and refuses a text prepare() did not see', async () => {
  const text = ref.texts.find((t, i) => !ref.truncated[i] && expected(i).length > 0)!;
  await stage.prepare([text]);
  const types = new Set(stage.findings(text).map((f) => f.type));
  const found = detect(text, { ner: stage, minConfidence: 0 });
  assert.ok(found.some((f) => types.has(f.type) && f.rule.startsWith('ner.model')));
  assert.throws(() => detect('a text never prepared', { ner: stage }), (e: unknown) => e instanceof PrivacyError && /has not seen this text/.test((e as Error).message));
  // Without the stage, the rules run as before.
  assert.ok(!detect(text).some((f) => f.rule.startsWith('ner.')));
});

test('NER stage: long texts are cut into windows at word boundaries; offsets stay in the text', async () => {
  const small = (await loadNer(`onnx:${DIR}`, { maxTokens: 12, batchSize: 2 })) as OnnxNerStage;
  const long = ref.texts.reduce((a, b) => (b.length > a.length ? b : a));
  await small.prepare([long, long]);
  for (const f of small.findings(long)) {
    assert.ok(f.start >= 0 && f.end <= long.length && f.start < f.end);
    assert.ok(words(long).some((w) => w.start === f.start) && words(long).some((w) => w.end === f.end));
  }
  await small.dispose();
});

test('NER stage: a bad spec or folder is a UsageError that says what to give', async () => {
  await assert.rejects(loadNer('bert-ner'), (e: unknown) => e instanceof UsageError && /onnx:<folder>/.test((e as Error).message));
  await assert.rejects(loadNer(`onnx:${DIR}/onnx`), (e: unknown) => e instanceof UsageError && /lacks config\.json, tokenizer\.json/.test((e as Error).message));
});

test('graft scan --regions --ner: national numbers of the regions only, and the model over every field', async () => {
  const { graftInProcess: graft } = await import('../cli/in-process.js');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/graft-scan-ner-`);
  writeFileSync(`${dir}/notes.txt`, `ref 01 56 77 01 20\n${ref.texts[0]}\n`);
  const us = await graft(dir, ['scan', 'notes.txt', '--json', '--regions', 'US']);
  assert.equal(us.code, 0, us.err);
  assert.equal(JSON.parse(us.out).byType.PHONE, undefined);
  const fr = await graft(dir, ['scan', 'notes.txt', '--json', '--regions', 'us,fr', '--ner', `onnx:${DIR}`, '--min-confidence', '0']);
  assert.equal(fr.code, 0, fr.err);
  const report = JSON.parse(fr.out);
  assert.equal(report.byType.PHONE, 1);
  assert.ok(report.samples.some((s: { rule: string }) => s.rule.startsWith('ner.model')), fr.out);
  const bad = await graft(dir, ['scan', 'notes.txt', '--regions', 'US,QQ']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /Unknown region 'QQ'/);
});
