/**
 * Intervals for a single fit's held-out score by resampling the held-out rows. Used at the
 * full-training-set point of a learning curve: every seed would draw the same rows there, so
 * the bake-off fits once and the interval says how much the score could move with another
 * test sample of the same size (not with another training sample: there is none).
 */
import { Rng } from '../core/index.js';
import type { Summary } from './stats.js';

/** Resamples for the percentile interval; 1,000 puts the 2.5% quantile on the 25th value. */
export const BOOTSTRAP_RESAMPLES = 1000;

function macroF1Of(tp: Float64Array, trueN: Float64Array, predN: Float64Array): number {
  let sum = 0, n = 0;
  for (let c = 0; c < tp.length; c++) {
    if (trueN[c]! === 0 && predN[c]! === 0) continue;
    const denom = trueN[c]! + predN[c]!;
    sum += denom === 0 ? 0 : (2 * tp[c]!) / denom;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

function percentileSummary(observed: number, boots: Float64Array): Summary {
  let mean = 0;
  for (const v of boots) mean += v / boots.length;
  let ss = 0;
  for (const v of boots) ss += (v - mean) ** 2;
  const std = boots.length > 1 ? Math.sqrt(ss / (boots.length - 1)) : 0;
  const s = Float64Array.from(boots).sort();
  const at = (q: number): number => s[Math.min(s.length - 1, Math.max(0, Math.floor(q * s.length)))]!;
  // One fit: n = 1 measurement; std/se are the bootstrap standard error of that measurement.
  return { n: 1, mean: observed, std, se: std, ci95: [Math.min(observed, at(0.025)), Math.max(observed, at(0.975))] };
}

/**
 * Wilson's 95% score interval for `k` right of `m`. Used where every row is right (or every row
 * wrong): each resample is then identical, and the percentile interval would read 100.0%–100.0%
 * for 36 of 36 rows, while 36 rows only show the accuracy is above about 90%.
 */
export function wilsonInterval(k: number, m: number): [number, number] {
  if (m <= 0) return [0, 1];
  const z = 1.959963984540054, p = k / m, z2m = (z * z) / m;
  const centre = (p + z2m / 2) / (1 + z2m);
  const half = (z * Math.sqrt((p * (1 - p)) / m + z2m / (4 * m))) / (1 + z2m);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Accuracy and macro-F1 of one set of predictions, each with a percentile-bootstrap 95%
 * interval over the held-out rows (seeded, so the same inputs give the same interval). When every
 * row is right or every row wrong, accuracy's interval is Wilson's and its standard error a
 * quarter of that interval's width (1.96 on each side), not the resamples' zero.
 *
 * @example
 * const { accuracy } = bootstrapScores(yTrue, yPred, 3, 42); // accuracy.ci95
 */
export function bootstrapScores(
  yTrue: Int32Array, yPred: Int32Array, classes: number, seed: number, resamples = BOOTSTRAP_RESAMPLES,
): { accuracy: Summary; macroF1: Summary } {
  const m = yTrue.length;
  if (yPred.length !== m) throw new RangeError(`bootstrap needs as many predictions as labels, got ${yPred.length} and ${m}`);
  const tp = new Float64Array(classes), trueN = new Float64Array(classes), predN = new Float64Array(classes);
  let hits = 0;
  for (let i = 0; i < m; i++) {
    trueN[yTrue[i]!]!++;
    predN[yPred[i]!]!++;
    if (yTrue[i] === yPred[i]) { tp[yTrue[i]!]!++; hits++; }
  }
  const acc0 = m === 0 ? 0 : hits / m;
  const f10 = macroF1Of(tp, trueN, predN);
  const accB = new Float64Array(resamples), f1B = new Float64Array(resamples);
  const rng = new Rng(seed ^ 0xb007);
  for (let r = 0; r < resamples && m > 0; r++) {
    tp.fill(0); trueN.fill(0); predN.fill(0);
    let h = 0;
    for (let t = 0; t < m; t++) {
      const i = rng.int(m);
      const a = yTrue[i]!, b = yPred[i]!;
      trueN[a]!++;
      predN[b]!++;
      if (a === b) { tp[a]!++; h++; }
    }
    accB[r] = h / m;
    f1B[r] = macroF1Of(tp, trueN, predN);
  }
  const accuracy = percentileSummary(acc0, accB);
  if (m > 0 && (hits === 0 || hits === m)) {
    const ci95 = wilsonInterval(hits, m);
    const se = (ci95[1] - ci95[0]) / (2 * 1.959963984540054);
    return { accuracy: { ...accuracy, std: se, se, ci95 }, macroF1: percentileSummary(f10, f1B) };
  }
  return { accuracy, macroF1: percentileSummary(f10, f1B) };
}
