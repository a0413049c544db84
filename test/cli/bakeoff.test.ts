/** `graft eval --curves/--report`, `graft runs`, `graft report RUN` through the real executable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument, DomUtils } from 'htmlparser2';

const BIN = resolve('bin/graft.js');

function graft(home: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: home, env: { ...process.env, GRAFT_HOME: home, CI: 'true' }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('eval --curves saves a run; runs lists it; report re-opens it with the same numbers', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-bakeoff-'));
  try {
    const topics: Record<string, string[]> = {
      weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
      cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
      other: ['zebra', 'violin', 'nebula', 'cactus', 'quantum', 'origami', 'glacier', 'opera'],
    };
    const lines = Object.entries(topics).flatMap(([label, w]) =>
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `${w[i % 8]} ${w[(i * 3 + 1) % 8]} and ${w[(i * 5 + 2) % 8]} ${i}`, label })));
    writeFileSync(join(home, 'toy.jsonl'), lines.join('\n') + '\n');
    const ev = graft(home, ['eval', 'toy.jsonl', '--backbone', 'hashing', '--strategies', 'centroid', '--seeds', '2', '--sizes', '4',
      '--ood-label', 'other', '--report', 'out.html', '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    const out = JSON.parse(ev.stdout) as { runId: string; result: { labels: string[]; entries: unknown[] } };
    assert.deepEqual(out.result.labels, ['cooking', 'weather']);
    assert.ok(existsSync(join(home, 'out.html')));
    const doc = parseDocument(readFileSync(join(home, 'out.html'), 'utf8'));
    assert.ok(DomUtils.findOne((e) => e.attribs.id === 'learning-curves', doc.children));

    const runs = graft(home, ['runs']);
    assert.equal(runs.code, 0, runs.stderr);
    assert.match(runs.stdout, new RegExp(`^${out.runId} +bakeoff`, 'm'));

    const rep = graft(home, ['report', out.runId, '--json', '--html', 'again.html']);
    assert.equal(rep.code, 0, rep.stderr);
    assert.deepEqual((JSON.parse(rep.stdout) as { result: unknown }).result, out.result);
    assert.ok(existsSync(join(home, 'again.html')));

    const missing = graft(home, ['report', 'nope']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No run with id "nope"/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
