/** The backbone comparison in the HTML report, from `graft eval --report` and again from `graft report RUN --html`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Document, Element } from 'domhandler';
import { Rng } from '../../src/core/index.js';
import { kindsWhere } from '../../src/heads/index.js';
import { graftInProcess } from '../cli/in-process.js';

/** 20 rows of each of two topics, four words drawn from the topic's own. */
function writeTopics(dir: string): void {
  const rng = new Rng(11);
  const topics = { sea: ['wave', 'boat', 'tide', 'shore', 'sail', 'reef'], city: ['tram', 'street', 'tower', 'park', 'bridge', 'market'] };
  const rows = Object.entries(topics).flatMap(([label, w]) => Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({ text: `${Array.from({ length: 4 }, () => w[rng.int(w.length)]).join(' ')} ${i}`, label })));
  writeFileSync(join(dir, 'toy.jsonl'), rows.join('\n') + '\n');
}

/** The comparison table's body rows as text cells. */
function comparisonRows(doc: Document): string[][] {
  const section = DomUtils.findOne((e) => e.attribs.id === 'backbones', doc.children);
  assert.ok(section, 'the report has a backbone comparison');
  const rows = DomUtils.findAll((e) => e.name === 'tr', DomUtils.findAll((e) => e.name === 'tbody', [section])) as Element[];
  return rows.map((tr) => DomUtils.findAll((e) => e.name === 'td', [tr]).map((td) => DomUtils.textContent(td).trim()));
}

test('the HTML report compares backbones: accuracy and interval, test against the best, time, money, vector size, weights; again from the saved run', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-bb-report-'));
  try {
    writeTopics(home);
    const ev = await graftInProcess(home, ['eval', 'toy.jsonl', '--backbone', 'hashing?dim=256,hashing?dim=64', '--strategies', 'centroid',
      '--seeds', '1', '--sizes', '4', '--folds', '2', '--report', 'out.html', '--json']);
    assert.equal(ev.code, 0, ev.err);
    const run = JSON.parse(ev.out) as { runId: string; costs: Record<string, { secondsPer1000: number; memoryBytes: number }> };
    assert.equal(run.costs['hashing@1-d64']!.memoryBytes, 0);
    const html = readFileSync(join(home, 'out.html'), 'utf8');
    const rows = comparisonRows(parseDocument(html));
    assert.equal(rows.length, 3, 'each backbone, and their ensemble');
    const byName = Object.fromEntries(rows.map((r) => [r[0]!.split('hashing@')[0], r]));
    const combiner = kindsWhere((t) => t.acrossBackbones)[0];
    for (const [name, dim, head] of [
      ['hashing?dim=256', '256 (1.0 kB)', 'centroid'], ['hashing?dim=64', '64 (0.3 kB)', 'centroid'], ['hashing?dim=256+hashing?dim=64', '320 (1.3 kB)', combiner],
    ] as const) {
      const r = byName[name];
      assert.ok(r, `a row named ${name} as given: ${JSON.stringify(rows)}`);
      assert.equal(r[1], head);
      assert.match(r[2]!, /^\d+\.\d%$/);
      assert.match(r[3]!, /^\d+\.\d% – \d+\.\d%$/);
      assert.match(r[7]!, /^\d+\.\d\d s$/, 'time per 1,000 texts');
      assert.equal(r[8], 'free (local)');
      assert.equal(r[9], dim);
      assert.equal(r[10], '0 B');
    }
    const best = rows.filter((r) => r[4] === 'best');
    assert.equal(best.length, 1, 'one row is the best');
    for (const other of rows.filter((r) => r[4] !== 'best')) {
      assert.match(other[4]!, /^(not )?significantly worse$/);
      assert.match(other[5]!, /^[+-]\d+\.\d pts \[[+-]\d+\.\d, [+-]\d+\.\d\]$/);
      assert.match(other[6]!, /^\d\.\d{3}$/);
    }
    assert.match(html, /Cheapest backbone not significantly worse than the best: <b>hashing\?dim=/);
    assert.match(html, /<figcaption>Accuracy against embedding time<\/figcaption>/, 'both backbones were timed: the plot is drawn');
    assert.equal((html.match(/<figcaption>Learning curves — /g) ?? []).length, 2, 'no curve for the ensemble, measured at the full set only');

    // The saved run renders the same table, with the costs it measured when it embedded.
    const rep = await graftInProcess(home, ['report', run.runId, '--html', 'again.html']);
    assert.equal(rep.code, 0, rep.err);
    assert.deepEqual(comparisonRows(parseDocument(readFileSync(join(home, 'again.html'), 'utf8'))), rows);
    assert.match(rep.out, /Cheapest backbone not significantly worse than the best: hashing\?dim=/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
