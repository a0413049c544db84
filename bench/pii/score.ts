/**
 * Scoring of one labelled set: per type (strict and 50%-overlap matching), per locale when
 * the items carry one, and the mail sets' reading of the address types (README of
 * multilocale/: an address line is one LOCATION span there).
 */
import type { Finding } from '../../src/privacy/index.js';
import type { BenchItem, Span } from './corpus.js';
import { ScoreBoard, type TypeScore } from './metrics.js';

/** The structured types: the goal is recall ≥ 0.97 and precision ≥ 0.95 over them together. */
export const STRUCTURED = new Set(['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS']);
/** Types the mail windows were labelled without: read as LOCATION there. */
const ADDRESS_PARTS = new Set(['STREET_ADDRESS', 'POSTAL_CODE']);

export interface Evaluation {
  name: string;
  texts: number;
  strict: TypeScore[];
  relaxed: TypeScore[];
  /** Relaxed scores per locale, when the items name one. */
  byLocale: Map<string, TypeScore[]>;
}

export type Detect = (text: string) => readonly Finding[];

/**
 * Predicted spans as the mail guideline labels them: STREET_ADDRESS and POSTAL_CODE read as
 * LOCATION, and an address part merged with a LOCATION next to it on the same line (joined by
 * ", " or a space), as "Washington, DC 20006" is one span there.
 */
export function asMailSpans(text: string, pred: readonly Span[]): Span[] {
  const sorted = [...pred].sort((a, b) => a.start - b.start).map((p) => ({ ...p, part: ADDRESS_PARTS.has(p.type), type: ADDRESS_PARTS.has(p.type) ? 'LOCATION' : p.type }));
  // Runs of LOCATION spans joined by ", " or a space; a run holding an address part becomes one span.
  const out: Span[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (sorted[i]!.type === 'LOCATION' && j + 1 < sorted.length && sorted[j + 1]!.type === 'LOCATION' && /^,? ?$/.test(text.slice(sorted[j]!.end, sorted[j + 1]!.start))) j++;
    const run = sorted.slice(i, j + 1);
    if (run.some((r) => r.part)) out.push({ start: run[0]!.start, end: run[run.length - 1]!.end, type: 'LOCATION' });
    else for (const r of run) out.push({ start: r.start, end: r.end, type: r.type });
    i = j + 1;
  }
  return out;
}

export interface EvaluateOptions {
  mail?: boolean;
  /** Print misses and false alarms. */
  errors?: boolean;
  out?: NodeJS.WritableStream;
}

/** Scores `detect` on the items. */
export function evaluate(name: string, items: ReadonlyArray<BenchItem & { locale?: string }>, detect: Detect, opts: EvaluateOptions = {}): Evaluation {
  const strict = new ScoreBoard();
  const relaxed = new ScoreBoard();
  const locales = new Map<string, ScoreBoard>();
  for (const it of items) {
    let pred: Span[] = detect(it.text).map((f) => ({ start: f.start, end: f.end, type: f.type }));
    if (opts.mail) pred = asMailSpans(it.text, pred);
    strict.add(it.spans, pred, 1);
    const m = relaxed.add(it.spans, pred, 0.5);
    if (it.locale) {
      let b = locales.get(it.locale);
      if (!b) locales.set(it.locale, (b = new ScoreBoard()));
      b.add(it.spans, pred, 0.5);
    }
    if (opts.errors && (m.fp.length || m.fn.length)) {
      const q = (s: Span): string => `${s.type}:${JSON.stringify(it.text.slice(s.start, s.end))}`;
      (opts.out ?? process.stdout).write(`${it.id}  FN ${m.fn.map(q).join(' ')}  FP ${m.fp.map(q).join(' ')}\n`);
    }
  }
  return { name, texts: items.length, strict: strict.scores(), relaxed: relaxed.scores(), byLocale: new Map([...locales].map(([k, b]) => [k, b.scores()])) };
}

const fmt = (x: number): string => (Number.isNaN(x) ? '–' : x.toFixed(3));

/** Sums the counts of the rows whose type is in `types`, as one row named `name`. */
export function pooled(rows: readonly TypeScore[], types: ReadonlySet<string>, name: string): TypeScore {
  const c = rows.filter((r) => types.has(r.type)).reduce((a, r) => ({ tp: a.tp + r.tp, fp: a.fp + r.fp, fn: a.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
  const precision = c.tp + c.fp === 0 ? NaN : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? NaN : c.tp / (c.tp + c.fn);
  return { type: name, ...c, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** The per-type table of an evaluation, with the structured types pooled. */
export function table(e: Evaluation): string {
  const structured = pooled(e.relaxed, STRUCTURED, 'structured (the issue\'s six, pooled)');
  const rows = [...e.relaxed, ...(structured.tp + structured.fn + structured.fp > 0 ? [structured] : [])].map((r) => {
    const s = e.strict.find((x) => x.type === r.type);
    return `| ${r.type} | ${r.tp + r.fn} | ${fmt(r.precision)} | ${fmt(r.recall)} | ${fmt(r.f1)} | ${s ? fmt(s.f1) : '–'} |`;
  });
  return [`**${e.name}** (${e.texts} texts)`, '', '| type | gold spans | precision | recall | F1 | F1 (exact offsets) |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

/** Per locale: structured types pooled, PERSON, DATE_TIME, the address types pooled, and every type pooled. */
export function localeTable(e: Evaluation): string {
  if (e.byLocale.size === 0) return '';
  const pr = (r: TypeScore): string => `${fmt(r.precision)} / ${fmt(r.recall)}`;
  const address = new Set(['STREET_ADDRESS', 'POSTAL_CODE', 'LOCATION']);
  const lines = [...e.byLocale].sort(([a], [b]) => a.localeCompare(b)).map(([loc, rows]) => {
    const one = (t: string): TypeScore => pooled(rows, new Set([t]), t);
    return `| ${loc} | ${pr(pooled(rows, STRUCTURED, 's'))} | ${pr(one('PERSON'))} | ${pr(one('DATE_TIME'))} | ${pr(pooled(rows, address, 'a'))} | ${pr(rows.at(-1)!)} |`;
  });
  return [`Per locale, ${e.name} (precision / recall, 50% overlap):`, '', '| locale | structured six | PERSON | DATE_TIME | address (street, postcode, place) | all types |', '|---|---|---|---|---|---|', ...lines].join('\n');
}
