/**
 * Texts from a file in batches, without holding the file: for prediction files, which may be
 * far larger than memory. CSV/TSV go through the same tokenizer as loading (delimited.ts),
 * JSONL line by line; bytes are checked as they come (binary, UTF-8). Bad records are skipped
 * and collected; after the last batch, a DataError lists them all. Run `checkTextFile` first
 * for the "nothing printed, then an error" behaviour on a file (it reads without keeping).
 */
import { extname } from 'node:path';
import { DataError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { HeaderReader } from './csv.js';
import { DelimitedTokenizer } from './delimited.js';
import { excerpt } from './excerpt.js';
import { parseJsonl } from './jsonl.js';
import { formatOf, sniffFormat } from './load.js';
import { openInputStream } from './source.js';
import type { DataFormat } from './types.js';
import { firstInvalidUtf8 } from './utf8.js';
import { DEFAULT_MAX_TEXT_CHARS } from './validate.js';

/** One text to predict, with where it came from. */
export interface TextRecord {
  /** The file's `id` column if it has one, else `<file name>:<line>`. */
  id: string;
  text: string;
  line: number;
}

export interface ReadTextsOptions {
  /** Column (CSV/TSV) or key (JSONL) holding the text. Default `text`. */
  text?: string;
  /** Overrides the format implied by the extension (sniffed for stdin). */
  format?: DataFormat;
  /** Records per batch (default 1,000: a batch of embeddings is then a few MB). */
  batchSize?: number;
  /** Longest text accepted (default 100,000 characters, as for fitting). */
  maxTextChars?: number;
  /** Read this instead of the file when the path is `-`. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Stop after this many issues (default 20). */
  maxIssues?: number;
}

/**
 * The texts of a CSV/TSV/JSONL file (or `-`, stdin) in batches, streaming.
 *
 * @example
 * await checkTextFile('big.csv');                       // all problems, before any work
 * for await (const batch of readTexts('big.csv')) {
 *   const r = await predictTask(ws, 'spam', batch.map((t) => t.text));
 *   print(r, batch);
 * }
 */
export async function* readTexts(path: string, opts: ReadTextsOptions = {}): AsyncGenerator<TextRecord[]> {
  const fromStdin = path === '-';
  const source = fromStdin ? 'stdin' : path;
  const stream = fromStdin ? (opts.stdin ?? process.stdin) : await openInputStream(path);
  const idPrefix = fromStdin ? 'stdin' : baseName(path);
  const key = opts.text ?? 'text';
  const max = opts.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const batchSize = opts.batchSize ?? 1000;
  const maxIssues = opts.maxIssues ?? 20;
  const issues: Issue[] = [];
  let format = opts.format ?? (fromStdin ? undefined : formatOf(path));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let reader: RecordReader | undefined;
  let batch: TextRecord[] = [];
  let offset = 0;
  let first = true;

  const take = (recs: Array<{ line: number; fields: Record<string, unknown>; columns?: Record<string, number> }>): void => {
    for (const r of recs) {
      const v = r.fields[key];
      const at = `${source}:${r.line}${r.columns?.[key] ? `:${r.columns[key]}` : ''}`;
      if (typeof v !== 'string' && typeof v !== 'number') {
        issues.push({ code: v === undefined || v === null ? 'missing_text' : 'bad_value', path: at, message: `has no text in field "${key}"; give every record a text.` });
      } else if (String(v).trim() === '') {
        issues.push({ code: 'empty_text', path: at, message: 'the text is empty; fill it in or remove this record.' });
      } else if (String(v).length > max) {
        issues.push({ code: 'text_too_long', path: at, message: `the text is ${String(v).length.toLocaleString('en-US')} characters, over the limit of ${max.toLocaleString('en-US')}; shorten it or split it.` });
      } else {
        const idv = r.fields['id'];
        const id = typeof idv === 'string' && idv.trim() !== '' ? idv.trim() : typeof idv === 'number' ? String(idv) : `${idPrefix}:${r.line}`;
        batch.push({ id, text: String(v), line: r.line });
      }
    }
  };

  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    checkBytes(bytes, offset, source);
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new DataError([{ code: 'not_utf8', path: source, message: `is not valid UTF-8 (near byte offset ${offset + Math.max(0, firstInvalidUtf8(bytes))}); re-save the file as UTF-8.` }]);
    }
    offset += bytes.length;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text === '') continue;
      first = false;
      format ??= sniffFormat(text);
      reader = recordReader(format, source, key);
    }
    take(reader!.push(text));
    if (issues.length >= maxIssues || reader!.stop) break;
    while (batch.length >= batchSize) {
      yield batch.slice(0, batchSize);
      batch = batch.slice(batchSize);
    }
  }
  if (reader && issues.length < maxIssues) take(reader.end());
  if (reader) issues.push(...reader.issues());
  if (batch.length > 0) yield batch;
  if (!reader) throw new DataError([{ code: 'empty_file', path: source, message: 'is empty; it needs at least one text.' }]);
  if (issues.length > 0) throw new DataError(issues.slice(0, maxIssues));
}

