/** `graft eval` (the bake-off by default, `--quick` for the leaderboard), `graft runs`, `graft report RUN` through the real executable. */
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

function writeToy(home: string): void {
  const topics: Record<string, string[]> = {
    weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
    cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
    other: ['zebra', 'violin', 'nebula', 'cactus', 'quantum', 'origami', 'glacier', 'opera'],
  };
  const lines = Object.entries(topics).flatMap(([label, w]) =>
    Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `${w[i % 8]} ${w[(i * 3 + 1) % 8]} and ${w[(i * 5 + 2) % 8]} ${i}`, label })));
  writeFileSync(join(home, 'toy.jsonl'), lines.join('\n') + '\n');
}

test('plain eval runs the bake-off: curves over 5 seeds, calibration; an identical run is reused', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-bakeoff-'));
  try {
    writeToy(home);
    const args = ['eval', 'toy.jsonl', '--backbone', 'hashing', '--strategies', 'centroid'];
    const human = graft(home, args);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Bake-off: 1 entries, 5 seeds per curve point, 5-fold CV on 60 rows/m);
    assert.match(human.stdout, /Saved as run (\S+) /);
    const a = JSON.parse(graft(home, [...args, '--json']).stdout) as { runId: string; reusedFrom?: string; result: { seeds: number; entries: { strategy: string; points: { perClass: number | null; interval: string }[]; calibration?: unknown; regularizationPath?: unknown }[] } };
    assert.equal(a.reusedFrom, human.stdout.match(/Saved as run (\S+) /)![1], 'the second identical run is reused');
    assert.equal(a.result.seeds, 5);
    const centroid = a.result.entries[0]!;
    assert.deepEqual(centroid.points.map((p) => p.perClass), [8, 16, null]);
    assert.deepEqual(centroid.points.map((p) => p.interval), ['seeds', 'seeds', 'bootstrap']);
    assert.ok(centroid.calibration);
    const fresh = JSON.parse(graft(home, [...args, '--json', '--fresh']).stdout) as typeof a;
    assert.equal(fresh.reusedFrom, undefined);
    assert.notEqual(fresh.runId, a.runId);
    assert.deepEqual(fresh.result, a.result, 'recomputing gives identical numbers');

    const clash = graft(home, ['eval', 'toy.jsonl', '--quick', '--report', 'x.html']);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /--report belongs to the bake-off, which --quick skips/);
    assert.ok(!existsSync(join(home, 'x.html')));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('eval --report saves a run; runs lists it; report re-opens it with the same numbers', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-cli-bakeoff-'));
  try {
    writeToy(home);
    const ev = graft(home, ['eval', 'toy.jsonl', '--backbone', 'hashing', '--strategies', 'centroid,logistic', '--seeds', '2', '--sizes', '4',
      '--ood-label', 'other', '--report', 'out.html', '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    const out = JSON.parse(ev.stdout) as { runId: string; result: { labels: string[]; entries: { strategy: string; regularizationPath?: { param: string; points: unknown[]; heldOut: string } }[] } };
    assert.deepEqual(out.result.labels, ['cooking', 'weather']);
    const path = out.result.entries.find((e) => e.strategy === 'logistic')!.regularizationPath!;
    assert.equal(path.param, 'C');
    assert.equal(path.points.length, 6);
    assert.equal(path.heldOut, 'fold 1');
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
