import type { Issue } from '../core/index.js';
import { describeJson } from './excerpt.js';
import { exactNumbers, memberSpans } from './json-spans.js';
import type { ParsedRecords, RawRecord } from './records.js';

/**
 * Parses JSON Lines: one object per line; blank lines are skipped; every bad line is reported
 * (at its line and column, never quoting its content). Numbers keep the text they were written
 * as (`1e400`, `12345678901234567890`), so labels and ids stay exact.
 */
export function parseJsonl(text: string, source: string, firstLine = 1): ParsedRecords {
  const issues: Issue[] = [];
  const records: RawRecord[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i]!;
    if (src.trim() === '') continue;
    const line = i + firstLine;
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch (err) {
      const col = errorColumn(src, (err as Error).message);
      issues.push({
        code: 'bad_json',
        path: `${source}:${line}:${col}`,
        message: `is not valid JSON (${jsonProblem((err as Error).message)}); each line must be one JSON object like {"text": "...", "label": "..."}.`,
      });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({
        code: 'not_an_object',
        path: `${source}:${line}:${src.length - src.trimStart().length + 1}`,
        message: `holds ${describeJson(value)}, not an object; write one object per line like {"text": "...", "label": "..."}.`,
      });
      continue;
    }
    const fields = exactNumbers(src, value as Record<string, unknown>);
    for (const k of Object.keys(fields)) seen.add(k);
    records.push({ line, fields, columns: keyColumns(src) });
  }
  return { columns: [...seen], records, issues };
}

/**
 * What JSON.parse objected to, without the excerpt of the line V8 appends (`"jane@exam"… is
 * not valid JSON`): the line may hold private data, and the path already gives the column.
 */
function jsonProblem(message: string): string {
  return message.replace(/, ".*$/s, '').replace(/ in JSON at position \d+$/, '').replace(/ at position \d+$/, '');
}

/**
 * 1-based column of a JSON.parse failure. V8 states a position for most errors; for
 * "Unexpected token 'x'" it does not, so find that token's first use outside a string.
 */
function errorColumn(src: string, message: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]) + 1;
  if (/Unexpected end of JSON input/.test(message)) return src.length + 1;
  const tok = /Unexpected token '(.)'/.exec(message);
  if (tok) {
    let inString = false;
    for (let i = 0; i < src.length; i++) {
      const c = src[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === tok[1]) return i + 1;
      else if (c === '"') inString = true;
    }
  }
  return 1;
}

/** Column (1-based) of each top-level key's value. */
function keyColumns(src: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, span] of memberSpans(src)) out[k] = span.start + 1;
  return out;
}
