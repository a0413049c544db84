#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and the modules it imports) into a few chunks in
// dist/cli-bundle/, which an installed `graft` runs (bin/graft.js). Node's ES-module loader pays
// about a millisecond of CPU per file, and `graft forget` loaded ~360 of them: as chunks (one per
// command's lazy import, split where they share code) its imports cost about a third less
// (bench/unlearn --command). Packages stay outside (node_modules as usual).
//
// A bundled module no longer sits where its source did, so each `import.meta.url` is rewritten
// to the URL of the module's own file in dist/ (computed from the chunk's URL): worker entries
// (`startModuleWorker(import.meta.url, './path-worker')`), `createRequire`, the dashboard's folder
// and package.json lookups resolve exactly as in the unbundled build, whose files stay in dist/.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Writes dist/cli-bundle/ from dist/ (tsc's output), with esbuild (an exact dev dependency). */
export async function bundleCli(root) {
  const { build } = await import('esbuild');
  const dist = join(root, 'dist');
  const outdir = join(dist, 'cli-bundle');
  const moduleUrl = {
    name: 'module-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(dist + sep)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const own = relative(outdir, args.path).split(sep).join('/');
        return {
          contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`),
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
  await build({
    entryPoints: { main: join(dist, 'cli', 'main.js') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [moduleUrl],
  });
}
