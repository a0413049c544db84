import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError, NotFoundError, UsageError } from '../../src/core/index.js';
import {
  DEFAULT_TAGS, HEADS, HEAD_KINDS, createStrategy, defineHead, headTagsOf, kindsWhere, restoreHead, tagsOf,
} from '../../src/heads/index.js';
import type { FittedHead, HeadDefinition } from '../../src/heads/index.js';
import { blobs } from './gaussian-blobs.js';

describe('head registry', () => {
  it('lists the built-in kinds, frozen', () => {
    for (const k of ['logistic', 'knn', 'centroid']) assert.ok((HEAD_KINDS as readonly string[]).includes(k), `${k} in ${HEAD_KINDS.join(',')}`);
    assert.ok(Object.isFrozen(HEAD_KINDS));
    assert.ok(Object.isFrozen(HEADS));
    assert.throws(() => { (HEADS as unknown as { kinds: string[] }).kinds = []; }, TypeError);
  });

  it('an unknown kind is a NotFoundError listing the known kinds', () => {
    assert.throws(() => createStrategy('svm'), (e: unknown) =>
      e instanceof NotFoundError && /Unknown head kind "svm"; known kinds are: .*logistic.*knn.*centroid/.test(e.message));
    assert.throws(() => headTagsOf('svm'), NotFoundError);
  });

  it('restoreHead refuses damaged or unknown saved heads', async () => {
    const { X, y, labels } = blobs({ n: 30, d: 8, classes: 3, seed: 1 });
    const json = (await createStrategy('logistic', { C: 1 }).fit(X, y, { seed: 1, labels })).toJSON();
    assert.throws(() => restoreHead({ ...json, format: 2 as 1 }), DataError);
    assert.throws(() => restoreHead({ ...json, kind: 'nope' }), NotFoundError);
    assert.throws(() => restoreHead({ ...json, state: { W: json.state.W } }), /missing state.W or state.b/);
    assert.throws(() => restoreHead({ ...json, dim: 9 }), /expected/);
  });

  it('every strategy carries the tags its kind is registered with', () => {
    for (const kind of HEAD_KINDS) {
      const tags = headTagsOf(kind);
      assert.ok(Object.isFrozen(tags));
      assert.deepEqual(Object.keys(tags).sort(), Object.keys(DEFAULT_TAGS).sort(), `${kind} declares every tag`);
    }
    assert.deepEqual(tagsOf(createStrategy('mlp')), headTagsOf('mlp'));
    assert.deepEqual(tagsOf(createStrategy('sharded', { shards: 2, base: 'knn' })), headTagsOf('sharded'));
    // a strategy without tags (a user's own) gets the defaults
    assert.deepEqual(tagsOf({ tags: undefined }), DEFAULT_TAGS);
  });

  it('tags answer what the layers above ask, without kind names', () => {
    assert.deepEqual(kindsWhere((t) => t.output === 'independent'), ['multi-label']);
    assert.deepEqual(kindsWhere((t) => t.needsLabelNames), ['zero-shot']);
    assert.deepEqual(kindsWhere((t) => !t.calibratable), ['calibrated', 'ensemble', 'multi-label', 'zero-shot']);
    assert.deepEqual(kindsWhere((t) => t.shardable), ['logistic', 'knn', 'centroid', 'mlp', 'adapter']);
    assert.deepEqual(kindsWhere((t) => t.shardedByDefault), ['logistic']);
    assert.deepEqual(kindsWhere((t) => t.member), ['logistic', 'knn', 'centroid', 'mlp', 'adapter']);
  });

  it('an extension registers a kind in a new registry, never in the built-in one', async () => {
    // 'echo': a centroid head under another name, saved and restored as itself
    const rename = (h: FittedHead): FittedHead => Object.assign(Object.create(h) as FittedHead, { kind: 'echo' });
    const echo: HeadDefinition = defineHead({
      tags: headTagsOf('centroid'),
      create: (params, heads) => {
        const s = heads.createStrategy('centroid', params);
        return { kind: 'echo', params: s.params, tags: s.tags, fit: async (X, y, o) => rename(await s.fit(X, y, o)) };
      },
      restore: (json, heads) => rename(heads.restoreHead({ ...json, kind: 'centroid' })),
    });
    const mine = HEADS.with({ echo });
    assert.deepEqual(mine.kinds, [...HEAD_KINDS, 'echo']);
    assert.throws(() => createStrategy('echo'), NotFoundError);
    assert.throws(() => HEADS.with({ logistic: echo }), (e: unknown) => e instanceof UsageError && /already registered/.test(e.message));
    assert.throws(() => HEADS.with({ 'Bad Name': echo }), UsageError);
    // a built-in meta-head builds the extension's kind through the registry it was created by
    const { X, y, labels } = blobs({ n: 40, d: 6, classes: 2, seed: 3 });
    const ens = mine.createStrategy('ensemble', { members: [{ kind: 'echo' }, { kind: 'logistic' }], folds: 2 });
    const head = await ens.fit(X, y, { seed: 1, labels });
    assert.match(JSON.stringify(head.toJSON()), /"kind":"echo"/);
    assert.deepEqual(mine.restoreHead(JSON.parse(JSON.stringify(head.toJSON()))).predictProba(X).data, head.predictProba(X).data);
  });
});
