/**
 * Scores PHONE alone on the fresh PHONE set (`phone-fresh.jsonl`, GUIDELINE.md): precision and
 * recall with 95% Wilson intervals, and how many of the windows' phone-shaped runs that are not
 * numbers a PHONE finding claims.
 */
import type { Finding } from '../../src/privacy/index.js';
import type { BenchItem, Span } from './corpus.js';
import { matchSpans } from './metrics.js';
import { phoneShaped } from './phone-shaped.js';

/** The 95% Wilson score interval of `k` successes in `n` trials. */
export function wilson(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [NaN, NaN];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface PhoneSetScore {
  tp: number;
  fp: number;
  fn: number;
  /** Phone-shaped runs overlapping no gold number, and how many of them a PHONE finding overlaps. */
  lookalikes: number;
  claimed: number;
  misses: string[];
  falseAlarms: string[];
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** PHONE findings against the gold numbers (50% overlap, one-to-one), over the items. */
export function scorePhones(items: readonly BenchItem[], detect: (text: string) => readonly Finding[]): PhoneSetScore {
  const s: PhoneSetScore = { tp: 0, fp: 0, fn: 0, lookalikes: 0, claimed: 0, misses: [], falseAlarms: [] };
  for (const it of items) {
    const gold = it.spans.filter((g) => g.type === 'PHONE');
    const pred = detect(it.text).filter((f) => f.type === 'PHONE').map((f) => ({ start: f.start, end: f.end, type: f.type }));
    const m = matchSpans(gold, pred, 0.5);
    s.tp += m.tp.length;
    s.fp += m.fp.length;
    s.fn += m.fn.length;
    const quote = (x: Span): string => `${it.id} ${JSON.stringify(it.text.slice(x.start, x.end))}`;
    s.misses.push(...m.fn.map(quote));
    s.falseAlarms.push(...m.fp.map(quote));
    for (const run of phoneShaped(it.text)) {
      if (gold.some((g) => overlaps(g, run))) continue;
      s.lookalikes++;
      if (pred.some((p) => overlaps(p, run))) s.claimed++;
    }
  }
  return s;
}

const f3 = (x: number): string => (Number.isNaN(x) ? '–' : x.toFixed(3));
const interval = (k: number, n: number): string => {
  const [lo, hi] = wilson(k, n);
  return `${f3(n ? k / n : NaN)} (${f3(lo)}–${f3(hi)})`;
};

/** One table row: precision and recall with their intervals, and the look-alikes claimed. */
export function phoneRow(name: string, s: PhoneSetScore): string {
  return `| ${name} | ${s.tp + s.fn} | ${s.tp + s.fp} | ${interval(s.tp, s.tp + s.fp)} | ${interval(s.tp, s.tp + s.fn)} | ${s.claimed} of ${s.lookalikes} |`;
}

export const PHONE_TABLE_HEAD = '| set | numbers | PHONE findings | precision (95% Wilson) | recall (95% Wilson) | look-alikes claimed |\n|---|---:|---:|---|---|---:|';
