/** Input checks every head shares: the estimator contract refuses bad input with a clear error. */

import { DataError, Matrix, UsageError } from '../core/index.js';
import type { FitOptions } from './head.js';

/** Refuses a fit input that is not a finite matrix with one valid label index per row. */
export function checkFitInput(kind: string, X: Matrix, y: Int32Array, opts: FitOptions): void {
  if (!(X instanceof Matrix)) throw new UsageError(`${kind}: X must be a Matrix, got ${describe(X)}.`);
  if (!(y instanceof Int32Array)) throw new UsageError(`${kind}: y must be an Int32Array of label indices, got ${describe(y)}.`);
  if (!Number.isInteger(opts?.seed)) throw new UsageError(`${kind}: opts.seed must be an integer, got ${String(opts?.seed)}.`);
  const labels = opts.labels;
  if (!Array.isArray(labels) || labels.length < 2) {
    throw new UsageError(`${kind}: opts.labels must list at least 2 class names, got ${JSON.stringify(labels)}.`);
  }
  if (new Set(labels).size !== labels.length) {
    throw new UsageError(`${kind}: opts.labels must be distinct, got ${JSON.stringify(labels)}.`);
  }
  if (X.rows === 0) throw new DataError(`${kind}: cannot fit on 0 rows; give at least one example per class.`, 'empty');
  if (X.cols === 0) throw new DataError(`${kind}: cannot fit on 0-column embeddings.`, 'empty');
  if (y.length !== X.rows) {
    throw new UsageError(`${kind}: y has ${y.length} labels but X has ${X.rows} rows; they must match.`);
  }
  for (let i = 0; i < y.length; i++) {
    const k = y[i]!;
    if (k < 0 || k >= labels.length) {
      throw new DataError(`${kind}: y[${i}] = ${k} is not a label index in 0..${labels.length - 1}.`, 'bad_label');
    }
  }
  checkFinite(kind, X, 'fit');
}

/** Refuses a predict input of the wrong width or with NaN/Inf. */
export function checkPredictInput(kind: string, X: Matrix, dim: number): void {
  if (!(X instanceof Matrix)) throw new UsageError(`${kind}: X must be a Matrix, got ${describe(X)}.`);
  if (X.cols !== dim) {
    throw new DataError(
      `${kind}: the head was fitted on ${dim}-dimensional embeddings but got ${X.cols} columns; ` +
        'embed with the same backbone the head was trained on.',
      'dim_mismatch',
    );
  }
  checkFinite(kind, X, 'predict');
}

/** Refuses an explain input of the wrong width or with NaN/Inf. */
export function checkRow(kind: string, x: Float32Array, dim: number): Matrix {
  const m = new Matrix(1, x.length, x);
  checkPredictInput(kind, m, dim);
  return m;
}

function checkFinite(kind: string, X: Matrix, phase: string): void {
  const at = X.firstNonFinite();
  if (at < 0) return;
  const row = Math.floor(at / X.cols);
  const col = at % X.cols;
  throw new DataError(
    `${kind}: ${phase} input has a non-finite value (${X.data[at]}) at row ${row}, column ${col}; ` +
      'remove or re-embed that row.',
    'non_finite',
  );
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'object';
}
