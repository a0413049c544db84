/** The one table: every constant and every published result says where it comes from and when. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADVISOR_TABLES_VERSION, CONSTANTS, FINE_TUNING_EVIDENCE } from '../../src/advisor/index.js';
import { sha256 } from '../../src/core/index.js';

const DATE = /^(19|20)\d\d-(0[1-9]|1[0-2])(-([0-2]\d|3[01]))?$/;

test('every constant has a finite value, a unit, a meaning, a source and a date', () => {
  const names = Object.keys(CONSTANTS);
  assert.ok(names.length >= 30, `the table holds the cost model's numbers (${names.length})`);
  for (const [name, c] of Object.entries(CONSTANTS)) {
    assert.ok(Number.isFinite(c.value), `${name}: value`);
    assert.ok(c.unit.length > 0 && c.meaning.length > 10, `${name}: unit and meaning`);
    assert.ok(c.source.length > 10, `${name}: source`);
    assert.match(c.date, DATE, `${name}: date YYYY-MM(-DD)`);
    assert.ok(['published', 'price', 'assumption', 'policy'].includes(c.kind), `${name}: kind`);
    if (c.kind === 'price') assert.match(c.source, /https:\/\//, `${name}: a price names its page`);
    if (c.kind === 'published') assert.match(c.source, /\d{4}|https:\/\/|IEEE/, `${name}: a published number names its paper (year) or page`);
  }
});

test('every published comparison has both accuracies, examples per class, a source and a date', () => {
  assert.ok(FINE_TUNING_EVIDENCE.length >= 10);
  const ids = new Set<string>();
  for (const r of FINE_TUNING_EVIDENCE) {
    assert.ok(!ids.has(r.id), `${r.id}: unique id`);
    ids.add(r.id);
    for (const acc of [r.frozen.accuracy, r.fineTuned.accuracy]) assert.ok(acc > 0 && acc < 1, `${r.id}: accuracy is a fraction`);
    assert.ok(r.perClass >= 1, `${r.id}: examples per class`);
    assert.ok(r.source.length > 20, `${r.id}: source`);
    assert.match(r.date, DATE, `${r.id}: date`);
    assert.ok(['base', 'large'].includes(r.fineTuned.size));
  }
});

test('the tables version changes with any number in them', () => {
  assert.equal(ADVISOR_TABLES_VERSION, sha256(JSON.stringify({ CONSTANTS, FINE_TUNING_EVIDENCE })).slice(0, 12));
  const changed = { ...CONSTANTS, gpuUsdPerHour: { ...CONSTANTS.gpuUsdPerHour, value: 4.2 } };
  assert.notEqual(sha256(JSON.stringify({ CONSTANTS: changed, FINE_TUNING_EVIDENCE })).slice(0, 12), ADVISOR_TABLES_VERSION);
  assert.ok(Object.isFrozen(CONSTANTS) && Object.isFrozen(FINE_TUNING_EVIDENCE), 'nothing may change the tables at run time');
});
