/** Workspaces for bench/serve: tasks fitted from the bundled demo corpus, before any server starts. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoCorpus, stratifiedSample } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';
import { openWorkspace } from '../../src/pipeline/index.js';

/** The demo corpus (SpamAssassin, bundled): `n` labelled mails, the same ones every run. */
export function demo(n: number, seed = 42): Promise<Dataset> {
  return loadDemoCorpus({ limit: n, seed });
}

/**
 * A store with one task per backbone for the load rows (`bench-hashing`, `bench-use-lite`),
 * and `tasks` more on use-lite (`t000`, ...), each fitted on its own sample of mails.
 */
export async function prepareHome(tasks: number, log: (s: string) => void): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'graft-bench-serve-'));
  const ws = openWorkspace(home);
  try {
    const base = await demo(300);
    for (const backbone of ['hashing', 'use-lite']) {
      await ws.fit(base, { task: `bench-${backbone}`, backbone, seed: 1, folds: 0 });
    }
    const pool = await demo(1500);
    for (let t = 0; t < tasks; t++) {
      // 200 mails each, a different sample of the pool (its vectors are cached after the first pass)
      const ds = stratifiedSample(pool, 200, t);
      await ws.fit(ds, { task: `t${String(t).padStart(3, '0')}`, backbone: 'use-lite', seed: t, folds: 0 });
      if ((t + 1) % 10 === 0) log(`  ${t + 1}/${tasks} tasks fitted`);
    }
  } finally {
    await ws.close();
  }
  return home;
}

/** The first `n` demo mails as a labelled CSV file, for the upload row. */
export async function demoCsv(n: number): Promise<{ path: string; rows: number }> {
  const ds = await demo(n);
  const path = join(mkdtempSync(join(tmpdir(), 'graft-bench-upload-')), 'mails.csv');
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  writeFileSync(path, ['text,label', ...ds.examples.map((e) => `${q(e.text)},${e.label}`)].join('\n') + '\n');
  return { path, rows: ds.examples.length };
}