/**
 * Reads a whole text file the way `readTexts` does, keeping nothing: the count of texts, or a
 * DataError listing every problem (up to `maxIssues`). Memory stays one chunk.
 */
export async function checkTextFile(path: string, opts: Omit<ReadTextsOptions, 'batchSize'> = {}): Promise<number> {
  let n = 0;
  for await (const batch of readTexts(path, { ...opts, batchSize: 4096 })) n += batch.length;
  return n;
}

interface RecordReader {
  /** Set when nothing more can be read usefully (e.g. the header lacks the text column). */
  stop?: boolean;
  push(text: string): Array<{ line: number; fields: Record<string, unknown>; columns?: Record<string, number> }>;
  end(): Array<{ line: number; fields: Record<string, unknown>; columns?: Record<string, number> }>;
  issues(): Issue[];
}

function recordReader(format: DataFormat, source: string, key: string): RecordReader {
  if (format === 'jsonl') {
    let carry = '';
    let line = 1;
    const issues: Issue[] = [];
    const parse = (text: string): ReturnType<RecordReader['push']> => {
      const r = parseJsonl(text, source, line);
      issues.push(...r.issues);
      line += (text.match(/\n/g)?.length ?? 0);
      return r.records;
    };
    return {
      push(text) {
        const all = carry + text;
        const cut = all.lastIndexOf('\n');
        if (cut < 0) {
          carry = all;
          return [];
        }
        carry = all.slice(cut + 1);
        return parse(all.slice(0, cut + 1));
      },
      end: () => (carry === '' ? [] : parse(carry)),
      issues: () => issues,
    };
  }
  const t = new DelimitedTokenizer(format === 'tsv' ? '\t' : ',', source);
  const header = new HeaderReader(source);
  const own: Issue[] = [];
  const reader: RecordReader = {
    push: (text) => read(t.push(text)),
    end: () => read(t.end()),
    issues: () => [...t.issues, ...header.issues, ...own],
  };
  const read = (rs: ReturnType<DelimitedTokenizer['push']>): ReturnType<RecordReader['push']> => {
    const out: ReturnType<RecordReader['push']> = [];
    for (const r of rs) {
      if (reader.stop) break;
      const rec = header.read(r);
      if (header.columns.length > 0 && !header.columns.includes(key)) {
        own.push({
          code: 'missing_column', path: `${source}:1`,
          message: `has no column "${key}" (columns present: ${header.columns.map(excerpt).join(', ')}); name the right one with --text <column>.`,
        });
        reader.stop = true;
        break;
      }
      if (rec) out.push(rec);
    }
    return out;
  };
  return reader;
}

function checkBytes(bytes: Buffer, offset: number, source: string): void {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DataError([{ code: 'binary_file', path: source, message: `looks binary (a NUL byte at byte offset ${offset + nul}); give a UTF-8 text file in CSV, TSV or JSONL format.` }]);
  }
}

function baseName(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.slice(0, name.length - extname(name).length);
}
