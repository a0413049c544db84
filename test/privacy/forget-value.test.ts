import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, sha256 } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { Workspace } from '../../src/pipeline/index.js';

const WORDS: Record<string, string[]> = {
  up: ['rise', 'gain', 'climb', 'jump', 'soar', 'grow'],
  down: ['fall', 'drop', 'sink', 'slide', 'dip', 'shrink'],
};

/** 24 examples; two mention one person's address (spelled differently), one another person's. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const [label, ws] of Object.entries(WORDS)) {
    for (let i = 0; i < 12; i++) {
      let text = `${ws[i % 6]} ${ws[(i + 2) % 6]} figure ${i}`;
      if (label === 'up' && i === 2) text += ' reported by zelda.quux@example.org';
      if (label === 'down' && i === 7) text += ' cc Zelda.Quux@Example.org please';
      if (label === 'down' && i === 9) text += ' from other.person@example.net';
      out.push({ id: `${label}-${i}`, text, label, line: out.length + 2 });
    }
  }
  return out;
}

function bytes(home: string): string {
  return ['graft.db', 'graft.db-wal'].map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

async function fitted(policy: string): Promise<{ home: string; ws: Workspace }> {
  const home = mkdtempSync(join(tmpdir(), `graft-forget-value-${policy}-`));
  const ws = openWorkspace(home);
  const ds = datasetFromExamples(examples(), { source: 'moves.jsonl' });
  await ws.fit(ds, { task: 'moves', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 0, privacy: policy });
  return { home, ws };
}

for (const policy of ['redact', 'pseudonymize']) {
  test(`${policy}: forget --value finds a person's texts by their e-mail address although only ${policy === 'redact' ? 'placeholders' : 'pseudonyms'} are stored`, async () => {
    const { home, ws } = await fitted(policy);
    try {
      const ctx = workspaceContext(ws);
      const stored = ctx.tasks.trainingExamples('moves', 1);
      assert.ok(!stored.some((e) => /zelda/i.test(e.text)), 'the address is not stored');
      const r = await ws.forget('moves', { value: 'ZELDA.QUUX@example.org' }, { novelty: 'drop' });
      assert.equal(r.removedTexts, 2, 'both spellings of the address');
      assert.equal(r.wipe.complete, true);
      const left = ctx.tasks.trainingExamples('moves', r.liveVersion!).map((e) => e.id);
      assert.ok(!left.includes('up-2') && !left.includes('down-7'));
      assert.ok(left.includes('down-9'), "another person's text stays");
      assert.equal((ctx.db.prepare("SELECT COUNT(*) AS n FROM finding_index WHERE task = 'moves'").get() as { n: number }).n, 1,
        'only the other address is left in the index');
      await assert.rejects(ws.forget('moves', { value: 'nobody@example.com' }), NotFoundError);
      const audit = (await ws.audit('moves')).find((a) => a.action === 'forget')!;
      assert.equal(audit.detail.selector, 'value');
      assert.ok(!JSON.stringify(audit).toLowerCase().includes('zelda'));
    } finally {
      await ws.close();
    }
    const all = bytes(home);
    assert.ok(!/zelda/i.test(all), 'the value is not stored');
    assert.ok(!all.includes(sha256('zelda.quux@example.org')), 'nor a plain hash of it');
  });
}
