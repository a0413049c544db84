/** Span-level precision, recall and F1 per type, with one-to-one matching. */
import type { Span } from './corpus.js';

export interface TypeScore {
  type: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * A predicted span matches a gold span of the same type when their overlap is at least
 * `minJaccard` of their union (1 = exact offsets). Each gold span matches at most once.
 */
export function matchSpans(gold: readonly Span[], pred: readonly Span[], minJaccard: number): { tp: Span[]; fp: Span[]; fn: Span[] } {
  const used = new Set<number>();
  const tp: Span[] = [];
  const fp: Span[] = [];
  for (const p of pred) {
    let best = -1;
    let bestJ = 0;
    gold.forEach((g, i) => {
      if (used.has(i) || g.type !== p.type) return;
      const inter = Math.min(g.end, p.end) - Math.max(g.start, p.start);
      if (inter <= 0) return;
      const j = inter / (Math.max(g.end, p.end) - Math.min(g.start, p.start));
      if (j > bestJ) {
        bestJ = j;
        best = i;
      }
    });
    if (best >= 0 && bestJ >= minJaccard - 1e-9) {
      used.add(best);
      tp.push(p);
    } else fp.push(p);
  }
  return { tp, fp, fn: gold.filter((_, i) => !used.has(i)) };
}

/** Aggregates per-type scores over many texts. */
export class ScoreBoard {
  private readonly counts = new Map<string, { tp: number; fp: number; fn: number }>();

  add(gold: readonly Span[], pred: readonly Span[], minJaccard: number): ReturnType<typeof matchSpans> {
    const m = matchSpans(gold, pred, minJaccard);
    const bump = (type: string, k: 'tp' | 'fp' | 'fn'): void => {
      const c = this.counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
      c[k]++;
      this.counts.set(type, c);
    };
    for (const s of m.tp) bump(s.type, 'tp');
    for (const s of m.fp) bump(s.type, 'fp');
    for (const s of m.fn) bump(s.type, 'fn');
    return m;
  }

  scores(): TypeScore[] {
    const out = [...this.counts.entries()].map(([type, c]) => score(type, c.tp, c.fp, c.fn));
    const all = [...this.counts.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
    return [...out.sort((a, b) => a.type.localeCompare(b.type)), score('ALL (micro)', all.tp, all.fp, all.fn)];
  }
}

function score(type: string, tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp === 0 ? NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? NaN : tp / (tp + fn);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { type, tp, fp, fn, precision, recall, f1 };
}
