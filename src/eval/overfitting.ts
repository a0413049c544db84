/**
 * The overfitting verdict. A gap between train and held-out accuracy is not overfitting by
 * itself: a flexible head (knn, a weakly regularised logistic) fits its training rows closely
 * and still generalises as well as it can. Overfitting is capacity that hurts: held-out accuracy
 * falling as the head's capacity grows (logistic's C up, knn's k down). The evidence is a path
 * of held-out accuracy over the head's capacity parameter, measured on rows the fits did not see;
 * the words (the parameter, which way capacity grows, what to do) come from the head.
 */

import { HEAD_KINDS, regularizationPath } from '../heads/index.js';

/** Held-out accuracy along a head's capacity parameter. */
export interface CapacityPath {
  /** The parameter, e.g. `C` or `k`. */
  param: string;
  /** How capacity moves as the value grows: `grows` (logistic's C), `shrinks` (knn's k). */
  capacity: 'grows' | 'shrinks';
  points: readonly { value: number; heldOutAccuracy: number }[];
  /** Held-out rows behind each accuracy (sets the noise margin). */
  heldOutRows: number;
  /** The value the evaluated head used (chosen by inner CV, or given), when known. */
  used?: number;
  /** What to do when it overfits, in the head's words, e.g. "a lower C (stronger L2 regularisation)". */
  advice?: string;
}

/**
 * `overfitting`: the head's own setting is past the peak of held-out accuracy by more than
 * noise. `guarded`: more capacity would hurt, but the head's setting stays at the peak.
 * `none`: held-out accuracy does not fall as capacity grows by more than noise. `unmeasured`: no path to judge by.
 */
export type OverfittingLevel = 'overfitting' | 'guarded' | 'none' | 'unmeasured';

export interface OverfittingVerdict {
  level: OverfittingLevel;
  sentence: string;
}

