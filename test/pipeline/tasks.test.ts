/** Deleting and renaming tasks through the Workspace: every row goes or moves, the audit trail stays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingBackbone } from '../../src/backbones/index.js';
import { NotFoundError, UsageError } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { CountingBackbone } from './counting-backbone.js';

const WORDS = { rain: ['rain', 'storm', 'wind', 'snow'], food: ['bake', 'oven', 'sauce', 'spice'] };
const data = (extra: string) => datasetFromExamples(Object.entries(WORDS).flatMap(([label, ws], k) =>
  Array.from({ length: 8 }, (_, i) => ({ id: `${label}-${i}`, text: `${ws[i % 4]} ${ws[(i + 1) % 4]} ${i} ${extra}`, label, line: k * 8 + i + 2 }))), { source: 'toy.jsonl' });

function workspace() {
  // named as use-lite so that its vectors go to the store's embedding cache
  const backbone = new CountingBackbone(new HashingBackbone({ dim: 64 }), 'use-lite@test');
  return openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-tasks-')), backbones: () => backbone });
}

/** Rows naming the task in every table that has a task column. */
function rowsOf(ws: ReturnType<typeof workspace>, task: string): Record<string, number> {
  const db = workspaceContext(ws).db;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name)
    .filter((t) => (db.prepare('SELECT name FROM pragma_table_info(?)').all(t) as { name: string }[]).some((c) => c.name === 'task'));
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}" WHERE task = ?`).get(task) as { n: number }).n]));
}

test('deleteTask removes every row of the task and the cached vectors only it held; the audit log keeps its entries', async () => {
  const ws = workspace();
  const ctx = workspaceContext(ws);
  try {
    await ws.fit(data('shared'), { task: 'keep', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 0 });
    await ws.fit(data('shared'), { task: 'gone', strategy: 'knn', backbone: 'use-lite', seed: 1, folds: 0 });
    await ws.fit(data('own'), { task: 'gone', strategy: 'logistic', backbone: 'use-lite', seed: 1, folds: 0 });
    const cached = () => ctx.cache.count();
    assert.equal(cached(), 32, '16 shared texts and 16 of its own');
    assert.ok(Object.values(rowsOf(ws, 'gone')).some((n) => n > 0));

    const r = await ws.deleteTask('gone');
    assert.deepEqual({ versions: r.versions, examples: r.examples, embeddings: r.embeddings }, { versions: 2, examples: 32, embeddings: 16 });
    const left = rowsOf(ws, 'gone');
    assert.deepEqual(Object.entries(left).filter(([t, n]) => t !== 'audit' && n > 0), [], 'no row of the task is left');
    assert.equal(cached(), 16, 'the texts another task holds stay cached');
    assert.deepEqual(ctx.audit.list('gone').map((e) => e.action), ['fit', 'fit', 'delete']);
    assert.deepEqual((await ws.tasks()).map((t) => t.name), ['keep']);
    assert.equal((await ws.predict('keep', ['rain and storm'])).predictions[0]!.label, 'rain');
    await assert.rejects(ws.deleteTask('gone'), NotFoundError);
    await assert.rejects(ws.predict('gone', ['x']), NotFoundError);
  } finally {
    await ws.close();
  }
});

test('renameTask moves the task, its versions, examples, detectors and audit trail', async () => {
  const ws = workspace();
  try {
    await ws.fit(data('a'), { task: 'old', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 0 });
    await ws.fit(data('b'), { task: 'other', strategy: 'centroid', backbone: 'use-lite', seed: 1, folds: 0 });
    const before = rowsOf(ws, 'old');
    const p = await ws.predict('old', ['rain and storm', 'qqq zzz']);
    await ws.renameTask('old', 'new');
    assert.deepEqual(rowsOf(ws, 'new'), { ...before, audit: before.audit! + 1 });
    assert.ok(Object.values(rowsOf(ws, 'old')).every((n) => n === 0));
    assert.deepEqual((await ws.predict('new', ['rain and storm', 'qqq zzz'])).predictions, p.predictions, 'same head, same novelty detector');
    assert.deepEqual((await ws.audit('new')).map((e) => e.action), ['fit', 'rename']);
    await assert.rejects(ws.renameTask('new', 'other'), UsageError);
    await assert.rejects(ws.renameTask('new', 'Bad Name'), UsageError);
    await assert.rejects(ws.renameTask('nope', 'x'), NotFoundError);
  } finally {
    await ws.close();
  }
});
