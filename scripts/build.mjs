#!/usr/bin/env node
// Builds the package's dist/ from src/ (run by `npm run build` and by `npm pack`/`npm publish`
// through prepack), then the CLI's bundle into dist/cli-bundle (bundle-cli.mjs) and the
// dashboard into dist/web. dist/ is removed first, so a file deleted
// from src/ never ships stale.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
const { bundleCli } = await import('./bundle-cli.mjs');
await bundleCli(root);
const { buildWeb } = await import('./build-web.mjs');
await buildWeb();
