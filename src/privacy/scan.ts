/**
 * Scanning: where is private data, of which types, in which columns. The report holds
 * counts, positions, shape masks and redacted snippets, never a raw value.
 */
import type { Issue } from '../core/index.js';
import { detect, type DetectOptions } from './detect.js';
import { redactText, shapeMask } from './transform.js';
import type { Finding, PiiType } from './types.js';

/** One text to scan, and where it came from. */
export interface ScanItem {
  text: string;
  /** `file:line` (or an id). */
  path: string;
  /** Column or field name. */
  column: string;
}

/** A finding shown to people: its shape and its redacted surroundings, not its content. */
export interface MaskedSample {
  path: string;
  column: string;
  type: PiiType;
  rule: string;
  confidence: number;
  /** The value's shape, e.g. `(###) ###-####`. */
  mask: string;
  /** Up to 40 characters either side, every finding replaced (this one by `[mask]`). */
  context: string;
}

export interface ScanReport {
  source: string;
  texts: number;
  /** UTF-8 bytes scanned. */
  bytes: number;
  seconds: number;
  findings: number;
  textsWithFindings: number;
  byType: Partial<Record<PiiType, number>>;
  byColumn: Record<string, Partial<Record<PiiType, number>>>;
  /** A few masked examples per type. */
  samples: MaskedSample[];
  /** One issue per finding, up to `maxIssues`: path, type, span. */
  issues: Issue[];
  /** True when more findings exist than `issues` lists. */
  truncated: boolean;
}

export interface ScanOptions extends DetectOptions {
  /** Names the input in the report (default `text` / `data`). */
  source?: string;
  /** Masked examples kept per type (default 3). */
  samplesPerType?: number;
  /** Issues kept (default 1000). */
  maxIssues?: number;
}

const CONTEXT_CHARS = 40;

/**
 * Scans a text, a list of examples, or a dataset for private data.
 *
 * @example
 * scan('call me at (415) 555-2671').byType // { PHONE: 1 }
 * scan(dataset).byColumn.text              // { EMAIL: 40, PERSON: 12 }
 */
export function scan(
  input: string | readonly { text: string; id?: string; line?: number }[] | { source: string; examples: readonly { text: string; line?: number }[] },
  opts: ScanOptions = {},
): ScanReport {
  let items: ScanItem[];
  let source: string;
  if (typeof input === 'string') {
    source = opts.source ?? 'text';
    items = [{ text: input, path: source, column: 'text' }];
  } else if ('examples' in input) {
    source = opts.source ?? input.source;
    items = input.examples.map((e, i) => ({ text: e.text, path: `${source}:${e.line ?? i + 1}`, column: 'text' }));
  } else {
    source = opts.source ?? 'data';
    items = input.map((e, i) => ({ text: e.text, path: `${source}:${e.line ?? i + 1}`, column: 'text' }));
  }
  return scanItems(items, { ...opts, source });
}

/** Scans prepared items (e.g. every column of a file, from `scanFile`). */
export function scanItems(items: Iterable<ScanItem>, opts: ScanOptions = {}): ScanReport {
  const perType = opts.samplesPerType ?? 3;
  const maxIssues = opts.maxIssues ?? 1000;
  const r: ScanReport = {
    source: opts.source ?? 'data', texts: 0, bytes: 0, seconds: 0, findings: 0, textsWithFindings: 0,
    byType: {}, byColumn: {}, samples: [], issues: [], truncated: false,
  };
  const t0 = performance.now();
  for (const item of items) {
    r.texts++;
    r.bytes += Buffer.byteLength(item.text);
    const findings = detect(item.text, opts);
    if (findings.length === 0) continue;
    r.textsWithFindings++;
    const col = (r.byColumn[item.column] ??= {});
    for (const f of findings) {
      r.findings++;
      r.byType[f.type] = (r.byType[f.type] ?? 0) + 1;
      col[f.type] = (col[f.type] ?? 0) + 1;
      if (r.issues.length < maxIssues) {
        r.issues.push({ code: `pii_${f.type.toLowerCase()}`, path: `${item.path} (${item.column})`, message: `${f.type} at characters ${f.start}–${f.end}` });
      } else r.truncated = true;
      if ((r.byType[f.type] ?? 0) <= perType) r.samples.push(maskedSample(item, f, findings));
    }
  }
  r.seconds = (performance.now() - t0) / 1000;
  return r;
}

function maskedSample(item: ScanItem, f: Finding, all: readonly Finding[]): MaskedSample {
  const text = item.text;
  const mask = shapeMask(text.slice(f.start, f.end));
  let from = Math.max(0, f.start - CONTEXT_CHARS);
  let to = Math.min(text.length, f.end + CONTEXT_CHARS);
  // A finding cut by the window's edge is left out of the window rather than half-shown.
  for (const g of all) {
    if (g.start < from && g.end > from) from = g.end;
    if (g.start < to && g.end > to) to = g.start;
  }
  const shift = (gs: readonly Finding[], by: number): Finding[] => gs.map((g) => ({ ...g, start: g.start - by, end: g.end - by }));
  const left = redactText(text.slice(from, f.start), shift(all.filter((g) => g.start >= from && g.end <= f.start), from));
  const right = redactText(text.slice(f.end, to), shift(all.filter((g) => g.start >= f.end && g.end <= to), f.end));
  const flat = (s: string): string => s.replace(/\s+/g, ' ');
  return {
    path: item.path, column: item.column, type: f.type, rule: f.rule, confidence: f.confidence, mask,
    context: `${from > 0 ? '…' : ''}${flat(left)}[${mask}]${flat(right)}${to < text.length ? '…' : ''}`,
  };
}
