/** Multi-label tasks end to end through the CLI: JSONL lists and CSV separators, CV scores, label sets from predict. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from './in-process.js';

const WORDS: Record<string, string[]> = {
  billing: ['refund', 'charged', 'invoice', 'payment'],
  bug: ['crash', 'error', 'freezes', 'broken'],
  urgent: ['asap', 'immediately', 'urgent', 'emergency'],
};
const FILLER = ['please', 'my', 'account', 'the', 'app', 'today', 'hello', 'team', 'order', 'thanks'];
const COMBOS = [['billing'], ['bug'], ['billing', 'urgent'], ['bug', 'urgent'], ['billing', 'bug']];

/** 60 texts, each with one word of each of its labels among filler words. */
function rows(): { text: string; labels: string[] }[] {
  return Array.from({ length: 60 }, (_, i) => {
    const labels = COMBOS[i % COMBOS.length]!;
    const words = [...labels.map((l, k) => WORDS[l]![(i + k) % 4]!), FILLER[i % 10]!, FILLER[(i * 7 + 3) % 10]!, `n${i}`];
    return { text: words.join(' '), labels };
  });
}

test('multi-label from JSONL lists: fit reports micro/macro F1 and subset accuracy, predict gives label sets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-ml-'));
  try {
    writeFileSync(join(dir, 'tags.jsonl'), rows().map((r) => JSON.stringify(r)).join('\n') + '\n');
    const fit = await graftInProcess(dir, ['fit', 'tags.jsonl', '--task', 'tags', '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '3']);
    assert.equal(fit.code, 0, fit.err);
    assert.match(fit.out, /multi-label centroid on hashing/);
    assert.match(fit.out, /micro-F1 \d+\.\d% ± \d+\.\d%, macro-F1 .*subset accuracy/);
    assert.match(fit.out, /per-label F1: billing \d/);

    const js = await graftInProcess(dir, ['fit', 'tags.jsonl', '--task', 'tags', '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '3', '--json']);
    assert.equal(js.code, 0, js.err);
    const r = JSON.parse(js.out);
    assert.equal(r.version, 2);
    assert.equal(r.multiLabel, true);
    assert.deepEqual(r.labels, ['billing', 'bug', 'urgent']);
    assert.equal(r.multiLabelCv.folds, 3);
    assert.ok(r.multiLabelCv.microF1.mean > 0.8, `micro-F1 ${r.multiLabelCv.microF1.mean}`);
    assert.ok(r.multiLabelCv.subsetAccuracy.mean > 0.5, `subset accuracy ${r.multiLabelCv.subsetAccuracy.mean}`);
    assert.ok(r.multiLabelCv.subsetAccuracy.mean <= r.multiLabelCv.microF1.mean + 1e-9);

    const p = await graftInProcess(dir, ['predict', '--task', 'tags', '--json', 'the app crash, fix it immediately', 'I was charged twice, refund']);
    assert.equal(p.code, 0, p.err);
    const [a, b] = JSON.parse(p.out).predictions;
    assert.deepEqual([...a.labels].sort(), ['bug', 'urgent']);
    assert.deepEqual(b.labels, ['billing']);
    assert.deepEqual(Object.keys(a.probabilities), ['billing', 'bug', 'urgent']);
    for (const l of ['billing', 'bug', 'urgent']) {
      assert.equal(a.labels.includes(l), a.probabilities[l] >= a.thresholds[l], `label ${l}: set membership follows its threshold`);
    }
    assert.equal(a.label, a.labels.join('|'));

    const text = await graftInProcess(dir, ['predict', '--task', 'tags', 'the app crash, fix it immediately']);
    assert.match(text.out, /multi-label:\n\s+\{(bug, urgent|urgent, bug)\}/);
    assert.match(text.out, /\*bug \d+\.\d% \(≥ \d+%\)/);

    const tasks = await graftInProcess(dir, ['tasks']);
    assert.match(tasks.out, /tags\s+v2 of 2 .*multi-label, cv micro-F1 \d+\.\d%, subset accuracy/);

    // the same task from a CSV with a separator: same labels, new version
    const csv = ['text,label', ...rows().map((r) => `${r.text},${r.labels.join(' | ')}`)].join('\n');
    writeFileSync(join(dir, 'tags.csv'), csv + '\n');
    const c = await graftInProcess(dir, ['fit', 'tags.csv', '--task', 'tags', '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '0', '--label-sep', '|', '--json']);
    assert.equal(c.code, 0, c.err);
    assert.equal(JSON.parse(c.out).version, 3);
    assert.equal(JSON.parse(c.out).multiLabel, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('multi-label input errors: where, what and what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-ml-'));
  try {
    writeFileSync(join(dir, 'mixed.jsonl'), '{"text": "a b", "labels": ["x", "y"]}\n{"text": "c d", "labels": "y"}\n{"text": "e", "labels": []}\n');
    const m = await graftInProcess(dir, ['fit', 'mixed.jsonl', '--task', 't', '--backbone', 'hashing', '--folds', '0']);
    assert.equal(m.code, 2);
    assert.match(m.err, /mixed\.jsonl:2:27.*single string "y" while other lines give lists.*--multi-label/);
    assert.match(m.err, /mixed\.jsonl:3:25.*label list is empty/);

    writeFileSync(join(dir, 'tags.csv'), 'text,label\na b,x;y\nc d,y\n');
    const sep = await graftInProcess(dir, ['fit', 'tags.csv', '--task', 't', '--backbone', 'hashing', '--folds', '0', '--label-sep', ' ']);
    assert.equal(sep.code, 2);
    assert.match(sep.err, /white space.*--label-sep '\|'/);
    const wrong = await graftInProcess(dir, ['fit', 'tags.csv', '--task', 't', '--backbone', 'hashing', '--folds', '0', '--label-sep', '|']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /tags\.csv:2.*did you mean --label-sep ";"/);

    writeFileSync(join(dir, 'ok.jsonl'), '{"text": "a b", "labels": ["x", "y"]}\n{"text": "c d", "labels": ["y"]}\n');
    const ens = await graftInProcess(dir, ['fit', 'ok.jsonl', '--task', 't', '--backbone', 'hashing', '--folds', '0', '--strategy', 'zero-shot']);
    assert.equal(ens.code, 2);
    assert.match(ens.err, /one binary head per label.*logistic \(default\), knn, centroid, mlp, adapter/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
