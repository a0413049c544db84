#!/usr/bin/env node
// The `graft` command. In a checkout it runs the TypeScript sources through tsx (a dev
// dependency, so it is never stale); an installed package ships only dist/, the compiled CLI,
// which it runs bundled (dist/cli-bundle: a few chunks start faster than ~360 module files;
// scripts/bundle-cli.mjs), or as tsc wrote it when the bundle is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const bundled = join(root, 'dist', 'cli-bundle', 'main.js');
const compiled = existsSync(bundled) ? bundled : join(root, 'dist', 'cli', 'main.js');
if (existsSync(source)) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    if (!existsSync(compiled)) {
      process.stderr.write('graft: this checkout has no tsx to run src/ and no dist/ build; run `npm ci` (or `npm run build`) first.\n');
      process.exit(2);
    }
  }
  if (register) {
    register();
    await import(pathToFileURL(source).href);
  } else {
    await import(pathToFileURL(compiled).href);
  }
} else {
  await import(pathToFileURL(compiled).href);
}
