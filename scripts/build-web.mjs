#!/usr/bin/env node
// Builds the dashboard (web/, Vite) into dist/web, which `graft serve` serves at `/`. Run by
// `npm run build` (so the package ships it) and by the dashboard's tests when dist/web is
// missing or older than web/. `--if-stale` skips the build when dist/web is newer than every
// file under web/ and the lockfile.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web', 'index.html');

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((e) => newest(join(p, e))));
}

/** Whether dist/web is missing or older than its sources. */
export function webIsStale() {
  if (!existsSync(out)) return true;
  return statSync(out).mtimeMs < Math.max(newest(join(root, 'web')), statSync(join(root, 'package-lock.json')).mtimeMs);
}

/** Builds dist/web (vite is a dev dependency: imported only here). */
export async function buildWeb({ ifStale = false } = {}) {
  if (ifStale && !webIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildWeb({ ifStale: process.argv.includes('--if-stale') });
}
