import type { Issue } from '../core/index.js';
import type { ParsedRecords, RawRecord } from './records.js';

/** Parses JSON Lines: one object per line; blank lines are skipped; every bad line is reported. */
export function parseJsonl(text: string, source: string): ParsedRecords {
  const issues: Issue[] = [];
  const records: RawRecord[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i]!;
    if (src.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch (err) {
      const col = errorColumn(src, (err as Error).message);
      issues.push({
        code: 'bad_json',
        path: `${source}:${line}:${col}`,
        message: `is not valid JSON (${(err as Error).message}); each line must be one JSON object like {"text": "...", "label": "..."}.`,
      });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({
        code: 'not_an_object',
        path: `${source}:${line}:1`,
        message: `holds ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}, not an object; write one object per line like {"text": "...", "label": "..."}.`,
      });
      continue;
    }
    const fields = value as Record<string, unknown>;
    for (const k of Object.keys(fields)) seen.add(k);
    records.push({ line, fields, columns: keyColumns(src, fields) });
  }
  return { columns: [...seen], records, issues };
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

/** Column of each top-level key's value, for error paths; approximate for escaped keys. */
function keyColumns(src: string, fields: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(fields)) {
    const m = new RegExp(`${escapeRegExp(JSON.stringify(k))}\\s*:\\s*`).exec(src);
    if (m) out[k] = m.index + m[0].length + 1;
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
