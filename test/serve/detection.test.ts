/**
 * `graft serve` cleans texts with the same detection settings as every other command
 * (GRAFT_PII_REGIONS, GRAFT_NER): a task fitted from the CLI and served over HTTP treats its
 * inputs as its training texts were treated. (Before, the server ignored them.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graftInProcess } from '../cli/in-process.js';
import { openWorkspace } from '../../src/pipeline/index.js';
import { serveProcess } from './process.js';

const BERLIN = 'storm warning, ruf 030 12345678 an';

test('graft serve refuses an unknown region in GRAFT_PII_REGIONS before it listens, as other commands do', async () => {
  const r = await graftInProcess(mkdtempSync(join(tmpdir(), 'graft-serve-detection-')), ['serve', '--port', '0', '--backbones', 'hashing'], { GRAFT_PII_REGIONS: 'XX' });
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /Unknown region 'XX'/);
  assert.doesNotMatch(r.err, /listening/);
});

test('with GRAFT_PII_REGIONS=US the server reads no German national number, which the default regions find', { timeout: 180_000 }, async () => {
  const byDefault = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-serve-detection-')) });
  try {
    assert.equal((await byDefault.scan({ texts: [BERLIN] })).byType.PHONE, 1, 'the default regions read the Berlin number');
  } finally {
    await byDefault.close();
  }
  const server = await serveProcess(mkdtempSync(join(tmpdir(), 'graft-serve-detection-')), [], 120_000, { GRAFT_PII_REGIONS: 'US' });
  try {
    const res = await fetch(`${server.url}/v1/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ texts: [BERLIN] }) });
    assert.equal(res.status, 200);
    const report = await res.json() as { byType: Record<string, number> };
    assert.equal(report.byType.PHONE ?? 0, 0, JSON.stringify(report.byType));
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
