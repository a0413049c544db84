/**
 * README's library example is code a user will paste: it must type-check against the public
 * API (src/index.ts) under the project's strict settings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');

/** The ```ts blocks of README.md that import the package. */
function libraryExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.filter((b) => /from 'graft(-ml)?'/.test(b));
}

test('README has a library example, and every one type-checks against the public API', () => {
  const examples = libraryExamples();
  assert.ok(examples.length >= 1, 'README shows how to use graft as a library');
  const dir = mkdtempSync(join(ROOT, 'test', '.readme-'));
  try {
    const files = examples.map((code, i) => {
      const file = join(dir, `example-${i}.ts`);
      // the package name resolves to the sources, as it would to the built types once installed
      writeFileSync(file, code.replace(/from 'graft(-ml)?'/g, `from '${join(ROOT, 'src', 'index.js')}'`) + '\nexport {};\n');
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: true, types: ['node'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(d.file.fileName));
    const messages = diagnostics.map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `example ${files.indexOf(d.file!.fileName)}, line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(messages, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
