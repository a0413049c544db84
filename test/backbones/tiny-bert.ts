/** The committed tiny BERT fixture (made by fixtures/make-tiny-bert.py) and copies of it to break. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TINY_BERT = fileURLToPath(new URL('./fixtures/tiny-bert', import.meta.url));
export const BAD_GRAPHS = fileURLToPath(new URL('./fixtures/bad-graphs', import.meta.url));

export interface TinyBertReference {
  texts: string[];
  maxTokens: number;
  ids: number[][];
  truncated: boolean[];
  prefixIds: number[][];
  vectors: Record<'mean_normalized' | 'cls_raw' | 'mean_normalized_prefix_query' | 'q8_mean_normalized', number[][]>;
}

export const REFERENCE = JSON.parse(readFileSync(join(TINY_BERT, 'reference.json'), 'utf8')) as TinyBertReference;

/** A scratch copy of the fixture folder; `done()` removes it. */
export function copyTinyBert(): { dir: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'graft-tiny-bert-'));
  const dir = join(root, 'model');
  cpSync(TINY_BERT, dir, { recursive: true });
  return { dir, done: () => rmSync(root, { recursive: true, force: true }) };
}
