import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, NotFoundError, UsageError, keyedDigest, sha256 } from '../../src/core/index.js';
import { CachedBackbone, createBackbone } from '../../src/backbones/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import type { Example } from '../../src/data/index.js';
import type { StrategyName } from '../../src/heads/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import type { Workspace } from '../../src/pipeline/index.js';
import { applyPrivacy } from '../../src/privacy/index.js';
import { NoveltyStore, PseudonymKeys } from '../../src/store/index.js';

const TOPICS: Record<string, string[]> = {
  weather: ['rain', 'sunny', 'cloudy', 'storm', 'forecast', 'wind', 'snow', 'humid'],
  cooking: ['recipe', 'oven', 'bake', 'flour', 'sauce', 'dinner', 'spice', 'boil'],
  football: ['goal', 'match', 'striker', 'league', 'referee', 'penalty', 'coach', 'team'],
};

/** 36 labelled examples; one carries a person's e-mail address, one a name. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const [label, words] of Object.entries(TOPICS)) {
    for (let i = 0; i < 12; i++) {
      let text = `${words[i % 8]} ${words[(i * 3 + 1) % 8]} and ${words[(i * 5 + 2) % 8]} today ${i}`;
      if (label === 'weather' && i === 3) text += ' ask zelda.quux@example.org about the storm';
      if (label === 'cooking' && i === 5) text += ' Zorbulon Quaxley shared this sauce';
      out.push({ id: `${label}-${i}`, text, label, line: out.length + 2 });
    }
  }
  return out;
}

/** Fits with the `allow` policy unless told otherwise, so tests can match raw stored text. */
async function fit(ws: Workspace, exs: Example[], task: string, strategy: StrategyName = 'logistic', privacy = 'allow'): Promise<number> {
  const ds = datasetFromExamples(exs, { source: 'toy.jsonl' });
  return (await ws.fit(ds, { task, strategy, backbone: 'hashing', seed: 7, folds: 0, privacy })).version;
}

/** Every byte of the database files, as latin1 text to search. */
function dbBytes(home: string): string {
  return ['graft.db', 'graft.db-wal', 'graft.db-journal']
    .map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

test('forget refits bit-for-bit the head a fresh fit without the example gives, and deletes the old version', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
  const ws = openWorkspace(home);
  try {
    const all = examples();
    const v1 = await fit(ws, all, 'topics');
    // Also cache the texts in the SQLite embedding cache, to prove forget removes them there.
    const cached = new CachedBackbone(createBackbone('hashing'), workspaceContext(ws).cache);
    await cached.embed(all.map((e) => e.text));
    const secretHash = sha256(all.find((e) => e.text.includes('zelda'))!.text);
    assert.equal(workspaceContext(ws).cache.getMany(cached.id, [secretHash]).size, 1);

    const r = await ws.forget('topics', { match: 'zelda\\.quux@' });
    assert.equal(r.removedTexts, 1);
    assert.deepEqual(r.deletedVersions, [v1]);
    assert.equal(r.refitted.length, 1);
    const v2 = r.refitted[0]!.to;
    assert.equal(r.liveVersion, v2);
    assert.deepEqual(r.removedHashes, [secretHash]);

    // The oracle: a fresh fit, same strategy and seed, on the data without the example.
    const fresh = await fit(ws, all.filter((e) => !e.text.includes('zelda')), 'oracle');
    const refitHead = workspaceContext(ws).tasks.getHeadVersion('topics', v2).head;
    const freshHead = workspaceContext(ws).tasks.getHeadVersion('oracle', fresh).head;
    assert.equal(JSON.stringify(refitHead), JSON.stringify(freshHead));
    assert.equal(r.refitted[0]!.dataHash, workspaceContext(ws).tasks.getHeadVersion('oracle', fresh).dataHash);

    assert.throws(() => workspaceContext(ws).tasks.getHeadVersion('topics', v1), NotFoundError);
    assert.equal(workspaceContext(ws).tasks.trainingExamples('topics', v2).length, 35);
    assert.equal(workspaceContext(ws).cache.getMany(cached.id, [secretHash]).size, 0);
    assert.equal(workspaceContext(ws).cache.getMany(cached.id, [sha256(all[0]!.text)]).size, 1, 'other cache entries stay');

    const audit = workspaceContext(ws).audit.list('topics').filter((a) => a.action === 'forget');
    assert.equal(audit.length, 1);
    // Keyed, not plain SHA-256: with the database alone, a guess of the forgotten text cannot be confirmed.
    const key = PseudonymKeys.open(workspaceContext(ws).db).current();
    assert.equal(audit[0]!.detail.keyId, key.id);
    assert.notDeepEqual(audit[0]!.detail.removedHashes, [secretHash]);
    assert.deepEqual(audit[0]!.detail.removedHashes, [keyedDigest(key, 'forgotten-text', secretHash).split(':')[1]]);
    assert.notEqual(audit[0]!.detail.selectorHash, sha256('zelda\\.quux@'));
    assert.equal(audit[0]!.detail.selectorHash, keyedDigest(key, 'forget-selector', 'zelda\\.quux@').split(':')[1]);
    assert.deepEqual(audit[0]!.detail.refitted, r.refitted);
    assert.ok(!JSON.stringify(audit[0]).includes('zelda'));
  } finally {
    await ws.close();
  }
  // Deleted, not hidden: the text is nowhere in the database files (secure_delete + WAL truncate).
  assert.ok(!dbBytes(home).includes('zelda.quux'), 'removed text still in the database file');
  assert.ok(dbBytes(home).includes('Zorbulon'), 'the check can see stored texts');
});

