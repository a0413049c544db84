/**
 * No head kind name is written outside src/heads/ (each kind's folder and the registry): the
 * layers above read a head's tags and call its methods, never test its kind. The check reads
 * every string literal of src/**\/*.ts outside src/heads/, comments skipped; a literal that is
 * exactly a kind name (what a comparison, a list or a default would hold) fails unless ALLOWED
 * lists it with its reason. Words in prose ("a zero-shot task", "ensemble kept") are the
 * product's vocabulary, not a decision by kind, and pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HEAD_KINDS } from '../../src/heads/index.js';

/** The one list of exceptions: file (from the repository root), the literal, and why it is not a head's kind. */
export const ALLOWED: readonly { file: string; literal: string; why: string }[] = [
  { file: 'src/eval/ood.ts', literal: 'knn', why: 'the novelty detector\'s k-nearest-neighbour method, not the head kind' },
  { file: 'src/cli/fit.ts', literal: 'multi-label', why: 'the --multi-label flag of graft fit' },
];

const ROOT = join(import.meta.dirname, '..', '..');
const OWN = join(ROOT, 'src', 'heads');

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (p === OWN) continue;
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The string literals of TypeScript source ('…', "…", and the text parts of `…${}…`), comments skipped. */
export function stringLiterals(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  const depth: number[] = []; // brace depth at each open template's ${
  let braces = 0;
  const readQuoted = (q: string): void => {
    let s = '';
    for (i++; i < src.length && src[i] !== q; i++) s += src[i] === '\\' ? src[++i] : src[i];
    i++;
    out.push(s);
  };
  const readTemplate = (): void => {
    let s = '';
    for (; i < src.length; i++) {
      if (src[i] === '\\') { s += src[++i]; continue; }
      if (src[i] === '`') { i++; break; }
      if (src[i] === '$' && src[i + 1] === '{') { i += 2; depth.push(braces); break; }
      s += src[i];
    }
    out.push(s);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') { i = src.indexOf('*/', i + 2) + 2; continue; }
    if (c === '\'' || c === '"') { readQuoted(c); continue; }
    if (c === '`') { i++; readTemplate(); continue; }
    if (c === '{') braces++;
    if (c === '}') {
      if (depth.length > 0 && depth[depth.length - 1] === braces) { depth.pop(); i++; readTemplate(); continue; }
      braces--;
    }
    i++;
  }
  return out;
}

test('the literal reader finds strings and template text, and skips comments', () => {
  const src = "// 'no'\n/* \"no\" */ const a = 'yes' + \"also\" + `t ${x ? `in ${y}` : 'q'} end`; // `no`";
  assert.deepEqual(stringLiterals(src), ['yes', 'also', 't ', 'in ', '', 'q', ' end']);
});

test('no head kind name appears outside src/heads/, except the listed exceptions', () => {
  const kinds = new Set<string>(HEAD_KINDS);
  const found: string[] = [];
  const used = new Set<string>();
  for (const f of files(join(ROOT, 'src'))) {
    const file = relative(ROOT, f).split('\\').join('/');
    for (const lit of stringLiterals(readFileSync(f, 'utf8'))) {
      if (!kinds.has(lit)) continue;
      const ok = ALLOWED.find((a) => a.file === file && a.literal === lit);
      if (ok) used.add(`${ok.file}:${ok.literal}`);
      else found.push(`${file}: '${lit}' is a head kind`);
    }
  }
  assert.deepEqual(found, [], 'read the head\'s tags or call its methods instead (src/heads/tags.ts)');
  const stale = ALLOWED.filter((a) => !used.has(`${a.file}:${a.literal}`));
  assert.deepEqual(stale, [], 'an exception no longer needed: remove it from ALLOWED');
});

test('no code outside src/heads/ tests a head by its class', () => {
  const found: string[] = [];
  for (const f of files(join(ROOT, 'src'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(/instanceof\s+([A-Z]\w*(?:Strategy|Head))\b/g)) found.push(`${relative(ROOT, f)}: instanceof ${m[1]}`);
  }
  assert.deepEqual(found, [], 'read the head\'s tags or call its methods instead');
});
