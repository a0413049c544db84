/**
 * Label lists for zero-shot tasks: a name per label and, optionally, a description that is
 * embedded in its place ("card_arrival" → "when will my new card arrive").
 */
import { extname } from 'node:path';
import { DataError } from '../core/index.js';
import type { Issue } from '../core/index.js';
import { parseDelimited } from './csv.js';
import { parseJsonl } from './jsonl.js';
import { excerpt, labelProblem } from './excerpt.js';
import { decodeText, readBytes } from './source.js';

export interface LabelSpec {
  label: string;
  description?: string;
}

/**
 * Reads labels (and descriptions) from a file: JSONL `{"label": "...", "description": "..."}`
 * per line, CSV/TSV with a `label` and an optional `description` column, or plain text with
 * one label per line (`.txt`). Every problem is reported at its line.
 *
 * @example
 * const specs = await loadLabelSpecs('labels.jsonl'); // [{ label: 'refund', description: '...' }, ...]
 */
export async function loadLabelSpecs(path: string): Promise<LabelSpec[]> {
  const text = decodeText(await readBytes(path), path);
  const ext = extname(path).toLowerCase();
  const issues: Issue[] = [];
  const rows: { line: number; label: unknown; description: unknown; col?: number }[] = [];
  if (ext === '.txt' || ext === '') {
    text.split(/\r?\n/).forEach((l, i) => { if (l.trim() !== '') rows.push({ line: i + 1, label: l, description: undefined }); });
  } else if (ext === '.jsonl' || ext === '.ndjson' || ext === '.csv' || ext === '.tsv') {
    const parsed = ext === '.csv' ? parseDelimited(text, path, ',') : ext === '.tsv' ? parseDelimited(text, path, '\t') : parseJsonl(text, path);
    issues.push(...parsed.issues);
    if (parsed.records.length > 0 && !parsed.columns.includes('label')) {
      throw new DataError([{ code: 'missing_column', path: ext === '.jsonl' || ext === '.ndjson' ? path : `${path}:1`,
        message: `has no "label" field (fields present: ${parsed.columns.join(', ') || 'none'}); give each label as {"label": "...", "description": "..."}.` }]);
    }
    for (const r of parsed.records) rows.push({ line: r.line, label: r.fields['label'], description: r.fields['description'], col: r.columns?.['label'] });
  } else {
    throw new DataError([{ code: 'unknown_format', path, message: `has the unknown extension "${ext}"; give labels as .jsonl, .csv, .tsv or .txt (one label per line).` }]);
  }
  const out: LabelSpec[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const at = r.col === undefined ? `${path}:${r.line}` : `${path}:${r.line}:${r.col}`;
    if (typeof r.label !== 'string' || r.label.trim() === '') {
      issues.push({ code: 'missing_label', path: at, message: 'the label name is missing or not text; give every line a label name.' });
      continue;
    }
    const label = r.label.trim();
    const problem = labelProblem(label);
    if (problem) {
      issues.push({ code: 'bad_label', path: at, message: `the label name ${problem}, which would act on a terminal that prints it; remove it.` });
      continue;
    }
    const first = seen.get(label);
    if (first !== undefined) {
      issues.push({ code: 'duplicate_label', path: at, message: `label ${excerpt(label)} is already listed at ${path}:${first}; list each label once.` });
      continue;
    }
    seen.set(label, r.line);
    if (r.description !== undefined && r.description !== null && typeof r.description !== 'string') {
      issues.push({ code: 'bad_value', path: `${path}:${r.line}`, message: 'the description must be text.' });
      continue;
    }
    const d = typeof r.description === 'string' && r.description.trim() !== '' ? r.description.trim() : undefined;
    out.push(d ? { label, description: d } : { label });
  }
  if (issues.length === 0 && out.length < 2) {
    issues.push({ code: 'too_few_labels', path, message: `lists ${out.length} label${out.length === 1 ? '' : 's'}; a task needs at least 2.` });
  }
  if (issues.length > 0) throw new DataError(issues);
  return out;
}
