import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess as graft } from '../cli/in-process.js';


test('graft fit → forget --id → audit: refit recorded in hashes, usage errors exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-forget-cli-'));
  const rows: string[] = [];
  const words: Record<string, string[]> = { up: ['rise', 'gain', 'climb', 'jump'], down: ['fall', 'drop', 'sink', 'slide'] };
  for (const [label, ws] of Object.entries(words)) {
    for (let i = 0; i < 12; i++) rows.push(JSON.stringify({ id: `${label}-${i}`, text: `${ws[i % 4]} ${ws[(i + 1) % 4]} number ${i}`, label }));
  }
  writeFileSync(join(dir, 'moves.jsonl'), rows.join('\n') + '\n');
  const fit = await graft(dir, ['fit', 'moves.jsonl', '--task', 'moves', '--backbone', 'hashing', '--strategy', 'centroid', '--folds', '0', '--json']);
  assert.equal(fit.code, 0, fit.err);

  const f = await graft(dir, ['forget', '--task', 'moves', '--id', 'up-3', '--novelty', 'drop', '--json']);
  assert.equal(f.code, 0, f.err);
  const r = JSON.parse(f.out);
  assert.deepEqual(r.refitted.map((v: { from: number; to: number; rows: number }) => [v.from, v.to, v.rows]), [[1, 2, 23]]);

  const human = await graft(dir, ['audit', 'moves']);
  assert.equal(human.code, 0, human.err);
  assert.match(human.out, /forget\s+by id: 1 text\(s\) \[[0-9a-f]{12}\]; v1→v2/);
  const a = await graft(dir, ['audit', 'moves', '--json']);
  const entries = JSON.parse(a.out).entries.filter((e: { action: string }) => e.action === 'forget');
  assert.equal(entries.length, 1);
  assert.ok(!a.out.includes('rise gain number 3'));

  const none = await graft(dir, ['forget', '--task', 'moves', '--text', 'private words never stored']);
  assert.equal(none.code, 2);
  assert.ok(!none.err.includes('private words'));
  assert.equal((await graft(dir, ['forget', '--task', 'moves'])).code, 2);
  assert.equal((await graft(dir, ['forget', '--task', 'moves', '--id', 'up-4', '--novelty', 'later'])).code, 2);
  assert.equal((await graft(dir, ['audit', 'no-such-task'])).code, 2);
});
