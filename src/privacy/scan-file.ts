/**
 * Reads any text file for `graft scan`: CSV/TSV and JSONL are scanned field by field (so the
 * report can count per column); any other file line by line. Binary files, text that is not
 * UTF-8 and over-long lines are refused with the line, never the content.
 */
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError, UsageError } from '../core/index.js';
import { readBytes } from '../data/index.js';
import { scanItems, type ScanItem, type ScanOptions, type ScanReport } from './scan.js';

/** Longest line (or field) scanned, in characters. Longer is most likely not text. */
export const MAX_LINE_CHARS = 1_000_000;

/** The column a dataset's texts are read from by default (as `graft eval`/`fit` do). */
export const TEXT_COLUMN = 'text';

export interface ScanFileOptions extends ScanOptions {
  /**
   * Columns (CSV/TSV header names, or JSONL top-level keys) to scan; `'all'` scans every one.
   * Default: the `text` column when the file has one (labels and ids are not where private
   * data lives, and scanning them reads names into "World" or "Sports"), else every column.
   */
  columns?: readonly string[] | 'all';
}

export interface FileScanReport extends ScanReport {
  /** Records read (CSV/TSV rows after the header, JSONL lines, non-empty text lines). */
  rows: number;
  /** Columns scanned, in file order (`line` for plain text). */
  columns: string[];
  /** Columns present but not scanned. */
  skippedColumns: string[];
}

/**
 * Scans the text fields of a file (by default its `text` column; see `columns`).
 *
 * @throws UsageError naming the columns the file has when `columns` asks for one it has not.
 * @example
 * const report = await scanFile('tickets.csv', { columns: ['subject', 'body'] });
 * report.byColumn; // { body: { EMAIL: 3 }, subject: { PERSON: 1 } }
 */
export async function scanFile(path: string, opts: ScanFileOptions = {}): Promise<FileScanReport> {
  // Checked before reading, as data files are: a device (/dev/zero never ends), a folder or a file over the size limit is refused.
  const bytes = await readBytes(path);
  const text = decode(bytes, path);
  checkLines(text, path);
  const name = opts.source ?? path;
  const file = readItems(text, name, extname(path).toLowerCase());
  const columns = chooseColumns(file, opts.columns, name);
  const chosen = new Set(columns);
  const items = file.items.filter((it) => chosen.has(topColumn(it.column)));
  // The NER stage runs batched and asynchronously: over every text first, then the rules join it text by text.
  if (opts.ner) await opts.ner.prepare(items.map((i) => i.text));
  const report = scanItems(items, { ...opts, source: name });
  return { ...report, rows: file.rows, columns, skippedColumns: file.columns.filter((c) => !chosen.has(c)) };
}

/** A JSONL field's top-level key (`user` of `user.email`, `tags` of `tags[]`); a CSV column is its own. */
function topColumn(column: string): string {
  const m = /^[^.[]+/.exec(column);
  return m ? m[0] : column;
}

function chooseColumns(file: FileItems, wanted: ScanFileOptions['columns'], path: string): string[] {
  if (wanted === 'all') return file.columns;
  if (wanted === undefined) return file.columns.includes(TEXT_COLUMN) ? [TEXT_COLUMN] : file.columns;
  if (!file.tabular) {
    throw new UsageError(`${path} is plain text, scanned line by line: it has no columns to choose; drop the column list.`, 'no_columns');
  }
  const missing = wanted.filter((c) => !file.columns.includes(c));
  if (missing.length > 0) {
    throw new UsageError(
      `${path} has no column ${missing.map((c) => `"${c}"`).join(', ')}; its columns are: ${file.columns.join(', ') || '(none)'}.`, 'unknown_column',
    );
  }
  return file.columns.filter((c) => wanted.includes(c));
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

interface FileItems {
  items: ScanItem[];
  rows: number;
  /** Column names (top-level keys for JSONL) in order of first appearance. */
  columns: string[];
  /** Whether the format has columns (CSV/TSV/JSONL) rather than lines. */
  tabular: boolean;
}

/** Items of a file's text; `path` names the file in reports, `ext` decides the format. */
function readItems(text: string, path: string, ext: string): FileItems {
  const items: ScanItem[] = [];
  const columns = new Set<string>();
  let rows = 0;
  if (ext === '.csv' || ext === '.tsv' || ext === '.tab') {
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    try {
      records = parse(text, {
        columns: (header: string[]) => { header.forEach((h) => columns.add(h)); return header; },
        bom: true, info: true, skip_empty_lines: true, relax_column_count: true,
        delimiter: ext === '.csv' ? ',' : '\t',
      }) as typeof records;
    } catch (e) {
      // The parser's own message quotes the file's characters: say where and what kind, not what.
      const { code, lines } = e as { code?: string; lines?: number };
      throw new DataError([{
        code: 'bad_quote', path: lines ? `${path}:${lines}` : path,
        message: `cannot be read as ${ext === '.csv' ? 'CSV' : 'TSV'} here (${code ?? 'parse error'}): a quoted field is probably left open ` +
          'or has text after its closing quote; write a quote inside a quoted field as "".',
      }]);
    }
    for (const { record, info } of records) {
      rows++;
      for (const [column, value] of Object.entries(record)) {
        if (typeof value === 'string' && value.length > 0) items.push({ text: value, path: `${path}:${info.lines}`, column });
      }
    }
    return { items, rows, columns: [...columns], tabular: true };
  }
  const json = ext === '.jsonl' || ext === '.ndjson';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    rows++;
    if (json) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new DataError([{ code: 'bad_json', path: `${path}:${i + 1}`, message: 'is not valid JSON; each line of a JSONL file must be one JSON value.' }]);
      }
      for (const item of fields(value, '', `${path}:${i + 1}`)) {
        columns.add(topColumn(item.column));
        items.push(item);
      }
    } else {
      items.push({ text: line, path: `${path}:${i + 1}`, column: 'line' });
    }
  }
  return { items, rows, columns: json ? [...columns] : ['line'], tabular: json };
}

/** Every string inside a JSON value, named by its key path (`user.email`, `tags[]`). */
function* fields(value: unknown, key: string, path: string): Generator<ScanItem> {
  if (typeof value === 'string') yield { text: value, path, column: key || 'value' };
  else if (Array.isArray(value)) for (const v of value) yield* fields(v, `${key}[]`, path);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* fields(v, key ? `${key}.${k}` : k, path);
  }
}