for (const strategy of ['centroid', 'knn'] as const) {
  test(`forget refits a ${strategy} head and its novelty detector bit-for-bit as a fresh fit without the example`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
    const ws = openWorkspace(home);
    try {
      // Enough rows per label for the inner CV (knn's k) and the calibrator to run.
      const all = [...examples(), ...examples().map((e, i) => ({ ...e, id: `${e.id}-again`, text: `${e.text} once more ${i}`, line: 40 + i }))];
      await fit(ws, all, 'topics', strategy);
      const r = await ws.forget('topics', { id: 'weather-3' });
      const fresh = await fit(ws, all.filter((e) => e.id !== 'weather-3'), 'oracle', strategy);
      const refit = workspaceContext(ws).tasks.getHeadVersion('topics', r.refitted[0]!.to);
      const oracle = workspaceContext(ws).tasks.getHeadVersion('oracle', fresh);
      assert.equal(refit.head.kind, 'calibrated');
      assert.equal((refit.head.state as { base: { kind: string } }).base.kind, strategy);
      assert.equal(JSON.stringify(refit.head), JSON.stringify(oracle.head));
      const novelty = new NoveltyStore(workspaceContext(ws).db);
      const detector = novelty.get('topics', r.refitted[0]!.to);
      assert.ok(detector !== undefined);
      assert.equal(JSON.stringify(detector), JSON.stringify(novelty.get('oracle', fresh)));
    } finally {
      await ws.close();
    }
  });
}

