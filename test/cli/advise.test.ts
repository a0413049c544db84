/** `graft advise` in process: the summary, --json (validated), --report, `graft report RUN` on an advice, refused options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAdvice } from '../../src/advisor/index.js';
import { parseAccuracy } from '../../src/cli/advise.js';
import { graftInProcess } from './in-process.js';
import { topicExamples } from '../advisor/topics.js';

function writeToy(dir: string): void {
  writeFileSync(join(dir, 'toy.jsonl'), topicExamples(40).map((e) => JSON.stringify({ text: e.text, label: e.label })).join('\n') + '\n');
}

const ARGS = ['advise', 'toy.jsonl', '--backbone', 'hashing?dim=256', '--strategies', 'centroid', '--quick', '--target-accuracy', '99%', '--budget-usd', '$5'];

test('graft advise prints the decision, --json gives the valid advice of the same run, report re-opens it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-advise-'));
  try {
    writeToy(dir);
    const human = await graftInProcess(dir, [...ARGS, '--report', 'advice.html']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /^Should you fine-tune\? toy: 120 labelled rows, 3 labels/);
    assert.match(human.out, /^Decision: /m);
    assert.match(human.out, /Constraint: target 99\.0%/);
    assert.match(human.out, /Constraint: budget \$5\.00/);
    const id = human.out.match(/Saved as run (\S+)\./)![1]!;
    assert.ok(readFileSync(join(dir, 'advice.html'), 'utf8').includes('<section id="advice">'));
    const json = await graftInProcess(dir, [...ARGS, '--json']);
    assert.equal(json.code, 0, json.err);
    const out = JSON.parse(json.out) as { runId: string; reusedFrom?: string; bakeoffRunId: string; advice: unknown };
    assert.equal(out.reusedFrom, id);
    const advice = parseAdvice(out.advice);
    assert.equal(advice.settings.constraints.targetAccuracy, 0.99);
    assert.equal(advice.settings.constraints.budgetUsd, 5);
    const report = await graftInProcess(dir, ['report', id, '--html', 'again.html']);
    assert.equal(report.code, 0, report.err);
    assert.match(report.out, /^Should you fine-tune\?/);
    assert.ok(existsSync(join(dir, 'again.html')));
    const runs = await graftInProcess(dir, ['runs', '--kind', 'advise']);
    assert.ok(runs.out.includes(id));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad targets, budgets and latencies are refused with what to write instead', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-cli-advise-'));
  try {
    writeToy(dir);
    for (const [flag, value, message] of [
      ['--target-accuracy', '90', /0\.9 or 90%/], ['--budget-usd', 'lots', /amount in US dollars/], ['--latency-ms', '0', /positive number of milliseconds/],
    ] as const) {
      const r = await graftInProcess(dir, ['advise', 'toy.jsonl', '--backbone', 'hashing', flag, value]);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.match(r.err, message);
    }
    assert.equal(parseAccuracy('0.9'), 0.9);
    assert.equal(parseAccuracy('87.5%'), 0.875);
    const help = await graftInProcess(dir, ['help', 'advise']);
    assert.match(help.out, /--target-accuracy A/);
    assert.match(help.out, /\nExamples:\n {2}graft advise tickets\.csv --target-accuracy 90% --budget-usd 50\n/);
    const unknown = await graftInProcess(dir, ['advise', 'toy.jsonl', '--target', '0.9']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--target/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
