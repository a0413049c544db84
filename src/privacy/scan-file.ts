/**
 * Reads any text file for `graft scan`: CSV/TSV and JSONL are scanned field by field (so the
 * report can count per column); any other file line by line. Binary files, text that is not
 * UTF-8 and over-long lines are refused with the line, never the content.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError } from '../core/index.js';
import { scanItems, type ScanItem, type ScanOptions, type ScanReport } from './scan.js';

/** Longest line (or field) scanned, in characters. Longer is most likely not text. */
export const MAX_LINE_CHARS = 1_000_000;

/**
 * Scans every text field of a file.
 *
 * @example
 * const report = await scanFile('tickets.csv');
 * report.byColumn; // { body: { EMAIL: 3 }, subject: { PERSON: 1 } }
 */
export async function scanFile(path: string, opts: ScanOptions = {}): Promise<ScanReport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError([{ code: 'unreadable_file', path, message: code === 'ENOENT' ? 'no such file; check the path.' : `cannot be read (${code ?? 'error'}).` }]);
  }
  const text = decode(bytes, path);
  checkLines(text, path);
  const name = opts.source ?? path;
  const items = itemsOf(text, name, extname(path).toLowerCase());
  if (!opts.ner) return scanItems(items, { ...opts, source: name });
  // The NER stage runs batched and asynchronously: over every text first, then the rules join it text by text.
  const all = [...items];
  await opts.ner.prepare(all.map((i) => i.text));
  return scanItems(all, { ...opts, source: name });
}

function decode(bytes: Buffer, path: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DataError([{ code: 'binary_file', path, message: `looks binary (a NUL byte at byte ${nul}); scan a text file (CSV, TSV, JSONL or plain text).` }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new DataError([{ code: 'not_utf8', path, message: 'is not valid UTF-8; convert it (e.g. `iconv -t UTF-8`) and scan again.' }]);
  }
}

function checkLines(text: string, path: string): void {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i < 0 ? text.length : i;
    if (end - start > MAX_LINE_CHARS) {
      throw new DataError([{ code: 'line_too_long', path: `${path}:${line}`, message: `is ${end - start} characters long, over the limit of ${MAX_LINE_CHARS}; is this really a text file?` }]);
    }
    if (i < 0) return;
    line++;
    start = i + 1;
  }
}

/** Items of a file's text; `path` names the file in reports, `ext` decides the format. */
function* itemsOf(text: string, path: string, ext: string): Generator<ScanItem> {
  if (ext === '.csv' || ext === '.tsv' || ext === '.tab') {
    const rows = parse(text, {
      columns: true, bom: true, info: true, skip_empty_lines: true, relax_column_count: true,
      delimiter: ext === '.csv' ? ',' : '\t',
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
    for (const { record, info } of rows) {
      for (const [column, value] of Object.entries(record)) {
        if (typeof value === 'string' && value.length > 0) yield { text: value, path: `${path}:${info.lines}`, column };
      }
    }
    return;
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (ext === '.jsonl' || ext === '.ndjson') {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new DataError([{ code: 'bad_json', path: `${path}:${i + 1}`, message: 'is not valid JSON; each line of a JSONL file must be one JSON value.' }]);
      }
      yield* fields(value, '', `${path}:${i + 1}`);
    } else {
      yield { text: line, path: `${path}:${i + 1}`, column: 'line' };
    }
  }
}

/** Every string inside a JSON value, named by its key path (`user.email`, `tags[]`). */
function* fields(value: unknown, key: string, path: string): Generator<ScanItem> {
  if (typeof value === 'string') yield { text: value, path, column: key || 'value' };
  else if (Array.isArray(value)) for (const v of value) yield* fields(v, `${key}[]`, path);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* fields(v, key ? `${key}.${k}` : k, path);
  }
}
