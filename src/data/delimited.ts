/**
 * CSV/TSV records, read strictly where it matters and leniently where it is harmless:
 * - a field that starts with `"` is quoted (RFC 4180): `""` is a literal quote, and it may hold
 *   delimiters and line breaks;
 * - a quote that closes a quoted field spanning lines must be followed by the delimiter or the
 *   end of the line. Anything else is an error at that line and column: it is what a quote
 *   left open looks like when it swallows the rows after it (`"I love it,pos` … `"ok",pos`
 *   would otherwise read as one example holding three rows). On one line (`"hello" there`) no
 *   row was swallowed, and the field is read as written, quotes included;
 * - a quote inside an unquoted field is an ordinary character (`he said "hi"`);
 * - a quoted field still open at the end of the input is an error where it opened.
 *
 * Incremental: text is pushed in chunks (a stream), records come out as soon as they end, so
 * a file is never held whole. Lines and columns are 1-based, columns in UTF-16 units.
 */
import type { Issue } from '../core/index.js';

/** One record: its fields, the physical line it starts on, and the column where each field starts. */
export interface DelimitedRecord {
  line: number;
  fields: string[];
  /** Line and column of each field's start (a field may start on a later line than the record). */
  at: Array<{ line: number; column: number }>;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * @example
 * const t = new DelimitedTokenizer(',', 'f.csv');
 * const records = [...t.push('text,label\n"a, b",x\n'), ...t.end()];
 */
export class DelimitedTokenizer {
  /** Problems found so far (bad quotes, unclosed quotes), each at its line and column. */
  readonly issues: Issue[] = [];
  private readonly delim: number;
  private line = 1;
  private col = 1;
  private fields: string[] = [];
  private at: Array<{ line: number; column: number }> = [];
  private field = '';
  private fieldStarted = false;
  private quoted = false;
  /** Inside a quoted field, a quote was the last char of the previous chunk: `""` or the close? */
  private quotePending = false;
  /** A CR was the last char of the previous chunk: CRLF or a lone CR? */
  private crPending = false;
  /** After a bad quote: skip to the end of the physical line, then start afresh. */
  private skipping = false;
  private quoteOpen = { line: 1, column: 1 };

  constructor(delimiter: ',' | '\t', private readonly source: string) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Feeds more text; returns the records completed by it. */
  push(text: string): DelimitedRecord[] {
    const out: DelimitedRecord[] = [];
    let i = 0;
    const n = text.length;
    if (this.crPending && n > 0) {
      this.crPending = false;
      if (text.charCodeAt(0) === LF) i = 1; // the CR already ended the line
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.skipping) {
        if (c === LF || c === CR) {
          this.skipping = false;
          i = this.newline(text, i);
          this.resetRecord();
        } else {
          i++;
          this.col++;
        }
        continue;
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            this.field += '"';
            i++;
            this.col++;
            continue;
          }
          this.quoted = false;
          if (c !== this.delim && c !== LF && c !== CR) {
            if (this.quoteOpen.line === this.line) {
              // `"hello" there` on one line: no row was swallowed; read the field as written, quotes and all.
              this.field = `"${this.field.replace(/"/g, '""')}"`;
              continue;
            }
            this.badQuote();
            continue;
          }
          continue; // the delimiter or line end is handled below, unquoted
        }
        if (c === QUOTE) {
          this.quotePending = true;
          i++;
          this.col++;
          continue;
        }
        // A run of ordinary chars inside quotes, line breaks included.
        let j = i;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === QUOTE) break;
          if (d === LF) {
            this.line++;
            this.col = 1;
          } else if (d === CR) {
            // CRLF or CR inside a field reads as \n, as the line ends do.
            if (j > i) this.field += text.slice(i, j);
            this.field += '\n';
            if (j + 1 < n && text.charCodeAt(j + 1) === LF) j++;
            else if (j + 1 === n) this.crPending = true; // an LF opening the next chunk belongs to this CR
            this.line++;
            this.col = 1;
            i = j + 1;
          } else {
            this.col++;
          }
          j++;
        }
        if (j > i) this.field += text.slice(i, j);
        i = j;
        continue;
      }
      if (c === this.delim) {
        this.startField();
        this.endField();
        i++;
        this.col++;
        continue;
      }
      if (c === LF || c === CR) {
        if (this.fieldStarted || this.fields.length > 0) {
          this.startField();
          this.endField();
          out.push(this.takeRecord());
        }
        i = this.newline(text, i);
        continue;
      }
      if (c === QUOTE && !this.fieldStarted) {
        this.startField();
        this.quoted = true;
        this.quoteOpen = { line: this.line, column: this.col };
        i++;
        this.col++;
        continue;
      }
      // An unquoted run up to the next delimiter or line end (quotes inside are literal).
      this.startField();
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === this.delim || d === LF || d === CR) break;
        j++;
      }
      this.field += text.slice(i, j);
      this.col += j - i;
      i = j;
    }
    return out;
  }

  /** No more text: returns the last record, and reports a quoted field left open. */
  end(): DelimitedRecord[] {
    if (this.quoted && !this.quotePending) {
      this.issues.push({
        code: 'bad_row', path: `${this.source}:${this.quoteOpen.line}:${this.quoteOpen.column}`,
        message: 'a quoted field opens here and is never closed; add the closing quote (write a literal quote as "").',
      });
      this.resetRecord();
      return [];
    }
    this.quoted = false;
    this.quotePending = false;
    if (this.skipping || (!this.fieldStarted && this.fields.length === 0)) return [];
    this.startField();
    this.endField();
    return [this.takeRecord()];
  }

  private startField(): void {
    if (this.fieldStarted) return;
    this.fieldStarted = true;
    this.at.push({ line: this.line, column: this.col });
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private takeRecord(): DelimitedRecord {
    const r = { line: this.at[0]?.line ?? this.line, fields: this.fields, at: this.at };
    this.fields = [];
    this.at = [];
    return r;
  }

  private resetRecord(): void {
    this.fields = [];
    this.at = [];
    this.field = '';
    this.fieldStarted = false;
    this.quoted = false;
    this.quotePending = false;
  }

  /** Steps over a line end at text[i] (LF, CR or CRLF); returns the index after it. */
  private newline(text: string, i: number): number {
    this.line++;
    this.col = 1;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 >= text.length) this.crPending = true;
      else if (text.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  private badQuote(): void {
    const open = this.quoteOpen;
    this.issues.push({
      code: 'bad_quote', path: `${this.source}:${this.line}:${this.col - 1}`,
      message: `this quote closes the quoted field opened at line ${open.line}, column ${open.column}, but more text follows it: ` +
        `the quote opened there was probably left open and merged the rows up to here into one. Close it where the field ends ` +
        '(write a literal quote inside a quoted field as "").',
    });
    this.resetRecord();
    this.skipping = true;
  }
}
