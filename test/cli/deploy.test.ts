/** `graft deploy`, `graft rollback` and `graft predict --explain` through the real executable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/graft.js');

function graft(home: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: home, env: { ...process.env, GRAFT_HOME: home, CI: 'true' }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('deploy and rollback change the version predict uses; predict --explain shows the deciding word', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-deploy-'));
  try {
    const words = ['please', 'today', 'my account', 'thanks', 'the order', 'could you', 'right now', 'again'];
    const lines = Array.from({ length: 40 }, (_, i) => {
      const refund = i % 2 === 0;
      const t = `${words[i % 8]} ${refund ? 'refund' : 'hello'} ${words[(i * 3 + 1) % 8]}`;
      return JSON.stringify({ text: t, label: refund ? 'refund' : 'other' });
    });
    writeFileSync(join(home, 'd.jsonl'), lines.join('\n') + '\n');
    const fit = (kind: string) => graft(home, ['fit', 'd.jsonl', '--task', 'support', '--backbone', 'hashing', '--strategy', kind, '--folds', '0', '--json']);
    assert.equal(fit('logistic').code, 0);
    assert.equal(fit('centroid').code, 0);
    const version = () => JSON.parse(graft(home, ['predict', '--task', 'support', 'a refund please', '--json']).stdout).version as number;
    assert.equal(version(), 2);

    const dep = graft(home, ['deploy', 'support', '1']);
    assert.equal(dep.code, 0, dep.stderr);
    assert.match(dep.stdout, /support: live version 2 → 1/);
    assert.equal(version(), 1);
    const rb = graft(home, ['rollback', 'support', '--json']);
    assert.equal(rb.code, 2, 'version 1 is the oldest: nothing to roll back to');
    assert.match(rb.stderr, /nothing to roll back to/);
    assert.equal(graft(home, ['deploy', 'support', '2']).code, 0);
    const rolled = JSON.parse(graft(home, ['rollback', 'support', '--json']).stdout) as { auditId: number };
    assert.deepEqual(rolled, { task: 'support', from: 2, to: 1, auditId: rolled.auditId });
    assert.ok(Number.isInteger(rolled.auditId) && rolled.auditId > 0, 'the audit record written with the change');
    assert.equal(version(), 1);
    const bad = graft(home, ['deploy', 'support', 'two']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /graft deploy spam 2/);

    const ex = graft(home, ['predict', '--task', 'support', '--explain', 'could you refund my order']);
    assert.equal(ex.code, 0, ex.stderr);
    assert.match(ex.stdout, /→ refund/);
    const words0 = ex.stdout.split('\n').findIndex((l) => l.startsWith('words'));
    assert.match(ex.stdout.split('\n')[words0 + 1]!, /^\s+refund\s+\+/, ex.stdout);
    assert.match(ex.stdout, /nearest training examples\n\s+\d\.\d{3}\s+refund/);
    const js = JSON.parse(graft(home, ['predict', '--task', 'support', '--explain', '--json', 'hello again']).stdout);
    assert.equal(js.version, 1);
    assert.equal(js.explanations[0].label, 'other');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
