/**
 * Which classes benefit most from labels: per class, its recall along the proportional curve
 * against log2 of its own training rows gives the recall a doubling of that class's labels
 * buys (a least-squares slope over the curve's last points). A label in class k is worth its
 * share of the held-out rows × that slope × the doublings the label adds. New labels go where
 * they are worth most, in small chunks (a greedy allocation).
 */
import type { CurveMeasurement } from './curve.js';

export interface ClassBenefit {
  label: string;
  /** Share of held-out rows in this class. */
  share: number;
  /** Training rows of the class at the full-data point. */
  rows: number;
  /** Recall at the full-data point (null when the held-out rows have none of the class). */
  recall: number | null;
  /** Recall gained per doubling of the class's labels (never below 0). */
  slopePerDoubling: number;
  /** Expected overall accuracy gained per 100 more labels of this class alone. */
  gainPer100: number;
}

export interface LabelPlan {
  /** Classes, most worth labelling first. */
  classes: ClassBenefit[];
  /** How `total` new labels split across classes (only classes that get some). */
  allocation: { label: string; labels: number }[];
}

/** Points of the curve's upper part the slope is fitted on. */
const SLOPE_POINTS = 4;

function recalls(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row, k) => {
    const support = row.reduce((s, v) => s + v, 0);
    return support === 0 ? Number.NaN : (row[k] ?? 0) / support;
  });
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i]! - mx) * (ys[i]! - my); sxx += (xs[i]! - mx) ** 2; }
  return sxx === 0 ? 0 : sxy / sxx;
}

function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** Overall accuracy gained by `m` more labels in a class (its share × slope × doublings added). */
function gainOf(c: ClassBenefit, m: number): number {
  return c.share * c.slopePerDoubling * Math.log2((Math.max(c.rows, 1) + m) / Math.max(c.rows, 1));
}

/**
 * Per-class benefit of labels from the curve, and a split of `total` new labels.
 *
 * @example
 * const plan = planLabels(points, labels, 500); // plan.allocation: [{ label: 'spam', labels: 320 }, …]
 */
export function planLabels(points: readonly CurveMeasurement[], labels: readonly string[], total: number): LabelPlan {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  const top = sorted.slice(-SLOPE_POINTS);
  const full = sorted.at(-1);
  if (!full) return { classes: [], allocation: [] };
  const support = full.confusion.map((row) => row.reduce((s, v) => s + v, 0));
  const heldOut = support.reduce((a, b) => a + b, 0) || 1;
  const perPoint = top.map((p) => recalls(p.confusion));
  const classes = labels.map((label, k): ClassBenefit => {
    const xs: number[] = [], ys: number[] = [];
    top.forEach((p, i) => {
      const r = perPoint[i]![k]!;
      if (Number.isFinite(r) && p.classCounts[k]! > 0) { xs.push(Math.log2(p.classCounts[k]!)); ys.push(r); }
    });
    const c: ClassBenefit = {
      label, share: support[k]! / heldOut, rows: Math.round(full.classCounts[k] ?? 0), recall: finiteOrNull(recalls(full.confusion)[k]),
      slopePerDoubling: Math.max(0, slope(xs, ys)), gainPer100: 0,
    };
    c.gainPer100 = gainOf(c, 100);
    return c;
  });
  classes.sort((a, b) => b.gainPer100 - a.gainPer100 || a.label.localeCompare(b.label));
  return { classes, allocation: allocate(classes, total) };
}

/** Greedy: each of 50 chunks of the labels goes to the class where it adds the most accuracy. */
function allocate(classes: readonly ClassBenefit[], total: number): { label: string; labels: number }[] {
  if (total <= 0 || classes.length === 0) return [];
  const chunks = Math.min(50, Math.max(1, Math.round(total)));
  const given = new Map<string, number>();
  let left = Math.round(total);
  for (let i = 0; i < chunks; i++) {
    const size = Math.round(left / (chunks - i));
    left -= size;
    let best = classes[0]!, bestGain = -1;
    for (const c of classes) {
      const m = given.get(c.label) ?? 0;
      const g = gainOf(c, m + size) - gainOf(c, m);
      if (g > bestGain) { best = c; bestGain = g; }
    }
    // No class is predicted to gain: spread by share, as more data in the same proportions would.
    if (bestGain <= 0) return proportional(classes, total);
    given.set(best.label, (given.get(best.label) ?? 0) + size);
  }
  return [...given].map(([label, labels]) => ({ label, labels })).sort((a, b) => b.labels - a.labels);
}

function proportional(classes: readonly ClassBenefit[], total: number): { label: string; labels: number }[] {
  return classes.map((c) => ({ label: c.label, labels: Math.round(c.share * total) })).filter((a) => a.labels > 0).sort((a, b) => b.labels - a.labels);
}
