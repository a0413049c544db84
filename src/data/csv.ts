import { parse } from 'csv-parse/sync';
import type { CsvError } from 'csv-parse/sync';
import type { Issue } from '../core/index.js';
import type { ParsedRecords, RawRecord } from './records.js';

interface InfoRecord {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
}

/**
 * Parses CSV or TSV text with a header row (RFC 4180 quoting, embedded newlines). A bad
 * record is skipped and reported, so that one pass finds every bad row in the file.
 */
export function parseDelimited(text: string, source: string, delimiter: ',' | '\t'): ParsedRecords {
  const issues: Issue[] = [];
  let columns: string[] = [];
  // csv-parse counts the CR and LF of a CRLF inside a quoted field as two lines; with one
  // line end throughout, its counts are physical lines (texts then hold \n, not \r\n)
  const rows = parse(text.replace(/\r\n/g, '\n'), {
    delimiter,
    bom: true,
    columns: (header: string[]) => (columns = header.map((h) => h.trim())),
    info: true,
    raw: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw?: string) => {
      if (err) issues.push(rowIssue(err, raw, source));
    },
  }) as unknown as InfoRecord[];
  const records: RawRecord[] = rows.map((r) => ({ line: startLine(r.info.lines, r.raw), fields: r.record }));
  return { columns, records, issues };
}

/**
 * csv-parse counts lines up to the *end* of a record; a record with embedded newlines (and
 * any blank lines skipped before it, which `raw` includes) started earlier.
 */
function startLine(endLine: number, raw: string | undefined): number {
  if (!raw) return endLine;
  const body = raw.replace(/^(?:\r?\n|\r)+/, '').replace(/(?:\r?\n|\r)$/, '');
  const newlines = body.match(/\r?\n|\r/g)?.length ?? 0;
  return Math.max(1, endLine - newlines);
}

function rowIssue(err: CsvError, raw: string | undefined, source: string): Issue {
  const end = (err as CsvError & { lines?: number }).lines ?? 0;
  const line = startLine(end, raw);
  const path = `${source}:${line}`;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'bad_row', path, message: 'a quoted field opens here and is never closed; add the closing quote (write a literal quote as "").' };
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return { code: 'bad_row', path, message: `${err.message.replace(/^Invalid Record Length: /, '')}; quote fields that contain the delimiter, or fix the number of fields.` };
    default:
      return { code: 'bad_row', path, message: `${err.message}; fix the row or quote its fields.` };
  }
}
