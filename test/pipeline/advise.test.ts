/**
 * `Workspace.advise` end to end on a real slice (SpamAssassin mail from the demo corpus package,
 * hashing backbone, offline): saved as a run and reused, cancellable with nothing saved, no raw
 * private value reaching the backbone, bad options refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, GraftError, UsageError } from '../../src/core/index.js';
import { HashingBackbone } from '../../src/backbones/index.js';
import { datasetFromExamples, loadDemoCorpus } from '../../src/data/index.js';
import { parseAdvice } from '../../src/advisor/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { CountingBackbone } from './counting-backbone.js';
import { PLANTED, topicExamples } from '../advisor/topics.js';

const BACKBONE = 'hashing?dim=512';

test('advise on 240 real mails: a complete, valid advice, saved as a run and reused when nothing changed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-advise-'));
  const ws = openWorkspace({ home });
  try {
    const mail = await loadDemoCorpus({ limit: 240, seed: 7 });
    const phases: string[] = [];
    const run = await ws.advise(mail, {
      backbones: [BACKBONE], strategies: ['logistic', 'centroid'], seed: 3, quick: true, targetAccuracy: 0.995, budgetUsd: 20,
      onProgress: (p) => { if (phases.at(-1) !== p.phase) phases.push(p.phase); },
    });
    const a = parseAdvice(JSON.parse(JSON.stringify(run.advice)));
    assert.deepEqual(a, run.advice);
    assert.ok(phases.includes('bake-off') && phases.includes('advise: learning curve') && phases.includes('advise: measuring heads'), phases.join(' → '));
    assert.equal(a.dataset.rows, 240);
    assert.deepEqual(a.dataset.labels, ['ham', 'spam']);
    assert.equal(a.dataset.counts.reduce((s, c) => s + c, 0), 240);
    assert.ok(a.dataset.tokensPerExample > 10, 'mails are long');
    const ns = a.curve.points.map((p) => p.n);
    assert.deepEqual(ns, [...ns].sort((x, y) => x - y), 'curve sizes increase');
    assert.equal(a.curve.heldOut, 'holdout');
    assert.equal(ns.at(-1), run.bakeoff.result.entries[run.bakeoff.result.ranking[0]!]!.points.at(-1)!.n, 'the full point is the bake-off\'s');
    assert.ok(run.bakeoff.result.entries.every((e) => e.regularizationPath === undefined), 'advise\'s bake-off measures no regularization path: the advice never reads one');
    assert.equal(a.alternatives.rows.length, 2);
    assert.equal(a.graft.strategy, a.alternatives.rows[0]!.strategy);
    assert.ok(a.graft.headBytes! > 100 && a.graft.headMsPerText! >= 0);
    assert.equal(a.fineTuning.routes.length, 5);
    assert.ok(['use-graft', 'label-more', 'fine-tune', 'cannot-tell'].includes(a.decision.action));
    assert.equal(a.settings.constraints.targetAccuracy, 0.995);
    assert.ok(a.privacy.texts >= 240 && a.privacy.findings > 0, 'real mail holds addresses and links');

    const stored = await ws.run(run.runId);
    assert.equal(stored.kind, 'advise');
    assert.deepEqual(parseAdvice(stored.result), a);
    assert.equal((await ws.run(run.bakeoff.runId)).kind, 'bakeoff');
    const page = await ws.runReport(run.runId);
    assert.ok(page.includes('<section id="advice">') && page.indexOf('<section id="advice">') < page.indexOf('<section id="leaderboard">'), 'the advice, then its bake-off');
    assert.ok(page.includes(run.runId));
    assert.ok((await ws.runReport(run.bakeoff.runId)).includes(run.bakeoff.runId));
    const board = await ws.evaluate(mail, { backbones: [BACKBONE], strategies: ['centroid'], folds: 2, seed: 3 });
    await assert.rejects(ws.runReport(board.runId), (e: GraftError) => e.code === 'no_report' && e.status === 409 && /"evaluate" run/.test(e.message));
    const again = await ws.advise(mail, { backbones: [BACKBONE], strategies: ['logistic', 'centroid'], seed: 3, quick: true, targetAccuracy: 0.995, budgetUsd: 20 });
    assert.equal(again.reusedFrom, run.runId);
    assert.deepEqual(again.advice, a);
    const other = await ws.advise(mail, { backbones: [BACKBONE], strategies: ['logistic', 'centroid'], seed: 3, quick: true, targetAccuracy: 0.9, budgetUsd: 20 });
    assert.equal(other.reusedFrom, undefined, 'another target is another advice');
    assert.equal(other.advice.alternatives.bakeoffRunId, run.advice.alternatives.bakeoffRunId, '… on the same (reused) bake-off');
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('no raw private value reaches the backbone, the speed probe included', async () => {
  const spy = new CountingBackbone(new HashingBackbone({ dim: 256 }), 'use-lite@spy');
  const home = mkdtempSync(join(tmpdir(), 'graft-advise-'));
  const ws = openWorkspace({ home, backbones: () => spy });
  try {
    const ds = datasetFromExamples(topicExamples(40, 2, true), { source: 'toy.jsonl' });
    for (let i = 0; i < 2; i++) { // the second pass finds every vector cached, so it probes the model's speed
      const run = await ws.advise(ds, { backbones: ['use-lite'], strategies: ['centroid'], seed: 1, reuse: false });
      assert.ok(run.advice.privacy.findings >= 24);
      if (i === 1) assert.ok(run.advice.graft.embedMsPerText !== null, 'probed');
    }
    assert.ok(spy.seen.length > 0);
    for (const text of spy.seen) for (const s of PLANTED) assert.ok(!text.includes(s), `raw private value given to the backbone: ${text}`);
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('cancelling during the learning curve saves no advice; bad options are refused before any work', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-advise-'));
  const ws = openWorkspace({ home });
  try {
    const ds = datasetFromExamples(topicExamples(40, 2, true), { source: 'toy.jsonl' });
    const ac = new AbortController();
    await assert.rejects(ws.advise(ds, {
      backbones: ['hashing?dim=256'], strategies: ['centroid'], seed: 1, signal: ac.signal,
      onProgress: (p) => { if (p.phase === 'advise: learning curve' && p.done === 1) ac.abort(); },
    }), CancelledError);
    assert.deepEqual((await ws.runs({ kind: 'advise' })).map((r) => r.id), []);
    await assert.rejects(ws.advise(ds, { backbones: ['hashing'], strategies: ['centroid'], seed: 1, targetAccuracy: 1.5 }), (e: unknown) => e instanceof UsageError && /targetAccuracy must be a fraction/.test(e.message));
    await assert.rejects(ws.advise(ds, { backbones: ['hashing'], strategies: ['centroid'], seed: 1, latencyMs: -3 }), UsageError);
    assert.equal((await ws.runs({ kind: 'bakeoff' })).length, 1, 'only the cancelled run\'s bake-off, which finished before the cancel');
  } finally {
    await ws.close();
    rmSync(home, { recursive: true, force: true });
  }
});
