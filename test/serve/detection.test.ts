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
import { createServer } from '../../src/serve/index.js';
import { settled } from './fixture.js';
import type { NerStage } from '../../src/privacy/index.js';

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

test('createServer\'s default job thread cleans a fit\'s texts with the workspace\'s detection settings', { timeout: 180_000 }, async () => {
  // A library user opens the workspace with regions US and leaves the job thread to its default:
  // the thread's fit must keep the German number as text (US rules do not read it), where the
  // default regions would have redacted it as the server's own thread does not.
  const rows = Array.from({ length: 6 }, (_, i) => ({ text: i % 2 ? `sunny skies ${i}` : `${BERLIN} ${i}`, label: i % 2 ? 'calm' : 'storm' }));
  for (const [regions, kept] of [['US', true], [undefined, false]] as const) {
    const home = mkdtempSync(join(tmpdir(), 'graft-serve-detection-'));
    const ws = openWorkspace({ home, ...(regions ? { detection: { regions } } : {}) });
    assert.deepEqual(ws.detection, regions ? { regions: [regions] } : {});
    const app = await createServer(ws, { backbones: ['hashing'] });
    try {
      const res = await app.inject({ method: 'POST', url: '/v1/tasks/weather/fit', payload: { rows, strategy: 'centroid', backbone: 'hashing', folds: 0 } });
      assert.equal(res.statusCode, 202, res.body);
      const done = await settled(app, (res.json() as { id: string }).id);
      assert.equal(done.state, 'succeeded', JSON.stringify(done.error));
      const texts = (ws as unknown as { ctx: { db: { prepare(sql: string): { all(): { text: string }[] } } } }).ctx.db
        .prepare("SELECT text FROM training_examples WHERE task = 'weather'").all().map((r) => r.text);
      assert.equal(texts.length, 6);
      assert.equal(texts.some((t) => t.includes('030 12345678')), kept, `regions ${regions ?? 'default'}: ${texts.join(' | ')}`);
    } finally {
      await app.close();
      await ws.close();
    }
  }
});

test('a workspace given a loaded NER stage has no detection settings another thread can open', () => {
  const stage = {} as NerStage; // never called: the workspace only keeps it
  const ws = openWorkspace({ home: mkdtempSync(join(tmpdir(), 'graft-serve-detection-')), detection: { ner: stage } });
  assert.equal(ws.detection, undefined);
  void ws.close();
});
