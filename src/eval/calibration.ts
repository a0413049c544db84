import type { Matrix } from '../core/index.js';
import { DataError } from '../core/index.js';

/**
 * Number of equal-width confidence bins for ECE: 15 is the value used by Guo et al.
 * (2017, "On Calibration of Modern Neural Networks") and most later work, so our
 * numbers are comparable to published ones.
 */
export const ECE_BINS = 15;

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Confidence range (lo, hi]; the first bin also holds confidence exactly 0. */
  lo: number;
  hi: number;
  count: number;
  /** Mean top-label confidence of the rows in the bin (0 when empty). */
  confidence: number;
  /** Fraction of the rows in the bin predicted correctly (0 when empty). */
  accuracy: number;
}

/**
 * Reliability diagram on top-label confidence: each row goes to the bin holding its
 * largest probability; the bin records how often the top label was right.
 */
export function reliabilityBins(yTrue: Int32Array, P: Matrix, bins = ECE_BINS): ReliabilityBin[] {
  if (yTrue.length !== P.rows) {
    throw new DataError(`Got ${yTrue.length} true labels but ${P.rows} probability rows; they must match one to one.`, 'length_mismatch');
  }
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (let i = 0; i < P.rows; i++) {
    let top = 0;
    for (let j = 1; j < P.cols; j++) if (P.get(i, j) > P.get(i, top)) top = j;
    const c = P.get(i, top);
    const b = binOf(c, bins);
    count[b]!++;
    conf[b]! += c;
    if (top === yTrue[i]) hits[b]!++;
  }
  return count.map((n, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: n,
    confidence: n === 0 ? 0 : conf[b]! / n,
    accuracy: n === 0 ? 0 : hits[b]! / n,
  }));
}

/**
 * Expected calibration error: the row-weighted mean gap between confidence and accuracy
 * over 15 equal-width bins of top-label confidence. 0 is perfectly calibrated.
 *
 * @example
 * // two rows at confidence 0.9, one right and one wrong: |0.5 − 0.9| = 0.4
 * expectedCalibrationError(new Int32Array([0, 1]), Matrix.fromRows([[0.9, 0.1], [0.9, 0.1]]));
 */
export function expectedCalibrationError(yTrue: Int32Array, P: Matrix, bins = ECE_BINS): number {
  if (yTrue.length === 0) return 0;
  let ece = 0;
  for (const b of reliabilityBins(yTrue, P, bins)) ece += (b.count / yTrue.length) * Math.abs(b.accuracy - b.confidence);
  return ece;
}

/** Bin of confidence c among (lo, hi] bins with edges b/bins, compared as the edges are
 * computed, so that a value on an edge goes to the lower bin as in the reference code. */
function binOf(c: number, bins: number): number {
  let b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
  if (b > 0 && c <= b / bins) b--;
  else if (b < bins - 1 && c > (b + 1) / bins) b++;
  return b;
}
