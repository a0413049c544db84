/**
 * Measured alternatives: every head on every backbone from the bake-off, with its interval,
 * calibration and out-of-distribution quality; the best, and the cheapest that is not
 * significantly worse than the best. Paired tests come from the bake-off where it ran them (the
 * runner-up, and each backbone's best against the best backbone's); other entries are compared
 * by their intervals, which is the weaker test and is named as such.
 */
import type { BackboneCost, BakeoffResult } from '../eval/index.js';

/** What serving one head costs, measured by the advisor. */
export interface HeadCost {
  /** Size of the saved head (its JSON). */
  bytes: number;
  /** Milliseconds per text to apply the head to embeddings already computed (batch of held-out rows). */
  msPerText: number;
  /** Training rows of the fit it was measured on. */
  rows: number;
}

export interface AlternativeRow {
  /** Index of the entry in the bake-off result. */
  entry: number;
  backbone: string;
  strategy: string;
  accuracy: number;
  ci95: [number, number];
  macroF1: number;
  /** Expected calibration error after temperature scaling (null when not calibrated). */
  ece: number | null;
  /** Out-of-distribution AUROC of the backbone's better scorer (null without out-of-scope examples). */
  oodAuroc: number | null;
  /** Against the best entry; null for the best itself. */
  vsBest: { diff: number; ci95: [number, number]; p: number | null; significant: boolean; test: 'paired-bootstrap' | 'intervals' } | null;
  cost: {
    dim: number;
    embedSecondsPer1000: number | null;
    moneyPer1000: number | null;
    head: HeadCost | null;
  } | null;
}

export interface Alternatives {
  method: 'holdout' | 'cv';
  rows: AlternativeRow[];
  /** Index into rows of the best (always 0: rows are ranked) and of the cheapest not significantly worse. */
  best: number;
  cheapest: number;
  /** Why the cheapest is cheapest, in words. */
  cheapestWhy: string;
}

function vsBest(r: BakeoffResult, i: number): AlternativeRow['vsBest'] {
  const best = r.ranking[0]!;
  if (i === best) return null;
  const c = r.comparison;
  if (c && c.a === best && c.b === i) return { diff: -c.diff, ci95: [-c.ci95[1], -c.ci95[0]], p: c.p, significant: c.significant, test: 'paired-bootstrap' };
  const row = r.backbones?.find((b) => b.entry === i && b.vsBest !== null);
  if (row?.vsBest) return { diff: row.vsBest.diff, ci95: row.vsBest.ci95, p: row.vsBest.p, significant: row.vsBest.significant, test: 'paired-bootstrap' };
  const e = r.entries[i]!, b = r.entries[best]!;
  return {
    diff: e.accuracy.mean - b.accuracy.mean,
    ci95: [e.accuracy.ci95[0] - b.accuracy.ci95[1], e.accuracy.ci95[1] - b.accuracy.ci95[0]],
    p: null, significant: e.accuracy.ci95[1] < b.accuracy.ci95[0], test: 'intervals',
  };
}

function oodAuroc(r: BakeoffResult, backbone: string): number | null {
  const o = r.ood.find((x) => x.backbone === backbone);
  if (!o?.detection) return null;
  const m = o.best ?? o.method;
  return o.detection[m]?.auroc ?? null;
}

/**
 * The bake-off's entries as ranked alternatives with costs.
 *
 * @example
 * const alt = measuredAlternatives(run.result, run.costs, heads);
 * alt.rows[alt.cheapest].strategy;
 */
export function measuredAlternatives(r: BakeoffResult, costs: Readonly<Record<string, BackboneCost>>, heads: ReadonlyMap<number, HeadCost> = new Map()): Alternatives {
  const rows = r.ranking.map((i): AlternativeRow => {
    const e = r.entries[i]!;
    const c = costs[e.backbone];
    return {
      entry: i, backbone: e.backbone, strategy: e.strategy, accuracy: e.accuracy.mean, ci95: [e.accuracy.ci95[0], e.accuracy.ci95[1]],
      macroF1: e.macroF1.mean, ece: e.calibration ? e.calibration.eceAfter : null, oodAuroc: oodAuroc(r, e.backbone), vsBest: vsBest(r, i),
      cost: c === undefined ? null : { dim: c.dim, embedSecondsPer1000: c.secondsPer1000, moneyPer1000: c.moneyPer1000, head: heads.get(i) ?? null },
    };
  });
  const { index, why } = cheapest(rows);
  return { method: r.method, rows, best: 0, cheapest: index, cheapestWhy: why };
}

/**
 * The cheapest row not significantly worse than the best: least embedding money per 1,000
 * texts, then least embedding time, then the shortest vector, then the smallest head, then the
 * fastest head. Unknown costs sort last.
 */
function cheapest(rows: readonly AlternativeRow[]): { index: number; why: string } {
  const fine = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.vsBest === null || !r.vsBest.significant || r.vsBest.diff >= 0);
  const inf = Number.POSITIVE_INFINITY;
  const key = (r: AlternativeRow): number[] => [
    r.cost?.moneyPer1000 ?? inf, r.cost?.embedSecondsPer1000 ?? inf, r.cost?.dim ?? inf, r.cost?.head?.bytes ?? inf, r.cost?.head?.msPerText ?? inf,
  ];
  const order = [...fine].sort((a, b) => {
    const ka = key(a.r), kb = key(b.r);
    for (let j = 0; j < ka.length; j++) if (ka[j] !== kb[j]) return ka[j]! - kb[j]!;
    return a.i - b.i;
  });
  const pick = order[0]!;
  if (pick.i === 0) return { index: 0, why: fine.length === 1 ? 'every other entry is significantly worse' : 'it is also the cheapest of the entries not significantly worse' };
  const b = rows[0]!.cost, c = pick.r.cost;
  const parts: string[] = [];
  if (b && c) {
    if ((c.moneyPer1000 ?? inf) < (b.moneyPer1000 ?? inf)) parts.push('costs less money per 1,000 texts');
    else if ((c.embedSecondsPer1000 ?? inf) < (b.embedSecondsPer1000 ?? inf)) parts.push('embeds faster');
    else if (c.dim < b.dim) parts.push(`has shorter vectors (${c.dim} vs ${b.dim})`);
    else if ((c.head?.bytes ?? inf) < (b.head?.bytes ?? inf)) parts.push(`has a smaller head (${c.head!.bytes.toLocaleString('en-US')} vs ${b.head?.bytes.toLocaleString('en-US')} bytes)`);
    else parts.push('applies faster');
  }
  return { index: pick.i, why: `${parts.join(', ') || 'costs less'} and is not significantly worse than the best (${pick.r.vsBest!.test})` };
}
