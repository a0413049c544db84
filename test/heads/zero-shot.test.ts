import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Matrix } from '../../src/core/index.js';
import { createBackbone } from '../../src/backbones/index.js';
import { createStrategy, encodePrior, labelPrior, restoreHead } from '../../src/heads/index.js';
import { accuracy } from './toy-data.js';

const backbone = createBackbone('use-lite', { workers: 1 });
after(() => backbone.close());

const labels = ['sports', 'cooking', 'weather'];
const texts: [string, number][] = [
  ['The striker scored twice in the final minutes of the match.', 0],
  ['Our team won the championship after extra time.', 0],
  ['The tennis player served an ace to win the set.', 0],
  ['The goalkeeper saved a penalty in the second half.', 0],
  ['The marathon runner crossed the line in record time.', 0],
  ['Whisk the eggs with sugar, then fold in the flour.', 1],
  ['Simmer the tomato sauce for twenty minutes with garlic.', 1],
  ['Bake the bread at two hundred degrees until golden.', 1],
  ['Season the chicken and roast it with potatoes.', 1],
  ['Chop the onions finely and fry them in butter.', 1],
  ['Heavy rain and strong winds are expected tomorrow.', 2],
  ['A sunny afternoon with temperatures reaching thirty degrees.', 2],
  ['Snow is forecast for the mountains overnight.', 2],
  ['A thunderstorm warning has been issued for the coast.', 2],
  ['Fog will clear by midday, leaving cloudy skies.', 2],
];

test('zero-shot from label names alone is well above chance on a small labelled set', async () => {
  const prior = await labelPrior(backbone, labels);
  const head = createStrategy('zero-shot', { prior: encodePrior(prior, labels) }).priorOnly(labels);
  const X = await backbone.embed(texts.map((t) => t[0]));
  const y = Int32Array.from(texts, (t) => t[1]);
  const acc = accuracy(head.predictProba(X), y);
  assert.ok(acc >= 0.8, `zero-shot accuracy ${acc} (chance is 1/3)`);
  const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
  assert.deepEqual(again.predictProba(X).data, head.predictProba(X).data);
});

test('the prior fades as examples arrive: with many examples the names barely matter', async () => {
  // a deliberately misleading prior: each label's vector is another label's name
  const wrong = await labelPrior(backbone, ['cooking', 'weather', 'sports']);
  const enc = encodePrior(wrong, labels);
  const dim = wrong.cols;
  // examples: each label's true name embedding, repeated n times
  const truth = await labelPrior(backbone, labels);
  const rows = (n: number): { X: Matrix; y: Int32Array } => {
    const idx = Array.from({ length: 3 * n }, (_, i) => i % 3);
    return { X: truth.selectRows(idx), y: Int32Array.from(idx) };
  };
  const s = createStrategy('zero-shot', { prior: enc, priorWeight: 4 });
  const few = await s.fit(rows(1).X, rows(1).y, { seed: 1, labels });
  const many = await s.fit(rows(40).X, rows(40).y, { seed: 1, labels });
  assert.equal(few.dim, dim);
  assert.ok(accuracy(few.predictProba(truth), Int32Array.from([0, 1, 2])) < 1, 'one example cannot outvote a prior worth 4');
  assert.equal(accuracy(many.predictProba(truth), Int32Array.from([0, 1, 2])), 1);
  assert.ok((many.diagnostics.chosen!.meanPriorShare as number) < 0.1);
});

test('zero-shot refuses a missing prior with a message saying how to build one', () => {
  assert.throws(() => createStrategy('zero-shot', {} as never), /labelPrior\(backbone, labels\)/);
});
