/** The backbone comparison in the HTML report, from `graft eval --report` and again from `graft report RUN --html`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Document, Element } from 'domhandler';

const BIN = resolve('bin/graft.js');

function graft(home: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: home, env: { ...process.env, GRAFT_HOME: home, CI: 'true' }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeToy(home: string): void {
  const topics: Record<string, string[]> = {
    weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
    cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
  };
  const lines = Object.entries(topics).flatMap(([label, w]) =>
    Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `${w[i % 8]} ${w[(i * 3 + 1) % 8]} and ${w[(i * 5 + 2) % 8]} ${i}`, label })));
  writeFileSync(join(home, 'toy.jsonl'), lines.join('\n') + '\n');
}

/** The comparison table's body rows as text cells. */
function comparisonRows(doc: Document): string[][] {
  const section = DomUtils.findOne((e) => e.attribs.id === 'backbones', doc.children);
  assert.ok(section, 'the report has a backbone comparison');
  const rows = DomUtils.findAll((e) => e.name === 'tr', DomUtils.findAll((e) => e.name === 'tbody', [section])) as Element[];
  return rows.map((tr) => DomUtils.findAll((e) => e.name === 'td', [tr]).map((td) => DomUtils.textContent(td).trim()));
}

test('the HTML report compares backbones: accuracy and interval, test against the best, time, money, vector size, weights; again from the saved run', () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-bb-report-'));
  try {
    writeToy(home);
    const ev = graft(home, ['eval', 'toy.jsonl', '--backbone', 'hashing?dim=256,hashing?dim=64', '--strategies', 'centroid',
      '--seeds', '1', '--sizes', '4', '--folds', '2', '--report', 'out.html', '--json']);
    assert.equal(ev.code, 0, ev.stderr);
    const run = JSON.parse(ev.stdout) as { runId: string; costs: Record<string, { secondsPer1000: number; memoryBytes: number }> };
    assert.equal(run.costs['hashing@1-d64']!.memoryBytes, 0);
    const html = readFileSync(join(home, 'out.html'), 'utf8');
    const rows = comparisonRows(parseDocument(html));
    assert.equal(rows.length, 2);
    const byName = Object.fromEntries(rows.map((r) => [r[0]!.split('hashing@')[0], r]));
    for (const [name, dim] of [['hashing?dim=256', '256 (1.0 kB)'], ['hashing?dim=64', '64 (0.3 kB)']] as const) {
      const r = byName[name];
      assert.ok(r, `a row named ${name} as given: ${JSON.stringify(rows)}`);
      assert.equal(r[1], 'centroid');
      assert.match(r[2]!, /^\d+\.\d%$/);
      assert.match(r[3]!, /^\d+\.\d% – \d+\.\d%$/);
      assert.match(r[7]!, /^\d+\.\d\d s$/, 'time per 1,000 texts');
      assert.equal(r[8], 'free (local)');
      assert.equal(r[9], dim);
      assert.equal(r[10], '0 B');
    }
    const best = rows.filter((r) => r[4] === 'best');
    assert.equal(best.length, 1, 'one row is the best');
    const other = rows.find((r) => r[4] !== 'best')!;
    assert.match(other[4]!, /^(not )?significantly worse$/);
    assert.match(other[5]!, /^[+-]\d+\.\d pts \[[+-]\d+\.\d, [+-]\d+\.\d\]$/);
    assert.match(other[6]!, /^\d\.\d{3}$/);
    assert.match(html, /Cheapest backbone not significantly worse than the best: <b>hashing\?dim=/);
    assert.match(html, /<figcaption>Accuracy against embedding time<\/figcaption>/, 'both backbones were timed: the plot is drawn');

    // The saved run renders the same table, with the costs it measured when it embedded.
    const rep = graft(home, ['report', run.runId, '--html', 'again.html']);
    assert.equal(rep.code, 0, rep.stderr);
    assert.deepEqual(comparisonRows(parseDocument(readFileSync(join(home, 'again.html'), 'utf8'))), rows);
    assert.match(rep.stdout, /Cheapest backbone not significantly worse than the best: hashing\?dim=/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
