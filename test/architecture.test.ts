/**
 * The import boundaries that docs/architecture.md writes down: a folder under src/ imports
 * another only through its index.ts, and only folders before it in the layer order. The order
 * is read from the document, so the two cannot drift apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/**
 * Imports that break the order today, each with the issue that removes it. The test fails when
 * one of them is gone, so the list only shrinks.
 */
const KNOWN: ReadonlyArray<{ from: string; to: string; why: string }> = [];

function layerOrder(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const line = doc.split('\n').find((l) => l.startsWith('Layer order:'));
  assert.ok(line, 'docs/architecture.md has a "Layer order:" line');
  return line.slice('Layer order:'.length).split('<').map((s) => s.trim()).filter(Boolean);
}

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every relative import in a file, as [specifier, line]. */
function imports(file: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) out.push([m[1]!, i + 1]);
  });
  return out;
}

test('every folder under src/ is in the layer order of docs/architecture.md', () => {
  const order = layerOrder();
  const folders = readdirSync(SRC).filter((e) => statSync(join(SRC, e)).isDirectory());
  const missing = folders.filter((f) => !order.includes(f));
  assert.deepEqual(missing, [], `add these folders to the layer order in docs/architecture.md: ${missing.join(', ')}`);
});

test('folders import only earlier layers, and only through their index.ts', () => {
  const order = layerOrder();
  const problems: string[] = [];
  const used = new Set<string>();
  for (const file of files(SRC)) {
    const rel = relative(SRC, file).split(sep);
    if (rel.length < 2) continue; // src/index.ts: the public surface re-exports every layer
    const from = rel[0]!;
    for (const [spec, line] of imports(file)) {
      const target = relative(SRC, join(file, '..', spec)).split(sep);
      const to = target[0]!;
      if (to === from || to.startsWith('..')) continue;
      const where = `src/${rel.join('/')}:${line}`;
      if (!(target.length === 2 && target[1] === 'index.js')) problems.push(`${where} imports ${spec}: import src/${to} only through its index.ts`);
      if (order.indexOf(to) >= order.indexOf(from)) {
        const known = KNOWN.find((k) => k.from === from && k.to === to);
        if (known) used.add(`${from}->${to}`);
        else problems.push(`${where} imports ${to}, which is not below ${from} in the layer order`);
      }
    }
  }
  assert.deepEqual(problems, []);
  const stale = KNOWN.filter((k) => !used.has(`${k.from}->${k.to}`));
  assert.deepEqual(stale, [], 'these known exceptions are gone: remove them from KNOWN');
});

test('README and docs stand alone: no path into ../shared', () => {
  for (const f of ['README.md', join('docs', 'architecture.md')]) {
    if (!existsSync(join(ROOT, f))) continue;
    assert.ok(!readFileSync(join(ROOT, f), 'utf8').includes('../shared'), `${f} points outside the repository`);
  }
});
