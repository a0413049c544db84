/**
 * Every registered backbone kind runs the conformance suite: a kind added to the registry
 * without a test file calling runBackboneConformance('<kind>', ...) fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BACKBONE_KINDS } from '../../src/backbones/index.js';

test('the conformance suite runs on every registered backbone kind', () => {
  const dir = import.meta.dirname;
  const covered = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.ts'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/runBackboneConformance\(\s*'([^']+)'/g)) covered.add(m[1]!);
  }
  assert.deepEqual(BACKBONE_KINDS.filter((k) => !covered.has(k)), [], 'add runBackboneConformance(KIND, ...) to that kind\'s test file');
});
