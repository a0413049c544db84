import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type PiiType } from '../../src/privacy/index.js';
import { resolveOverlaps } from '../../src/privacy/resolve.js';

function found(text: string, type: PiiType): string[] {
  return detect(text, { types: [type] }).map((f) => text.slice(f.start, f.end));
}

test('ORGANIZATION: an acronym defined after the name, and later mentions, count; other capitals do not', () => {
  const t = 'a talk by the Irish Linux Users Group (ILUG) - open source.\n\nILUG member Braun Brelin proposed it.';
  assert.deepEqual(found(t, 'ORGANIZATION'), ['Irish Linux Users Group', 'ILUG', 'ILUG']);
  // An acronym that does not spell the name is not taken: "(FAQ)" after a group.
  assert.deepEqual(found('see the Irish Linux Users Group (FAQ) page', 'ORGANIZATION'), ['Irish Linux Users Group']);
  // The legal form may be left out of the acronym.
  assert.ok(found('I work with the United Bank for Africa Plc (UBA), Ilupeju branch. UBA pays.', 'ORGANIZATION').filter((v) => v === 'UBA').length === 2);
  // A mention inside an address or a word is not one.
  assert.deepEqual(found('the Irish Linux Users Group (ILUG) list: ilug@linux.ie, ILUGS', 'ORGANIZATION'), ['Irish Linux Users Group', 'ILUG']);
});

test('LOCATION: a line of places is one address span; sentences and code lists are not', () => {
  assert.deepEqual(found('Chris Fortune\nFortune\'s Web Computer Services\nNelson, BC, Canada\nV1L 2W3\n', 'LOCATION'), ['Nelson, BC, Canada']);
  assert.deepEqual(found('MR MABO LOKO\nBRANCH OFFICER\nILUPEJU LAGOS NIGERIA\n\nSIR', 'LOCATION'), ['ILUPEJU LAGOS NIGERIA']);
  // In running text each place is its own span.
  assert.deepEqual(found('the Ilupeju branch,\nLagos Nigeria.\n', 'LOCATION'), ['Lagos', 'Nigeria']);
  // An organization's name on its own line is no address.
  assert.ok(!found('MINISTRY UNDER\nSOUTH AFRICA GOVERNMENT.\n', 'LOCATION').includes('SOUTH AFRICA GOVERNMENT'));
});

test('resolveOverlaps: a finding that contains a surer one of the same type keeps the whole span', () => {
  const kept = resolveOverlaps([
    { type: 'PERSON', start: 0, end: 6, confidence: 0.75, rule: 'a' },
    { type: 'PERSON', start: 0, end: 12, confidence: 0.7, rule: 'b' },
    { type: 'ORGANIZATION', start: 0, end: 20, confidence: 0.72, rule: 'c' },
  ]);
  assert.deepEqual(kept.map((f) => [f.type, f.start, f.end]), [['PERSON', 0, 12]]);
  // Of different types, the surer one still wins.
  const other = resolveOverlaps([
    { type: 'PERSON', start: 0, end: 6, confidence: 0.75, rule: 'a' },
    { type: 'ORGANIZATION', start: 0, end: 20, confidence: 0.7, rule: 'c' },
  ]);
  assert.deepEqual(other.map((f) => f.type), ['PERSON']);
});
