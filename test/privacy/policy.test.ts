import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrivacyError, UsageError } from '../../src/core/index.js';
import { PseudonymKeys, openMemoryDb, pseudonymKey, rotateKey } from '../../src/store/index.js';
import { applyPrivacy, applyPrivacyToDataset, redact } from '../../src/privacy/index.js';
import { datasetFromExamples } from '../../src/data/index.js';

const examples = [
  { id: 'a', line: 2, text: 'Call Jane Doe at (415) 555-2671 or jane.doe@example.com', label: 'x' },
  { id: 'b', line: 3, text: 'nothing private here', label: 'y' },
  { id: 'c', line: 4, text: 'jane.doe@example.com wrote again; card 4111 1111 1111 1111', label: 'x' },
];

test('redact: typed placeholders, counts per type and row, no values in the report', () => {
  const { examples: out, report } = applyPrivacy(examples, { policy: 'redact', source: 'f.csv' });
  assert.equal(out[0]!.text, 'Call <PERSON> at <PHONE> or <EMAIL>');
  assert.equal(out[1]!.text, 'nothing private here');
  assert.equal(out[2]!.text, '<EMAIL> wrote again; card <CREDIT_CARD>');
  assert.equal(out[0]!.label, 'x');
  assert.deepEqual(report.byType, { PERSON: 1, PHONE: 1, EMAIL: 2, CREDIT_CARD: 1 });
  assert.equal(report.textsWithFindings, 2);
  assert.deepEqual(report.byRow.map((r) => [r.id, r.path]), [['a', 'f.csv:2'], ['c', 'f.csv:4']]);
  assert.ok(!JSON.stringify(report).includes('jane'));
  assert.equal(examples[0]!.text.startsWith('Call Jane'), true, 'input not mutated');
});

test('pseudonymize: the same value gets the same token across texts; rotation changes it', () => {
  const db = openMemoryDb();
  const key = pseudonymKey(db);
  assert.equal(key.length, 32);
  assert.deepEqual(pseudonymKey(db), key, 'key is created once and kept');
  const { examples: out } = applyPrivacy(examples, { policy: 'pseudonymize', key });
  const tok = (t: string): string[] => t.match(/<EMAIL_[0-9a-f]{10}>/g) ?? [];
  assert.equal(tok(out[0]!.text).length, 1);
  assert.deepEqual(tok(out[0]!.text), tok(out[2]!.text));
  assert.ok(!out[0]!.text.includes('jane'));
  // Different spellings of one phone number share a pseudonym; different numbers do not.
  const [p1, p2, p3] = ['(415) 555-2671', '+1 415.555.2671', '(415) 555-2672'].map((p) => redact(`call ${p}`, { key }));
  assert.equal(p1, p2);
  assert.notEqual(p1, p3);
  const rotated = rotateKey(db);
  assert.notDeepEqual(rotated, key);
  assert.deepEqual(pseudonymKey(db), rotated);
  const { examples: again } = applyPrivacy(examples, { policy: 'pseudonymize', key: rotated });
  assert.notDeepEqual(tok(again[0]!.text), tok(out[0]!.text));
});

test('pseudonymize without a key is a usage error', () => {
  assert.throws(() => applyPrivacy(examples, { policy: 'pseudonymize' }), UsageError);
});

test('refuse: PrivacyError naming rows and types, never the content', () => {
  let err: unknown;
  try {
    applyPrivacy(examples, { policy: 'refuse', source: 'f.csv' });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof PrivacyError);
  assert.equal(err.exitCode, 2);
  assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [
    ['f.csv:2', 'pii_person'], ['f.csv:2', 'pii_phone'], ['f.csv:2', 'pii_email'], ['f.csv:4', 'pii_email'], ['f.csv:4', 'pii_credit_card'],
  ]);
  for (const secret of ['Jane', '555', 'jane.doe', '4111']) assert.ok(!err.message.includes(secret), `message leaks ${secret}`);
  assert.doesNotThrow(() => applyPrivacy([examples[1]!], { policy: 'refuse' }));
});

test('allow keeps text and still counts', () => {
  const { examples: out, report } = applyPrivacy(examples, { policy: 'allow' });
  assert.deepEqual(out.map((e) => e.text), examples.map((e) => e.text));
  assert.equal(report.findings, 5);
});

test('unknown policy names the allowed ones', () => {
  assert.throws(() => applyPrivacy(examples, { policy: 'scrub' as 'redact' }), /Unknown privacy policy 'scrub'; expected one of redact, pseudonymize, refuse, allow/);
});

test('applyPrivacyToDataset: one call for the pipeline, the key asked for once, and only when needed', () => {
  const db = openMemoryDb();
  let asked = 0;
  const key = () => { asked++; return PseudonymKeys.open(db).current(); };
  const ds = datasetFromExamples(examples.map(({ id, line, text, label }) => ({ id, line, text, label })), { source: 'f.csv' });
  const { dataset, report } = applyPrivacyToDataset(ds, { policy: 'pseudonymize', key });
  assert.equal(asked, 1);
  assert.equal(dataset.source, 'f.csv');
  assert.equal(dataset.examples.length, 3);
  assert.match(dataset.examples[0]!.text, /^Call <PERSON_[0-9a-f]{10}> at <PHONE_[0-9a-f]{10}>/);
  assert.equal(report.byRow[0]!.path, 'f.csv:2');
  assert.equal(ds.examples[0]!.text, examples[0]!.text, 'input dataset untouched');
  assert.ok(dataset.examples[0]!.findings!.length > 0, 'the finding index rides along');
  const redacted = applyPrivacyToDataset(ds, { policy: 'redact', key });
  assert.equal(asked, 2, 'redact asks for the key of the finding index, since these texts hold private values');
  assert.deepEqual(redacted.dataset.examples[0]!.findings, dataset.examples[0]!.findings, 'the same values, the same digests');
  const clean = datasetFromExamples([{ text: 'nothing here', label: 'a' }, { text: 'nor here', label: 'b' }], { source: 'c.csv' });
  applyPrivacyToDataset(clean, { policy: 'redact', key });
  assert.equal(asked, 2, 'texts without private values need no key');
  assert.throws(() => applyPrivacyToDataset(ds, { policy: 'refuse' }), PrivacyError);
  assert.throws(() => applyPrivacyToDataset(ds, { policy: 'none' }), UsageError);
});
