/**
 * Backbones shared with job threads: a job thread whose backbone the server's thread has
 * (same id) sends its cache misses to the server's thread and loads no model of its own; the
 * fit it makes predicts exactly as the same fit made in this thread; a job that finds its
 * texts in the store's cache sends nothing; a failure there comes back as the job's error.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackbone } from '../../src/backbones/index.js';
import type { Backbone, EmbedOptions } from '../../src/backbones/index.js';
import { BackboneError } from '../../src/core/index.js';
import type { Progress } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { JobThreads } from '../../src/jobs/index.js';
import type { CallResults, JobContext } from '../../src/jobs/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';

const WORDS = [['rain', 'storm', 'wind', 'snow'], ['oven', 'flour', 'sauce', 'spice']];
const data = (n: number, tag: string) => datasetFromExamples(['weather', 'cooking'].flatMap((label, c) => Array.from({ length: n }, (_, i) => ({
  id: `${label}-${i}`, text: `${WORDS[c]![i % 4]} ${WORDS[c]![(i + 1) % 4]} ${tag} ${i}`, label, line: c * n + i + 2,
}))), { source: `${tag}.jsonl` });
const fit = { task: 'topics', strategy: 'logistic', backbone: 'use-lite', seed: 3, folds: 3 } as const;

/**
 * The server thread's "use-lite": use-lite's id and width, vectors from hashing (no model to
 * load in a test), so that a vector made anywhere else would differ from these.
 */
function serverModel(): Backbone & { asked: number[] } {
  const inner = createBackbone('hashing?dim=512');
  const asked: number[] = [];
  return {
    id: 'use-lite@1', dim: 512, asked,
    async embed(texts: readonly string[], opts?: EmbedOptions) {
      asked.push(texts.length);
      const M = await inner.embed(texts);
      // a first batch done: the cache reports the pass's end itself, not this
      opts?.onProgress?.({ phase: 'embed', done: 1, total: texts.length, unit: 'texts' });
      return M;
    },
    close: () => inner.close(),
  };
}

const model = serverModel();
let fail = false;
const home = mkdtempSync(join(tmpdir(), 'graft-shared-'));
const threads = new JobThreads({ home }, {
  shared: {
    ids: ['use-lite@1'],
    embed: (id, texts, opts) => {
      assert.equal(id, 'use-lite@1');
      if (fail) return Promise.reject(new BackboneError('USE-lite failed to embed a batch: out of memory'));
      return model.embed(texts, opts);
    },
  },
});
after(() => threads.close());

function context(): JobContext & { seen: Progress[] } {
  const seen: Progress[] = [];
  return { signal: new AbortController().signal, onProgress: (p) => seen.push(p), seen };
}

test('a fit in a job thread embeds on the server thread\'s model and predicts as the same fit made here', async () => {
  const job = context();
  const there = await threads.run({ op: 'fit', dataset: data(10, 'a'), options: fit }, job) as CallResults['fit'];
  assert.deepEqual(model.asked, [20], 'every text of the job was embedded by the server\'s thread: the job thread had no model of its own');
  assert.ok(job.seen.some((p) => p.phase.startsWith('embed') && p.done === 1), `the model's progress comes through: ${JSON.stringify(job.seen.slice(0, 3))}`);

  const here = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-shared-')), backbones: (name) => (name === 'use-lite' ? serverModel() : createBackbone(name)) });
  const server = openWorkspace({ home, backbones: (name) => (name === 'use-lite' ? serverModel() : createBackbone(name)) });
  try {
    const mine = await here.fit(data(10, 'a'), fit);
    assert.deepEqual([there.dataHash, there.cv?.metrics], [mine.dataHash, mine.cv?.metrics]);
    const texts = ['rain storm', 'flour sauce', 'snow oven'];
    const a = await server.predict('topics', texts);
    const b = await here.predict('topics', texts);
    assert.deepEqual(a.predictions, b.predictions);
  } finally {
    await here.close();
    await server.close();
  }
});

test('a job whose texts are in the store\'s cache asks the server\'s thread for nothing', async () => {
  model.asked.length = 0;
  await threads.run({ op: 'fit', dataset: data(10, 'a'), options: { ...fit, strategy: 'centroid' } }, context());
  assert.deepEqual(model.asked, []);
});

test('a failure on the server thread\'s model fails the job with its class and message', async () => {
  fail = true;
  try {
    await assert.rejects(threads.run({ op: 'fit', dataset: data(10, 'new'), options: fit }, context()),
      (e: unknown) => e instanceof BackboneError && /out of memory/.test(e.message));
  } finally {
    fail = false;
  }
});