/** Smallest drop in held-out accuracy read as real: two binomial standard errors, at least one point. */
export function noiseMargin(accuracy: number, rows: number): number {
  const p = Math.min(Math.max(accuracy, 0), 1);
  return Math.max(0.01, 2 * Math.sqrt((p * (1 - p)) / Math.max(rows, 1)));
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Judges overfitting from a capacity path (none: `unmeasured`). `head` names the head in the
 * sentence, `gap` is the train − held-out accuracy gap shown beside it.
 *
 * @example
 * const path = { param: 'C', capacity: 'grows', heldOutRows: 300, used: 1,
 *   points: [{ value: 0.1, heldOutAccuracy: 0.8 }, { value: 1, heldOutAccuracy: 0.85 }, { value: 10, heldOutAccuracy: 0.85 }] } as const;
 * judgeOverfitting(path, 'logistic', 0.12).level; // 'none'
 */
export function judgeOverfitting(path: CapacityPath | undefined, head: string, gap: number): OverfittingVerdict {
  const gapText = `${(100 * gap).toFixed(1)}-point train − held-out gap`;
  if (!path || path.points.length < 2) {
    return {
      level: 'unmeasured',
      sentence: `${head}: a ${gapText}, but no measurement of held-out accuracy against capacity; a gap alone does not show overfitting.`,
    };
  }
  // Least capacity first.
  const pts = [...path.points].sort((a, b) => (path.capacity === 'grows' ? a.value - b.value : b.value - a.value));
  const at = (p: { value: number }): string => `${path.param} = ${p.value}`;
  let peak = 0;
  pts.forEach((p, i) => { if (p.heldOutAccuracy > pts[peak]!.heldOutAccuracy) peak = i; });
  const top = pts[peak]!;
  // The noise of a fall from the peak to p: the larger of the two accuracies' margins, since a
  // peak at 100% has a binomial SE of 0 and one row of 60 (1.7 points) would otherwise count.
  const marginTo = (p: { heldOutAccuracy: number }): number =>
    Math.max(noiseMargin(top.heldOutAccuracy, path.heldOutRows), noiseMargin(p.heldOutAccuracy, path.heldOutRows));
  const most = pts[pts.length - 1]!;
  const used = path.used === undefined ? -1 : nearest(pts, path.used);
  if (used > peak && top.heldOutAccuracy - pts[used]!.heldOutAccuracy > marginTo(pts[used]!)) {
    return {
      level: 'overfitting',
      sentence: `${head} overfits: held-out accuracy falls from ${pct(top.heldOutAccuracy)} at ${at(top)} to ${pct(pts[used]!.heldOutAccuracy)} at ${at(pts[used]!)}, ` +
        `the setting it uses, as capacity grows${path.advice ? `; try ${path.advice}` : ''}.`,
    };
  }
  if (top.heldOutAccuracy - most.heldOutAccuracy > marginTo(most)) {
    return {
      level: 'guarded',
      sentence: `${head}: more capacity would overfit (held-out ${pct(top.heldOutAccuracy)} at ${at(top)}, ${pct(most.heldOutAccuracy)} at ${at(most)})` +
        `${used >= 0 ? `, and ${at(pts[used]!)} stays at the peak` : ''}; not overfitting.`,
    };
  }
  // A fall within noise is still said as measured: "does not fall" under a path that shows one
  // (83% at C = 1, 77% at C = 100 on 60 held-out rows) would misread the evidence printed beside it.
  if (top.heldOutAccuracy - most.heldOutAccuracy >= 0.01) {
    return {
      level: 'none',
      sentence: `${head}: held-out accuracy falls from ${pct(top.heldOutAccuracy)} at ${at(top)} to ${pct(most.heldOutAccuracy)} at ${at(most)} as capacity grows, ` +
        `within the noise of ${path.heldOutRows} held-out rows (±${(100 * marginTo(most)).toFixed(1)} points): no evidence of overfitting, and the ${gapText} alone does not show it.`,
    };
  }
  return {
    level: 'none',
    sentence: `${head}: held-out accuracy does not fall as capacity grows (${pct(pts[0]!.heldOutAccuracy)} at ${at(pts[0]!)}, ${pct(most.heldOutAccuracy)} at ${at(most)}); ` +
      `the ${gapText} is the head's flexibility, not overfitting.`,
  };
}

/** Index of the point whose value is nearest `v` on a log scale (paths span decades). */
function nearest(pts: readonly { value: number }[], v: number): number {
  const d = (x: number): number => Math.abs(Math.log(Math.max(x, 1e-300)) - Math.log(Math.max(v, 1e-300)));
  let best = 0;
  pts.forEach((p, i) => { if (d(p.value) < d(pts[best]!.value)) best = i; });
  return best;
}

/** How a head kind reads its capacity parameter: from its regularization path definition. */
export interface CapacityWords {
  param: string;
  capacity: 'grows' | 'shrinks';
  advice?: string;
}

/** The capacity words a registered head kind declares (undefined: another kind, or none declared). */
export function capacityWordsOf(kind: string): CapacityWords | undefined {
  if (!HEAD_KINDS.includes(kind as never)) return undefined;
  const path = regularizationPath(kind);
  return path ? { param: path.param, capacity: path.capacity, advice: path.advice } : undefined;
}

/**
 * A capacity path from the inner-CV paths of several fits (one per fold): each value's held-out
 * accuracy averaged over the fits that tried it; `used` is the value most of them chose.
 *
 * @example
 * innerCapacityPath(folds.map((f) => f.diagnostics), { param: 'C', capacity: 'grows' });
 */
export function innerCapacityPath(
  diagnostics: readonly { path?: { param: string; points: { value: number; heldOutAccuracy: number }[]; rows: number }; chosen?: Record<string, number | string> }[],
  words: CapacityWords,
): CapacityPath | undefined {
  const paths = diagnostics.map((d) => d.path).filter((p): p is NonNullable<typeof p> => p !== undefined && p.param === words.param);
  if (paths.length === 0) return undefined;
  const byValue = new Map<number, number[]>();
  for (const p of paths) for (const q of p.points) byValue.set(q.value, [...(byValue.get(q.value) ?? []), q.heldOutAccuracy]);
  const votes = new Map<number, number>();
  for (const d of diagnostics) {
    const v = d.chosen?.[words.param];
    if (typeof v === 'number') votes.set(v, (votes.get(v) ?? 0) + 1);
  }
  const used = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  return {
    param: words.param, capacity: words.capacity, ...(words.advice ? { advice: words.advice } : {}),
    heldOutRows: Math.round(paths.reduce((s, p) => s + p.rows, 0) / paths.length),
    points: [...byValue.entries()].map(([value, accs]) => ({ value, heldOutAccuracy: accs.reduce((s, a) => s + a, 0) / accs.length })),
    ...(used !== undefined ? { used } : {}),
  };
}