for (const strategy of ['centroid', 'knn'] as const) {
  test(`forget (${strategy}) leaves no stored part holding the forgotten row, and no part without a version that links it`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
    const ws = openWorkspace(home);
    try {
      const all = [...examples(), ...examples().map((e, i) => ({ ...e, id: `${e.id}-again`, text: `${e.text} once more ${i}`, line: 40 + i }))];
      await fit(ws, all, 'topics', strategy);
      // The row as the detector (and a knn head) keeps it: the Float32 embedding, raw or unit-length, inside a base64 part.
      const victim = all.find((e) => e.id === 'weather-3')!;
      const v = (await createBackbone('hashing').embed([victim.text])).row(0);
      let s = 0;
      for (const x of v) s += x * x;
      const forms = [Buffer.from(Float32Array.from(v).buffer), Buffer.from(Float32Array.from(v, (x) => x * (1 / Math.sqrt(s))).buffer)];
      const holding = (): number => (workspaceContext(ws).db.prepare('SELECT body FROM parts').all() as Array<{ body: string }>)
        .filter((p) => forms.some((f) => Buffer.from(p.body, 'base64').includes(f))).length;
      assert.ok(holding() >= (strategy === 'knn' ? 2 : 1), `before: the detector${strategy === 'knn' ? ' and the head' : ''} hold the row (the check can see it)`);

      const r = await ws.forget('topics', { id: 'weather-3' });
      assert.equal(holding(), 0, 'after: no part holds it');
      const orphans = workspaceContext(ws).db.prepare('SELECT COUNT(*) AS n FROM parts WHERE hash NOT IN (SELECT hash FROM novelty_links UNION SELECT hash FROM head_links)').get() as { n: number };
      assert.equal(orphans.n, 0);
      for (const links of ['novelty_links', 'head_links']) {
        const linked = workspaceContext(ws).db.prepare(`SELECT DISTINCT version FROM ${links} WHERE task = ?`).all('topics') as Array<{ version: number }>;
        assert.ok(linked.length > 0 || links === 'head_links', `${links}: the new version links parts`);
        assert.ok(linked.every((l) => l.version === r.refitted[0]!.to), `only the new version links parts (${links})`);
      }
    } finally {
      await ws.close();
    }
  });
}

test('forget by raw text matches what the redact policy stored; knn heads (which keep embeddings) are replaced', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
  const ws = openWorkspace(home);
  try {
    const { examples: redacted } = applyPrivacy(examples(), { policy: 'redact' });
    const v1 = await fit(ws, redacted, 'topics', 'knn');
    const raw = examples().find((e) => e.text.includes('zelda'))!.text;
    assert.ok(!workspaceContext(ws).tasks.trainingExamples('topics', v1).some((e) => e.text === raw), 'stored text is redacted');
    const r = await ws.forget('topics', { text: raw });
    assert.equal(r.removedRows, 1);
    const fresh = await fit(ws, redacted.filter((e) => !e.text.includes('<EMAIL>')), 'oracle', 'knn');
    assert.equal(JSON.stringify(workspaceContext(ws).tasks.getHeadVersion('topics', r.refitted[0]!.to).head), JSON.stringify(workspaceContext(ws).tasks.getHeadVersion('oracle', fresh).head));
  } finally {
    await ws.close();
  }
});

test('forget by id; versions not trained on the example are left alone, and the live version is kept', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
  const ws = openWorkspace(home);
  try {
    const all = examples();
    const v1 = await fit(ws, all, 'topics', 'centroid');
    const v2 = await fit(ws, all.filter((e) => e.id !== 'football-4'), 'topics', 'centroid');
    workspaceContext(ws).tasks.deploy('topics', v1);
    const novelty = new NoveltyStore(workspaceContext(ws).db);
    assert.ok(novelty.get('topics', v1) !== undefined);
    const r = await ws.forget('topics', { id: 'football-4' }, { novelty: 'drop' });
    assert.deepEqual(r.deletedVersions, [v1]);
    assert.equal(novelty.get('topics', v1), undefined, 'old detector deleted');
    assert.equal(novelty.get('topics', r.refitted[0]!.to), undefined, 'drop: no detector for the refit');
    assert.ok(novelty.get('topics', v2) !== undefined, 'untouched version keeps its detector');
    assert.equal(r.liveVersion, r.refitted[0]!.to, 'the live version is replaced by its refit');
    assert.equal(workspaceContext(ws).tasks.getHeadVersion('topics', v2).version, v2, 'untouched version stays');
  } finally {
    await ws.close();
  }
});

