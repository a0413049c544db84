/** Matrices side by side and back: the embeddings of several backbones as one input, and each one's share of it. */
import { Matrix } from '../core/index.js';

/** Column ranges [start, end) of parts with these widths, side by side. */
export function partColumns(dims: readonly number[]): [number, number][] {
  let at = 0;
  return dims.map((d) => [at, (at += d)] as [number, number]);
}

/** Matrices with the same rows, side by side. */
export function hconcat(parts: readonly Matrix[]): Matrix {
  if (parts.length === 1) return parts[0]!;
  const rows = parts[0]!.rows;
  const cols = parts.reduce((s, m) => s + m.cols, 0);
  const out = new Matrix(rows, cols);
  for (let r = 0; r < rows; r++) {
    let at = r * cols;
    for (const m of parts) {
      out.data.set(m.row(r), at);
      at += m.cols;
    }
  }
  return out;
}

/** Columns [start, end) of X: one backbone's share of a concatenated embedding. */
export function sliceColumns(X: Matrix, columns: readonly [number, number] | undefined): Matrix {
  if (!columns) return X;
  const [a, b] = columns;
  if (a === 0 && b === X.cols) return X;
  const w = b - a;
  const out = new Matrix(X.rows, w);
  for (let r = 0; r < X.rows; r++) out.data.set(X.data.subarray(r * X.cols + a, r * X.cols + b), r * w);
  return out;
}
