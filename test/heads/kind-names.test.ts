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
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { HEAD_KINDS } from '../../src/heads/index.js';
import { ROOT, namesOutside, sourceFiles, stringLiterals } from '../source-literals.js';

/** The one list of exceptions: file (from the repository root), the literal, and why it is not a head's kind. */
export const ALLOWED: readonly { file: string; literal: string; why: string }[] = [
  { file: 'src/eval/ood.ts', literal: 'knn', why: 'the novelty detector\'s k-nearest-neighbour method, not the head kind' },
  { file: 'src/cli/fit.ts', literal: 'multi-label', why: 'the --multi-label flag of graft fit' },
];

test('the literal reader finds strings and template text, and skips comments', () => {
  const src = "// 'no'\n/* \"no\" */ const a = 'yes' + \"also\" + `t ${x ? `in ${y}` : 'q'} end`; // `no`";
  assert.deepEqual(stringLiterals(src), ['yes', 'also', 't ', 'in ', '', 'q', ' end']);
});

test('no head kind name appears outside src/heads/, except the listed exceptions', () => {
  const { found, stale } = namesOutside('src/heads', new Set<string>(HEAD_KINDS), ALLOWED);
  assert.deepEqual(found, [], 'a head kind: read the head\'s tags or call its methods instead (src/heads/tags.ts)');
  assert.deepEqual(stale, [], 'an exception no longer needed: remove it from ALLOWED');
});

test('no code outside src/heads/ tests a head by its class', () => {
  const found: string[] = [];
  for (const f of sourceFiles('src/heads')) {
    for (const m of readFileSync(f, 'utf8').matchAll(/instanceof\s+([A-Z]\w*(?:Strategy|Head))\b/g)) found.push(`${relative(ROOT, f)}: instanceof ${m[1]}`);
  }
  assert.deepEqual(found, [], 'read the head\'s tags or call its methods instead');
});
