/**
 * scripts/bundle-cli.mjs, which an installed graft runs (bin/graft.js): on a small compiled tree,
 * a bundled module's `import.meta.url` is still its own file's URL in dist/ (so worker entries,
 * createRequire and data folders resolve as unbundled), and a lazily imported module becomes a
 * chunk of its own that loads only when imported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleCli } from '../../scripts/bundle-cli.mjs';

test('the bundled CLI keeps each module\'s own URL and its lazy imports as chunks', async () => {
  const root = mkdtempSync(join(tmpdir(), 'graft-bundle-'));
  const dist = join(root, 'dist');
  for (const d of ['cli', 'heads/logistic']) mkdirSync(join(dist, d), { recursive: true });
  writeFileSync(join(dist, 'heads/logistic/pool.js'),
    "export const here = import.meta.url;\nexport const worker = new URL('./path-worker.js', import.meta.url).href;\n");
  writeFileSync(join(dist, 'cli/late.js'), "export const late = 'late ' + import.meta.url;\n");
  writeFileSync(join(dist, 'cli/main.js'), [
    "import { here, worker } from '../heads/logistic/pool.js';",
    "const { late } = process.argv[2] === 'late' ? await import('./late.js') : { late: 'not loaded' };",
    'console.log(JSON.stringify({ here, worker, late, main: import.meta.url }));',
  ].join('\n'));
  await bundleCli(root);
  const out = join(dist, 'cli-bundle');
  const files = readdirSync(out);
  assert.ok(files.includes('main.js'));
  assert.ok(files.some((f) => f.startsWith('late-')), `the lazy import is a chunk of its own: ${files.join(', ')}`);
  const run = (arg: string) => {
    const r = spawnSync(process.execPath, [join(out, 'main.js'), arg], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { here: string; worker: string; late: string; main: string };
  };
  const early = run('early');
  assert.equal(early.here, pathToFileURL(join(dist, 'heads/logistic/pool.js')).href);
  assert.equal(early.worker, pathToFileURL(join(dist, 'heads/logistic/path-worker.js')).href);
  assert.equal(early.main, pathToFileURL(join(dist, 'cli/main.js')).href);
  assert.equal(early.late, 'not loaded');
  assert.equal(run('late').late, `late ${pathToFileURL(join(dist, 'cli/late.js')).href}`);
});
