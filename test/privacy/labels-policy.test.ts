import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrivacyError } from '../../src/core/index.js';
import { datasetFromExamples } from '../../src/data/index.js';
import { applyPrivacy, applyPrivacyToDataset, formatPrivacyReport } from '../../src/privacy/index.js';
import { PseudonymKeys, openMemoryDb } from '../../src/store/index.js';

const EMAIL = 'jane.roe@example.com';
const CARD = '4111 1111 1111 1111';

function rows(): Array<{ id: string; line: number; text: string; label: string }> {
  return [
    { id: 'a', line: 2, text: 'please route this ticket', label: EMAIL },
    { id: 'b', line: 3, text: 'another ticket for the team', label: 'billing' },
    { id: 'c', line: 4, text: 'card problem again', label: `card ${CARD}` },
    { id: 'd', line: 5, text: 'one more for jane', label: EMAIL },
  ];
}

for (const policy of ['redact', 'refuse'] as const) {
  test(`${policy}: a label holding an e-mail or card number is refused, naming rows and types, never the label`, () => {
    let err: unknown;
    try {
      applyPrivacy(rows(), { policy, source: 'f.csv' });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof PrivacyError);
    assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [['f.csv:2', 'pii_label_email'], ['f.csv:4', 'pii_label_credit_card']]);
    assert.ok(!err.message.includes('jane.roe') && !err.message.includes('4111'), err.message);
    assert.match(err.message, /--privacy pseudonymize/);
  });
}

test('pseudonymize: labels holding private data become keyed pseudonyms (distinct values stay distinct classes)', () => {
  const db = openMemoryDb();
  const key = PseudonymKeys.open(db).current();
  const ds = datasetFromExamples(rows(), { source: 'f.csv' });
  const { dataset, report } = applyPrivacyToDataset(ds, { policy: 'pseudonymize', key: () => key });
  const labels = dataset.examples.map((e) => e.label);
  assert.match(labels[0]!, /^<EMAIL_[0-9a-f]{10}>$/);
  assert.equal(labels[0], labels[3], 'the same address, the same class');
  assert.match(labels[2]!, /^card <CREDIT_CARD_[0-9a-f]{10}>$/);
  assert.equal(labels[1], 'billing');
  assert.deepEqual(dataset.labels, [...new Set(labels)].sort());
  assert.ok(!JSON.stringify(dataset).includes('jane.roe'));
  assert.deepEqual(report.labels, { labels: 2, byType: { EMAIL: 1, CREDIT_CARD: 1 }, action: 'pseudonymized' });
});

test('allow keeps the labels and says so; ordinary labels (ham, World, Sports, Paris) are not flagged by any policy', () => {
  const { examples, report } = applyPrivacy(rows(), { policy: 'allow', source: 'f.csv' });
  assert.equal(examples[0]!.label, EMAIL);
  assert.equal(report.labels?.action, 'kept');
  assert.match(formatPrivacyReport(report), /2 labels hold private data \(EMAIL 1, CREDIT_CARD 1\); kept as they are \(policy allow\)/);
  const plain = ['ham', 'spam', 'World', 'Sports', 'Paris', 'de', 'Alice', '2024-01-05'].map((label, i) => ({ text: `t ${i}`, label }));
  for (const policy of ['redact', 'refuse'] as const) {
    assert.equal(applyPrivacy(plain, { policy, source: 's' }).report.labels?.action, 'none', policy);
  }
});
