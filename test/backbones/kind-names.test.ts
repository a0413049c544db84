/**
 * No backbone kind name is written outside src/backbones/ (each kind's folder and the registry):
 * the layers above open a backbone from its spec string and read the registry (cache policy,
 * remote or local, the default), never test its kind. Same reader as the heads' check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKBONE_KINDS } from '../../src/backbones/index.js';
import { namesOutside } from '../source-literals.js';

/** The one list of exceptions: file (from the repository root), the literal, and why it is not a decision by kind. */
export const ALLOWED: readonly { file: string; literal: string; why: string }[] = [
  { file: 'src/pipeline/demo.ts', literal: 'use-lite', why: 'the demo compares the two bundled backbones by name, as a user would' },
  { file: 'src/pipeline/demo.ts', literal: 'hashing', why: 'the demo compares the two bundled backbones by name, as a user would' },
  { file: 'src/privacy/ner/onnx.ts', literal: 'onnx', why: 'the onnx/ folder of a Hugging Face model layout, not the backbone kind' },
];

test('no backbone kind name appears outside src/backbones/, except the listed exceptions', () => {
  const { found, stale } = namesOutside('src/backbones', new Set<string>(BACKBONE_KINDS), ALLOWED);
  assert.deepEqual(found, [], 'a backbone kind: open it from its spec and ask the registry (src/backbones/registry.ts) instead');
  assert.deepEqual(stale, [], 'an exception no longer needed: remove it from ALLOWED');
});
