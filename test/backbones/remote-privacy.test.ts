/**
 * Privacy at the border: texts sent to a remote backbone leave the machine, so the privacy
 * stage runs before every one. A recording fake endpoint on 127.0.0.1 sees every text.
 */
import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivacyError } from '../../src/core/index.js';
import { formatBackboneSpec } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { ExampleInput } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { FakeOpenAi } from './fake-openai.js';
import { formatEmbedStats } from '../../src/cli/format.js';

const SECRETS = ['zelda.quux@example.org', '+1 415 555 0132', '4111 1111 1111 1111'];
const fake = await FakeOpenAi.start();
after(() => fake.close());
beforeEach(() => fake.reset());

const remote = formatBackboneSpec({ kind: 'openai', options: { model: 'fake-16', endpoint: fake.url, retryDelayMs: 1 } });

function data(): ExampleInput[] {
  const topics = { weather: ['rain', 'sunny', 'storm', 'wind'], cooking: ['oven', 'bake', 'flour', 'sauce'] };
  const out: ExampleInput[] = [];
  for (const [label, words] of Object.entries(topics)) {
    for (let i = 0; i < 8; i++) {
      let text = `${words[i % 4]} and ${words[(i + 1) % 4]} today ${i}`;
      if (i < 3) text += ` reach me at ${SECRETS[i]}`;
      out.push({ id: `${label}-${i}`, text, label });
    }
  }
  return out;
}

const sent = (): string[] => fake.requests.flatMap((r) => r.body.input);

function workspace() {
  return openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-border-')) });
}

for (const privacy of ['redact', 'pseudonymize'] as const) {
  test(`under ${privacy}, no raw private value reaches the endpoint: fit, predict, explain`, async () => {
    const ws = workspace();
    try {
      const ds = datasetFromExamples(data(), { source: 'border.jsonl' });
      const fit = await ws.fit(ds, { task: 't', backbone: remote, seed: 1, folds: 0, privacy });
      assert.equal(fit.privacy.policy, privacy);
      const u = fit.embedding.usage!;
      assert.ok(u.requests >= 1 && u.tokens > 0 && u.cost === null, 'every run reports what the endpoint was asked');
      assert.match(formatEmbedStats('embeddings', fit.embedding), /; \d+ requests?, \d+ tokens, cost unknown \(give --price\)$/);
      await ws.predict('t', [`storm coming, write to ${SECRETS[0]}`]);
      await ws.explain('t', [`bake with flour, call ${SECRETS[1]}`]);
      assert.ok(sent().length > 16, 'the endpoint saw the texts');
      for (const text of sent()) for (const s of SECRETS) assert.ok(!text.includes(s), `${privacy} sent ${JSON.stringify(text)}`);
    } finally {
      await ws.close();
    }
  });
}

test('refuse sends nothing when a text has findings; allow needs allowRemotePii', async () => {
  const ws = workspace();
  try {
    const ds = datasetFromExamples(data(), { source: 'border.jsonl' });
    await assert.rejects(ws.fit(ds, { task: 'r', backbone: remote, seed: 1, folds: 0, privacy: 'refuse' }), PrivacyError);
    await assert.rejects(ws.fit(ds, { task: 'a', backbone: remote, seed: 1, folds: 0, privacy: 'allow' }), (e: unknown) => {
      assert.ok(e instanceof PrivacyError);
      assert.match(e.message, /--privacy allow would send raw texts.*openai:fake-16.*--allow-remote-pii/);
      return true;
    });
    await assert.rejects(ws.evaluate(ds, { backbones: [remote], strategies: ['logistic'], folds: 2, seed: 1, privacy: 'allow' }), PrivacyError);
    assert.equal(fake.requests.length, 0, 'nothing left the machine');
    await ws.fit(ds, { task: 'a', backbone: remote, seed: 1, folds: 0, privacy: 'allow', allowRemotePii: true });
    assert.ok(sent().some((t) => t.includes(SECRETS[0]!)), 'with consent the raw texts go (and the fake would see them)');
    await ws.fit(ds, { task: 'l', backbone: 'hashing', seed: 1, folds: 0, privacy: 'allow' });
  } finally {
    await ws.close();
  }
});

test('a version keeps its backbone spec and predict reopens it, options and all', async () => {
  const ws = workspace();
  try {
    const spec = formatBackboneSpec({ kind: 'openai', options: { model: 'fake-16', endpoint: fake.url, dimensions: 8, retryDelayMs: 1 } });
    await ws.fit(datasetFromExamples(data(), { source: 'border.jsonl' }), { task: 's', backbone: spec, seed: 1, folds: 0 });
    fake.reset();
    const r = await ws.predict('s', ['storm and wind']);
    assert.equal(r.predictions.length, 1);
    assert.deepEqual(fake.requests.map((q) => q.body.dimensions), [8], 'predict asked with the stored dimensions');
    const detail = await ws.task('s');
    assert.deepEqual(detail.versions.at(-1)!.backboneSpec, [{ kind: 'openai', options: { model: 'fake-16', endpoint: fake.url, dimensions: 8, retryDelayMs: 1 } }]);
  } finally {
    await ws.close();
  }
});
