/**
 * Backbone and head names in the public API are literal types: a typo (`strategy: 'logstic'`,
 * `backbone: 'use-lit'`) does not compile, while every form graft accepts does (`hashing?dim=8`,
 * `onnx:PATH`, `use-lite+hashing`, lists), and a program names its own registered kinds and
 * backbones by augmenting CustomHeadKinds / CustomBackbones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');
const API = join(ROOT, 'src', 'index.js');

/** Type errors of each snippet, compiled together against the public API, by snippet and line. */
function typeErrors(snippets: Record<string, string>): Record<string, number[]> {
  const dir = mkdtempSync(join(ROOT, 'test', '.api-names-'));
  try {
    const files = Object.entries(snippets).map(([name, code]) => {
      const file = join(dir, `${name}.ts`);
      writeFileSync(file, `import type { BakeoffDatasetOptions, EvaluateOptions, FitTaskOptions, ZeroShotTaskOptions } from '${API}';\n${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true, noEmit: true, skipLibCheck: true, types: ['node'],
    });
    const out: Record<string, number[]> = Object.fromEntries(Object.keys(snippets).map((k) => [k, []]));
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const i = d.file ? files.indexOf(d.file.fileName) : -1;
      assert.ok(i >= 0, `an error outside the snippets: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      out[Object.keys(snippets)[i]!]!.push(d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a misspelt head kind or backbone does not compile; every accepted form does; custom names are declared by augmentation', () => {
  const errors = typeErrors({
    accepted: `
const a: FitTaskOptions = { task: 't', strategy: 'logistic', backbone: 'use-lite', seed: 1, folds: 5 };
const b: FitTaskOptions = { task: 't', strategy: 'ensemble', member: 'knn', backbone: ['use-lite', 'hashing?dim=512'], seed: 1, folds: 0 };
const c: FitTaskOptions = { task: 't', backbone: 'use-lite+hashing', seed: 1, folds: 0 };
const d: EvaluateOptions = { backbones: ['onnx:./models/minilm', 'hf:sentence-transformers/all-MiniLM-L6-v2', 'openai:text-embedding-3-small'], strategies: ['knn', 'centroid'], folds: 5, seed: 1 };
const e: ZeroShotTaskOptions = { task: 't', labels: ['a', 'b'], backbone: 'onnx:./m?dtype=q8' };
const f: FitTaskOptions = { task: 't', backbone: 'use-lite,hashing?dim=64', seed: 1, folds: 0 };
export const all = [a, b, c, d, e, f];`,
    typos: `
export const a: FitTaskOptions = { task: 't', strategy: 'logstic', backbone: 'use-lite', seed: 1, folds: 5 };
export const b: FitTaskOptions = { task: 't', backbone: 'use-lit', seed: 1, folds: 5 };
export const c: EvaluateOptions = { backbones: ['onxx:./m'], strategies: ['knn'], folds: 5, seed: 1 };
export const d: BakeoffDatasetOptions = { backbones: ['hashing'], strategies: ['nearest'], seed: 1 };
export const e: FitTaskOptions = { task: 't', member: 'forest', backbone: 'hashing', seed: 1, folds: 5 };
export const f: FitTaskOptions = { task: 't', backbone: 'their-encoder', seed: 1, folds: 5 };
export const g: FitTaskOptions = { task: 't', backbone: 'use-lit,hashing', seed: 1, folds: 5 };`,
    custom: `
declare module '${API}' {
  interface CustomHeadKinds { svm: true }
  interface CustomBackbones { 'my-encoder': true }
}
export const a: FitTaskOptions = { task: 't', strategy: 'svm', backbone: 'my-encoder', seed: 1, folds: 5 };
export const b: BakeoffDatasetOptions = { backbones: ['my-encoder', 'hashing'], strategies: ['svm', 'logistic'], seed: 1 };`,
  });
  assert.deepEqual(errors.accepted, []);
  assert.deepEqual(errors.custom, []);
  // one error per misspelt line (0-based lines 2 to 8: the import and a blank line come first); the
  // augmentation names only svm and my-encoder
  assert.deepEqual(errors.typos, [2, 3, 4, 5, 6, 7, 8]);
});
