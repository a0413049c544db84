/** Input checks shared by the heads in this folder: refuse bad data with a message that says what to do. */
import { DataError, UsageError } from '../core/index.js';
import type { Matrix } from '../core/index.js';

/** Refuses a training set that is empty, misaligned, non-finite or labelled out of range. */
export function checkFitInput(X: Matrix, y: Int32Array, labels: readonly string[], kind: string): void {
  if (X.rows === 0) throw new DataError(`${kind}: no training rows; give at least one example per label.`, 'empty_dataset');
  if (X.rows !== y.length) {
    throw new DataError(`${kind}: X has ${X.rows} rows but y has ${y.length} labels; they must match.`, 'shape_mismatch');
  }
  if (labels.length < 2) {
    throw new DataError(`${kind}: need at least 2 labels, got ${labels.length} (${labels.join(', ')}).`, 'too_few_labels');
  }
  for (let i = 0; i < y.length; i++) {
    const k = y[i]!;
    if (k < 0 || k >= labels.length) {
      throw new DataError(`${kind}: y[${i}] = ${k} is not a label index in 0..${labels.length - 1}.`, 'unknown_label');
    }
  }
  checkFinite(X, kind);
}

/** Refuses NaN or infinite values, naming the row and column. */
export function checkFinite(X: Matrix, kind: string): void {
  const at = X.firstNonFinite();
  if (at >= 0) {
    const r = Math.floor(at / Math.max(1, X.cols));
    throw new DataError(
      `${kind}: row ${r}, column ${at - r * X.cols} is ${X.data[at]}; embeddings must be finite numbers.`, 'non_finite',
    );
  }
}

/** Refuses prediction input of the wrong width or with non-finite values. */
export function checkPredictInput(X: Matrix, dim: number, kind: string): void {
  if (X.cols !== dim) {
    throw new DataError(`${kind}: input has ${X.cols} columns but the head was trained on ${dim}; use the same backbone.`, 'dim_mismatch');
  }
  checkFinite(X, kind);
}

/** A numeric parameter check: integer or real, inclusive range, message quotes value and range. */
export function checkNumber(
  kind: string, name: string, value: number, min: number, max: number, integer = false,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `${kind}: parameter ${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${String(value)}.`,
      'bad_param',
    );
  }
  return value;
}

/** Refuses parameter names the strategy does not know, listing the known ones. */
export function checkKnownParams(kind: string, given: object, known: readonly string[]): void {
  for (const k of Object.keys(given)) {
    if (!known.includes(k)) {
      throw new UsageError(`${kind}: unknown parameter "${k}"; known parameters are: ${known.join(', ')}.`, 'bad_param');
    }
  }
}

/** Row-wise softmax in place over `k` columns. */
export function softmaxRows(z: Float32Array | Float64Array, k: number): void {
  for (let o = 0; o < z.length; o += k) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, z[o + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) s += z[o + j] = Math.exp(z[o + j]! - m);
    for (let j = 0; j < k; j++) z[o + j] = z[o + j]! / s;
  }
}
