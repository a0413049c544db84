/** Workspaces for bench/serve: tasks fitted from the bundled demo corpus, before any server starts. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Rng } from '../../src/core/index.js';
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
    for (const backbone of ['hashing', 'use-lite'] as const) {
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

/**
 * A labelled file of `n` short texts for the upload row: a stratified sample of
 * `datasets/sst2/train.jsonl` when a datasets folder is given (movie-review phrases, the kind
 * of data SetFit's timings are quoted on), else the demo mails cut to their first 30 words.
 */
export async function uploadFile(n: number, datasets: string | undefined): Promise<{ path: string; rows: number; what: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'graft-bench-upload-'));
  const sst2 = datasets && join(datasets, 'sst2', 'train.jsonl');
  let rows: { text: string; label: string }[];
  let what: string;
  if (sst2 && existsSync(sst2)) {
    // the raw lines, each text once (SST-2's train set repeats a few phrases under both labels)
    const seen = new Set<string>();
    const all = readFileSync(sst2, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: string })
      .filter((r) => !seen.has(r.text) && seen.add(r.text));
    const order = new Rng(42).shuffle(Int32Array.from(all.keys()));
    rows = Array.from(order.subarray(0, n), (i) => all[i]!);
    what = 'SST-2 phrases, a seeded sample';
  } else {
    rows = (await demo(n)).examples.map((e) => ({ text: e.text.split(/\s+/).slice(0, 30).join(' '), label: e.label }));
    what = 'demo mails cut to 30 words';
  }
  const path = join(dir, 'data.jsonl');
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { path, rows: rows.length, what };
}
