import { basename, extname } from 'node:path';
import { DataError, UsageError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { parseDelimited } from './csv.js';
import { parseJsonl } from './jsonl.js';
import type { ParsedRecords } from './records.js';
import { excerpt } from './excerpt.js';
import { decodeText, readAll, readBytes } from './source.js';
import type { DataFormat, Dataset, ExampleInput, LoadOptions } from './types.js';
import { validateExamples } from './validate.js';

/** File extensions understood, and the format each means. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, DataFormat>> = Object.freeze({
  '.csv': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl',
});

/**
 * Loads and validates a labelled dataset from a CSV, TSV or JSONL file, or from stdin
 * when `path` is `-`. Throws one DataError listing every problem found. Only reads.
 *
 * @example
 * const ds = await loadDataset('tickets.csv', { text: 'body', label: 'team', folds: 5 });
 * ds.examples[0]; // { id: 'tickets:2', text: '...', label: 'billing', line: 2 }
 */
export async function loadDataset(path: string, opts: LoadOptions = {}): Promise<Dataset> {
  const fromStdin = path === '-';
  const source = fromStdin ? 'stdin' : path;
  // The format first: a file graft cannot read is refused before a byte is read.
  const format = opts.format ?? (fromStdin ? undefined : formatOf(path));
  const bytes = fromStdin ? await readAll(opts.stdin ?? process.stdin, opts.maxBytes) : await readBytes(path, opts.maxBytes);
  const text = decodeText(bytes, source);
  const fmt = format ?? sniffFormat(text);
  const parsed = fmt === 'jsonl' ? parseJsonl(text, source) : parseDelimited(text, source, fmt === 'tsv' ? '\t' : ',');

  const textKey = opts.text ?? 'text';
  // `labels` is the natural key for a list: used when there is no `label` and no --label
  const labelKey = opts.label ?? (!parsed.columns.includes('label') && parsed.columns.includes('labels') ? 'labels' : 'label');
  const separator = opts.labelSeparator;
  if (separator !== undefined) checkSeparator(separator, fmt);
  const requireLabels = opts.requireLabels ?? true;
  const idPrefix = fromStdin ? 'stdin' : basename(path, extname(path));
  const issues: Issue[] = [...parsed.issues];
  const header = fmt === 'jsonl' ? source : `${source}:1`;
  const missing = [textKey, ...(requireLabels ? [labelKey] : [])].filter((k) => !parsed.columns.includes(k));
  // a repeated header name silently keeps the last column's value: refuse it where it matters
  const repeated = [textKey, labelKey, 'id'].filter((k) => parsed.columns.filter((c) => c === k).length > 1);
  for (const k of repeated) {
    issues.push({ code: 'duplicate_column', path: header, message: `has more than one column named "${k}"; rename all but one.` });
  }
  if (parsed.records.length > 0 && (missing.length > 0 || repeated.length > 0)) {
    for (const k of missing) issues.push(missingColumn(k, k === textKey ? '--text' : '--label', parsed, header));
    throw new DataError(issues);
  }
  if (parsed.records.length === 0 && issues.length === 0) {
    throw new DataError([{ code: 'empty_file', path: source, message: 'has no examples (only a header or blank lines); add at least one row.' }]);
  }

  const mode = opts.multiLabel ?? false;
  const lists = parsed.records.filter((r) => Array.isArray(r.fields[labelKey]));
  // a separator means several labels per cell unless multi-label was explicitly turned off
  const multi = requireLabels &&
    (mode === true || (mode === 'auto' && lists.length > 0) || (opts.multiLabel !== false && separator !== undefined));
  if (!multi && requireLabels && lists.length > 0) {
    // one issue for the whole file: every line would say the same
    const more = lists.length > 1 ? ` (so do ${lists.length - 1} more lines)` : '';
    issues.push({
      code: 'multi_label_list', path: at(source, lists[0]!, labelKey),
      message: `field "${labelKey}" holds a list of labels${more}, but this reads one label per text; ` +
        'fit multi-label data with `graft fit FILE --task NAME` (lists are read as multi-label; it prints cross-validated ' +
        'micro/macro F1 and subset accuracy), or give one label as a string.',
    });
    throw new DataError(issues);
  }
  const firstList = lists[0];
  const inputs: ExampleInput[] = [];
  let separatorSeen = false;
  let otherSeparator: { at: string; sep: string; cell: string } | undefined;
  for (const r of parsed.records) {
    const before = issues.length;
    const t = fieldValue(r.fields, textKey, `${source}:${r.line}`, issues);
    let l: string | null = null;
    let ls: string[] | null = null;
    if (multi) {
      const v = r.fields[labelKey];
      if (Array.isArray(v)) {
        ls = v.map((x) => (typeof x === 'number' ? String(x) : x)) as string[];
      } else if (v !== undefined && v !== null && typeof v === 'object') {
        issues.push({ code: 'bad_value', path: at(source, r, labelKey), message: `field "${labelKey}" holds an object; give a list of labels like ["billing", "urgent"].` });
      } else if (v !== undefined && v !== null) {
        const cell = String(v);
        if (separator !== undefined) {
          if (cell.includes(separator)) separatorSeen = true;
          ls = cell.trim() === '' ? [] : cell.split(separator);
          const other = ['|', ';', ',', '/'].find((c) => c !== separator && cell.includes(c));
          if (other && !otherSeparator) otherSeparator = { at: at(source, r, labelKey), sep: other, cell };
        } else if (mode !== true && firstList) {
          issues.push({
            code: 'mixed_labels', path: at(source, r, labelKey),
            message: `the label is the single string ${excerpt(cell)} while other lines give lists (first at ${at(source, firstList, labelKey)}); ` +
              `write it as [${excerpt(cell)}], or pass --multi-label to read a single string as a one-label list.`,
          });
        } else {
          ls = cell.trim() === '' ? [] : [cell];
        }
      } else {
        ls = [];
      }
    } else if (!requireLabels && Array.isArray(r.fields[labelKey])) {
      l = null; // unlabelled reading (predict --file) of a multi-label file: the lists are not needed
    } else {
      l = fieldValue(r.fields, labelKey, `${source}:${r.line}`, issues);
    }
    if (issues.length > before) continue; // reported as bad_value; validating it too would only repeat that
    const idv = r.fields['id'];
    const input: ExampleInput = {
      id: typeof idv === 'string' && idv.trim() !== '' ? idv.trim() : typeof idv === 'number' ? String(idv) : `${idPrefix}:${r.line}`,
      text: t, label: l, line: r.line,
    };
    if (multi) input.labels = ls;
    const col = r.columns?.[textKey];
    if (col !== undefined) input.column = col;
    const lcol = r.columns?.[labelKey];
    if (lcol !== undefined) input.labelColumn = lcol;
    inputs.push(input);
  }
  if (separator !== undefined && !separatorSeen && otherSeparator) {
    issues.push({
      code: 'separator_not_found', path: otherSeparator.at,
      message: `no label cell contains the separator ${JSON.stringify(separator)}, but this one is ${excerpt(otherSeparator.cell)}; ` +
        `did you mean --label-sep ${JSON.stringify(otherSeparator.sep)}?`,
    });
  }
  const v = validateExamples(inputs, { ...opts, source, requireLabels, multiLabel: multi });
  if (!v.ok) issues.push(...v.issues);
  if (issues.length > 0 || !v.ok) throw new DataError(issues);
  const ds: Dataset = { name: idPrefix, source, examples: v.examples, labels: v.labels, duplicates: v.duplicates, dropped: 0 };
  if (multi) ds.multiLabel = true;
  return ds;
}

/** `source:line(:column)` of a record's field. */
function at(source: string, r: { line: number; columns?: Record<string, number> }, key: string): string {
  const c = r.columns?.[key];
  return c === undefined ? `${source}:${r.line}` : `${source}:${r.line}:${c}`;
}

/**
 * Refuses label separators that would cut label names apart or clash with the file format.
 *
 * @example
 * checkSeparator('|', 'csv'); // ok
 */
export function checkSeparator(sep: string, format: DataFormat): void {
  const why =
    sep === '' ? 'is empty'
    : sep.trim() === '' ? 'is white space, which would also split multi-word labels such as "card arrival"'
    : /[\p{L}\p{N}]/u.test(sep) ? 'contains letters or digits, which would split label names'
    : sep.includes('"') ? 'contains a double quote, which CSV uses for quoting'
    : format === 'tsv' && sep.includes('\t') ? "is the TSV field delimiter"
    : undefined;
  if (why) {
    throw new UsageError(`The label separator ${JSON.stringify(sep)} ${why}; use a punctuation character that no label contains, e.g. --label-sep '|' or ';'.`, 'bad_separator');
  }
}

/** The format a path's extension names; a DataError listing the supported ones otherwise. */
export function formatOf(path: string): DataFormat {
  const ext = extname(path).toLowerCase();
  const f = FORMAT_BY_EXTENSION[ext];
  if (f) return f;
  throw new DataError([{
    code: 'unknown_format', path,
    message: `has ${ext ? `the unknown extension "${ext}"` : 'no extension'}; supported formats are ` +
      `${Object.keys(FORMAT_BY_EXTENSION).join(', ')}: rename the file to end in one of them (e.g. data.csv).`,
  }]);
}

/** Guesses the format of text without a name (stdin): JSONL if it starts with `{`, TSV if its first line has more tabs than commas. */
export function sniffFormat(text: string): DataFormat {
  const start = text.trimStart();
  if (start.startsWith('{')) return 'jsonl';
  const first = start.split(/\r?\n/, 1)[0] ?? '';
  const tabs = first.split('\t').length - 1;
  const commas = first.split(',').length - 1;
  return tabs > commas ? 'tsv' : 'csv';
}

/**
 * A file without the needed column. Its "columns" may be the first row of a file with no
 * header (data, possibly private): names are quoted only when they read as plain names.
 */
function missingColumn(key: string, flag: string, parsed: ParsedRecords, path: string): Issue {
  const present = parsed.columns.length > 0 ? parsed.columns.map(excerpt).join(', ') : 'none';
  const headerless = parsed.columns.length > 0 && parsed.columns.some((c) => c.length > 40 || /\s\S+\s/.test(c) || !/^[\p{L}_]/u.test(c));
  return {
    code: 'missing_column', path,
    message: `has no column "${key}" (columns present: ${present}); name the right one with ${flag} <column>` +
      (headerless ? ', or add a header row if the first line is data (e.g. text,label).' : '.'),
  };
}

/** A field as text: strings as-is, numbers and booleans spelled out, objects refused. */
function fieldValue(fields: Record<string, unknown>, key: string, at: string, issues: Issue[]): string | null {
  const v = fields[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  issues.push({ code: 'bad_value', path: at, message: `field "${key}" holds ${Array.isArray(v) ? 'an array' : 'an object'}; it must be a string.` });
  return null;
}
