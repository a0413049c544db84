import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFromExamples } from '../../src/data/index.js';
import { openWorkspace, workspaceContext } from '../../src/pipeline/index.js';
import { applyPrivacy, formatPrivacyReport } from '../../src/privacy/index.js';
import { pseudonymKey } from '../../src/store/index.js';
import type { PrivacyPolicy } from '../../src/privacy/index.js';

const PII = ['wilhelmina.zed@example.net', '(415) 555-2671', '4111 1111 1111 1111', 'Wilhelmina Zed', '203.0.113.77'];

function examples(): Array<{ id: string; text: string; label: string; line: number }> {
  const out = [];
  for (let i = 0; i < 24; i++) {
    const billing = i % 2 === 0;
    let text = billing ? `invoice charge refund number ${i}` : `password login reset screen ${i}`;
    if (i === 2) text += ` from ${PII[3]}, mail ${PII[0]}, card ${PII[2]}`;
    if (i === 3) text += ` call me at ${PII[1]}, my IP is ${PII[4]}`;
    out.push({ id: `t-${i}`, text, label: billing ? 'billing' : 'account', line: i + 2 });
  }
  return out;
}

function dbBytes(home: string): string {
  return ['graft.db', 'graft.db-wal'].map((f) => join(home, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

for (const policy of ['redact', 'pseudonymize'] as PrivacyPolicy[]) {
  test(`after fit with ${policy}, no raw PII string occurs anywhere in the database file`, async () => {
    const home = mkdtempSync(join(tmpdir(), `graft-e2e-${policy}-`));
    const ws = openWorkspace(home);
    try {
      const key = policy === 'pseudonymize' ? pseudonymKey(workspaceContext(ws).db) : undefined;
      const { examples: safe, report } = applyPrivacy(examples(), { policy, key, source: 'tickets.csv' });
      assert.match(formatPrivacyReport(report), new RegExp(`Privacy \\(${policy}\\): 5 findings in 2 of 24 texts`));
      const ds = datasetFromExamples(safe, { source: 'tickets.csv' });
      await ws.fit(ds, { task: 'support', strategy: 'centroid', backbone: 'hashing', seed: 3, folds: 0, privacy: policy });
      const stored = workspaceContext(ws).tasks.trainingExamples('support', 1).map((e) => e.text).join('\n');
      assert.match(stored, policy === 'redact' ? /<EMAIL>/ : /<EMAIL_[0-9a-f]{10}>/);
      const p = await ws.predict('support', ['refund my invoice']);
      assert.equal(p.predictions[0]!.label, 'billing');
    } finally {
      await ws.close();
    }
    const bytes = dbBytes(home);
    assert.ok(bytes.includes('invoice charge refund'), 'the scan can see stored text');
    for (const v of PII) assert.ok(!bytes.includes(v), `${policy}: raw value found in the database file`);
  });
}
