/**
 * Which backbone is worth it: per backbone, its best head's accuracy with interval and a paired
 * test against the best backbone (same folds, seeds and rows for all), beside what the
 * backbone costs (embedding time or money per 1,000 texts, vector size). Names the cheapest
 * backbone that is not significantly worse than the best.
 */
import type { BakeoffEntry } from './bakeoff-result.js';
import { pairedBootstrap } from './significance.js';
import type { PairedComparison } from './significance.js';
import type { Summary } from './stats.js';

export interface BackboneRow {
  /** The backbone's id, as the entries name it. */
  backbone: string;
  /** Index of its best entry (by held-out accuracy at full size). */
  entry: number;
  strategy: string;
  accuracy: Summary;
  /** Paired test of this backbone's best entry against the best backbone's; null for the best itself. */
  vsBest: PairedComparison | null;
}

/** Per backbone, its best entry and a paired bootstrap against the overall best (entry rows' 0/1 correctness). */
export function compareBackbones(
  entries: readonly BakeoffEntry[], ranking: readonly number[], correctness: readonly ArrayLike<number>[], seed: number,
): BackboneRow[] {
  const best = ranking[0];
  if (best === undefined) return [];
  const rows: BackboneRow[] = [];
  const seen = new Set<string>();
  for (const i of ranking) {
    const e = entries[i]!;
    if (seen.has(e.backbone)) continue;
    seen.add(e.backbone);
    rows.push({
      backbone: e.backbone, entry: i, strategy: e.strategy, accuracy: e.accuracy,
      vsBest: i === best ? null : pairedBootstrap(correctness[i]!, correctness[best]!, { seed }),
    });
  }
  return rows;
}

/** What embedding with a backbone costs, measured in this run. */
export interface BackboneCost {
  /** Vector length. */
  dim: number;
  /** Seconds per 1,000 texts the model actually embedded in this run; null when every text came from the cache. */
  secondsPer1000: number | null;
  /** Money per 1,000 texts (remote, with a price given); null when unknown; 0 for local models. */
  moneyPer1000: number | null;
  /** Remote: wall seconds spent waiting per request, on average; null for local. */
  latency: number | null;
  /**
   * Bytes of model weights the backbone holds in memory once loaded (`Backbone.weightsBytes`:
   * file size × copies; 0 for hashing and remote models); null when the backbone does not say.
   * Absent in runs saved before it was recorded.
   */
  memoryBytes?: number | null;
}

/** Bytes as people read them: 0 B, 107 kB, 28.5 MB, 1.2 GB. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000, u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/**
 * The cheapest backbone whose best head is not significantly worse than the best backbone's:
 * least money first, then least embedding time, then the shortest vector. Undefined when no
 * row has costs.
 */
export function cheapestNotWorse(rows: readonly BackboneRow[], costs: Readonly<Record<string, BackboneCost>>): BackboneRow | undefined {
  const fine = rows.filter((r) => costs[r.backbone] !== undefined && (r.vsBest === null || !r.vsBest.significant || r.vsBest.diff >= 0));
  const key = (r: BackboneRow): [number, number, number] => {
    const c = costs[r.backbone]!;
    return [c.moneyPer1000 ?? Infinity, c.secondsPer1000 ?? Infinity, c.dim];
  };
  return [...fine].sort((a, b) => {
    const ka = key(a), kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  })[0];
}

/**
 * How a run named each backbone id, from its versions (`backbone:NAME` → id): the spec string
 * the user gave. An id that joins several backbones' ids with `+` (the cross-backbone ensemble's
 * concatenated embeddings; a backbone id never contains `+`) is named part by part.
 *
 * @example
 * backboneNamesOf({ 'backbone:hashing': 'hashing@1-d4096' }); // { 'hashing@1-d4096': 'hashing' }
 */
export function backboneNamesOf(versions: Readonly<Record<string, string>>): (id: string) => string {
  const names = new Map<string, string>();
  for (const [k, id] of Object.entries(versions)) if (k.startsWith('backbone:')) names.set(id, k.slice('backbone:'.length));
  return (id) => names.get(id) ?? id.split('+').map((part) => names.get(part) ?? part).join('+');
}

/** The comparison as terminal lines. */
export function formatBackboneComparison(rows: readonly BackboneRow[], costs: Readonly<Record<string, BackboneCost>>, nameOf: (id: string) => string = (id) => id): string {
  if (rows.length < 2) return '';
  const pct = (v: number): string => (100 * v).toFixed(1);
  const lines = ['Backbones (each one\'s best head; paired bootstrap against the best on the same rows):'];
  for (const r of rows) {
    const c = costs[r.backbone];
    const test = r.vsBest === null ? 'best' : `${r.vsBest.diff >= 0 ? '+' : ''}${pct(r.vsBest.diff)} pts, p=${r.vsBest.p.toFixed(3)}${r.vsBest.significant ? ' (significantly worse)' : ' (not significantly worse)'}`;
    const cost = c === undefined ? '' : [
      `${c.dim}-d (${(c.dim * 4 / 1024).toFixed(1)} kB/vector)`,
      ...(c.memoryBytes != null ? [`weights in memory ${formatBytes(c.memoryBytes)}`] : []),
      c.secondsPer1000 === null ? 'time: all cached' : `${c.secondsPer1000.toFixed(1)} s/1k texts`,
      ...(c.latency !== null ? [`${(c.latency * 1000).toFixed(0)} ms/request`] : []),
      c.moneyPer1000 === null ? (c.latency !== null ? 'money: no --price' : '') : c.moneyPer1000 === 0 ? 'free' : `$${c.moneyPer1000.toFixed(5)}/1k texts`,
    ].filter(Boolean).join(', ');
    lines.push(`  ${(nameOf(r.backbone)).padEnd(28)} ${r.strategy.padEnd(10)} ${pct(r.accuracy.mean)} [${pct(r.accuracy.ci95[0])}, ${pct(r.accuracy.ci95[1])}]  ${test}${cost ? `; ${cost}` : ''}`);
  }
  const pick = cheapestNotWorse(rows, costs);
  if (pick) lines.push(`Cheapest backbone not significantly worse than the best: ${nameOf(pick.backbone)}.`);
  return lines.join('\n') + '\n';
}