test('forget refuses bad requests without changing anything or quoting the request', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
  const ws = openWorkspace(home);
  try {
    const all = examples();
    const v1 = await fit(ws, all, 'topics', 'centroid');
    await assert.rejects(ws.forget('topics', { text: 'never seen secret-xyz' }), (e: unknown) => e instanceof NotFoundError && !e.message.includes('secret-xyz'));
    await assert.rejects(ws.forget('topics', { match: '(unclosed secret-xyz' }), (e: unknown) => e instanceof UsageError && !e.message.includes('secret-xyz'));
    await assert.rejects(ws.forget('topics', { id: 'a', text: 'b' }), UsageError);
    await assert.rejects(ws.forget('topics', { match: 'today' }), (e: unknown) => e instanceof DataError && /leave label\(s\) cooking, football, weather/.test(e.message));
    await assert.rejects(ws.forget('nope', { id: 'x' }), NotFoundError);
    assert.equal(workspaceContext(ws).tasks.getTask('topics').liveVersion, v1);
    assert.equal(workspaceContext(ws).tasks.trainingExamples('topics', v1).length, 36);
    assert.equal(workspaceContext(ws).audit.list('topics').filter((a) => a.action === 'forget').length, 0);
  } finally {
    await ws.close();
  }
});

test('forget on a sharded task refits only the shard that held the example, and equals a fresh sharded fit byte for byte', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
  const ws = openWorkspace(home);
  try {
    const all = [...examples(), ...examples().map((e, i) => ({ ...e, id: `${e.id}-again`, text: `${e.text} once more ${i}`, line: 40 + i }))];
    const fitSharded = async (exs: Example[], task: string): Promise<number> =>
      (await ws.fit(datasetFromExamples(exs, { source: 'toy.jsonl' }), { task, backbone: 'hashing', seed: 7, folds: 0, privacy: 'allow', shards: 3 })).version;
    const v1 = await fitSharded(all, 'topics');
    const before = workspaceContext(ws).tasks.getHeadVersion('topics', v1).head;
    assert.equal(before.kind, 'sharded');
    const subsBefore = (before.state as { shards: Array<{ head: { kind: string } }> }).shards;
    assert.equal(subsBefore.length, 3);
    assert.ok(subsBefore.every((s) => s.head.kind === 'calibrated'), 'each shard is calibrated as a plain head is');

    const r = await ws.forget('topics', { id: 'weather-3' });
    const shards = r.refitted[0]!.shards!;
    assert.equal(shards.total, 3);
    assert.equal(shards.refitted.length, 1, 'one shard refitted');
    const after = workspaceContext(ws).tasks.getHeadVersion('topics', r.refitted[0]!.to).head;
    const subsAfter = (after.state as { shards: unknown[] }).shards;
    for (let s = 0; s < 3; s++) {
      const same = JSON.stringify(subsAfter[s]) === JSON.stringify(subsBefore[s]);
      assert.equal(same, !shards.refitted.includes(s), `shard ${s} ${same ? 'unchanged' : 'changed'}`);
    }
    assert.deepEqual(workspaceContext(ws).audit.list('topics').find((a) => a.action === 'forget')!.detail.refitted, r.refitted);

    const fresh = await fitSharded(all.filter((e) => e.id !== 'weather-3'), 'oracle');
    assert.equal(JSON.stringify(after), JSON.stringify(workspaceContext(ws).tasks.getHeadVersion('oracle', fresh).head));
    const novelty = new NoveltyStore(workspaceContext(ws).db);
    assert.equal(JSON.stringify(novelty.get('topics', r.refitted[0]!.to)), JSON.stringify(novelty.get('oracle', fresh)));
  } finally {
    await ws.close();
  }
});

test('fit refuses --shards on kinds that cannot be sharded, and shards that would miss a label', async () => {
  const home = mkdtempSync(join(tmpdir(), 'graft-forget-'));
  const ws = openWorkspace(home);
  try {
    const ds = datasetFromExamples(examples(), { source: 'toy.jsonl' });
    await assert.rejects(ws.fit(ds, { task: 't', strategy: 'ensemble', backbone: 'hashing', seed: 7, folds: 0, shards: 2 }),
      (e: unknown) => e instanceof UsageError && /cannot shard a head of kind ensemble/.test(e.message));
    await assert.rejects(ws.fit(ds, { task: 't', backbone: 'hashing', seed: 7, folds: 0, shards: 30 }),
      (e: unknown) => e instanceof DataError && /every shard needs every label/.test(e.message));
    assert.equal(workspaceContext(ws).tasks.listTasks().length, 0, 'nothing saved');
  } finally {
    await ws.close();
  }
});
