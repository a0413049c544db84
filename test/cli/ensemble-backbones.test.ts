/**
 * An ensemble across backbones through the CLI: `--backbone use-lite,hashing --strategy ensemble`.
 * Uses use-lite (unavoidable: it is the only other backbone), on 40 short texts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from './in-process.js';

test('ensemble across use-lite and hashing: stored backbone list, fallback to the member it does not beat, said in the output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-ens-'));
  try {
    const words = ['please', 'today', 'my account', 'thanks', 'the order', 'could you', 'right now', 'again'];
    const lines = Array.from({ length: 40 }, (_, i) => {
      const refund = i % 2 === 0;
      return JSON.stringify({ text: `${words[i % 8]} ${refund ? 'refund' : 'hello'} ${words[(i * 3 + 1) % 8]}`, label: refund ? 'refund' : 'other' });
    });
    writeFileSync(join(dir, 'd.jsonl'), lines.join('\n') + '\n');

    const wrong = await graftInProcess(dir, ['fit', 'd.jsonl', '--task', 'support', '--backbone', 'use-lite,hashing', '--strategy', 'logistic']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /combined by an ensemble with one member per backbone: add --strategy ensemble \(not logistic\)/);

    const fit = await graftInProcess(dir, ['fit', 'd.jsonl', '--task', 'support', '--backbone', 'use-lite,hashing', '--strategy', 'ensemble', '--folds', '0', '--json']);
    assert.equal(fit.code, 0, fit.err);
    const r = JSON.parse(fit.out);
    assert.match(r.backbone, /^use-lite@[^+]+\+hashing@/);
    assert.deepEqual(r.ensemble.members, ['logistic on use-lite', 'logistic on hashing']);
    // both members are perfect on this data: the ensemble cannot win, so one member predicts alone
    assert.equal(r.ensemble.chosen, 'member');
    assert.ok(r.ensemble.p >= 0.05);
    assert.ok(r.ensemble.members.includes(r.ensemble.member));

    const again = await graftInProcess(dir, ['fit', 'd.jsonl', '--task', 'support', '--backbone', 'use-lite,hashing', '--strategy', 'ensemble', '--folds', '0']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /ensemble on use-lite@\S+\+hashing@\S+, 40 examples/);
    assert.match(again.out, /ensemble not kept: logistic on (use-lite|hashing) predicts alone — the ensemble did not beat it significantly \(one-sided McNemar p = [\d.]+, needs < 0\.05/);

    const p = await graftInProcess(dir, ['predict', '--task', 'support', '--json', 'could you refund the order', 'hello again']);
    assert.equal(p.code, 0, p.err);
    const pr = JSON.parse(p.out);
    assert.equal(pr.backbone, r.backbone);
    assert.deepEqual(pr.predictions.map((x: { label: string }) => x.label), ['refund', 'other']);

    // a task's backbones are fixed like its labels
    const one = await graftInProcess(dir, ['fit', 'd.jsonl', '--task', 'support', '--backbone', 'hashing', '--folds', '0']);
    assert.equal(one.code, 2);
    assert.match(one.err, /its backbone is "use-lite@\S+\+hashing@\S+", not "hashing@/);

    const ex = await graftInProcess(dir, ['predict', '--task', 'support', '--explain', 'refund please']);
    assert.equal(ex.code, 0, ex.err);
    assert.match(ex.out, /→ refund/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
