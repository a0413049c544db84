/**
 * `npm ci` needs nothing beyond the npm registry for the ONNX runtime: its CPU binaries are in
 * the npm package, and its install script (which on Linux x64 downloads the CUDA provider from
 * NuGet) is denied by package.json's allowScripts. Read from the files npm installs, offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

test('onnxruntime-node: CPU binaries in the package, the install script that fetches others denied', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };
  assert.equal(pkg.allowScripts?.['onnxruntime-node'], false, 'its install script never runs');

  const dir = dirname(require.resolve('onnxruntime-node/package.json', { paths: [dirname(require.resolve('@huggingface/transformers'))] }));
  const bin = join(dir, 'bin', 'napi-v6', process.platform, process.arch);
  assert.ok(existsSync(join(bin, 'onnxruntime_binding.node')), `the binding ships in the package (${bin})`);
  // What the install script would fetch for this platform: files the package does not ship, none the CPU path needs.
  const meta = require(join(dir, 'script', 'install-metadata.js')) as { requirements: Record<string, string[]>; manifests: Record<string, Record<string, unknown>> };
  const wanted = (meta.requirements[`${process.platform}/${process.arch}`] ?? []).flatMap((m) => Object.keys(meta.manifests[`${process.platform}/${process.arch}:${m}`] ?? {}));
  for (const f of wanted) {
    assert.match(f, /providers_(cuda|tensorrt|shared)/, `${f} is a GPU provider`);
    assert.equal(existsSync(join(bin, f)), false, `${f} is not shipped, so only the script would fetch it`);
  }
});
