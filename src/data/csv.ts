import type { Issue } from '../core/index.js';
import { DelimitedTokenizer, type DelimitedRecord } from './delimited.js';
import type { ParsedRecords, RawRecord } from './records.js';

/**
 * Parses CSV or TSV text with a header row (RFC 4180 quoting, embedded newlines; see
 * delimited.ts for what is refused). A bad record is skipped and reported, so that one pass
 * finds every bad row in the file.
 */
export function parseDelimited(text: string, source: string, delimiter: ',' | '\t'): ParsedRecords {
  const t = new DelimitedTokenizer(delimiter, source);
  const rows = [...t.push(text), ...t.end()];
  const header = new HeaderReader(source);
  const records: RawRecord[] = [];
  for (const r of rows) {
    const rec = header.read(r);
    if (rec) records.push(rec);
  }
  const issues = [...t.issues, ...header.issues].sort((a, b) => lineOf(a) - lineOf(b));
  return { columns: header.columns, records, issues };
}

/**
 * Turns tokenized records into named fields: the first record is the header; every later one
 * must have as many fields.
 */
export class HeaderReader {
  columns: string[] = [];
  readonly issues: Issue[] = [];
  private seenHeader = false;

  constructor(private readonly source: string) {}

  /** The record's fields by column name, or undefined for the header and for bad rows (reported). */
  read(r: DelimitedRecord): RawRecord | undefined {
    if (!this.seenHeader) {
      this.seenHeader = true;
      this.columns = r.fields.map((h) => h.trim());
      return undefined;
    }
    if (r.fields.length !== this.columns.length) {
      this.issues.push({
        code: 'bad_row', path: `${this.source}:${r.line}`,
        message: `the row has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, the header has ${this.columns.length}; ` +
          'quote fields that contain the delimiter, or fix the number of fields.',
      });
      return undefined;
    }
    const fields: Record<string, string> = {};
    const columns: Record<string, number> = {};
    this.columns.forEach((c, i) => {
      fields[c] = r.fields[i]!;
      if (r.at[i]!.line === r.line) columns[c] = r.at[i]!.column;
    });
    return { line: r.line, fields, columns };
  }
}

function lineOf(i: Issue): number {
  const m = /:(\d+)(?::\d+)?$/.exec(i.path);
  return m ? Number(m[1]) : 0;
}
