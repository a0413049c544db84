/**
 * A dense row-major matrix of 32-bit floats: the one matrix type at every boundary
 * (backbones return it, heads take and return it).
 *
 * @example
 * const m = Matrix.fromRows([[1, 2], [3, 4]]);
 * m.get(1, 0); // 3
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;

  constructor(rows: number, cols: number, data?: Float32Array) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`Matrix shape must be non-negative integers, got ${rows}×${cols}`);
    }
    const d = data ?? new Float32Array(rows * cols);
    if (d.length !== rows * cols) {
      throw new RangeError(`Matrix data has ${d.length} values, expected ${rows}×${cols} = ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = d;
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  static fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
    const n = rows.length;
    const d = n === 0 ? 0 : rows[0]!.length;
    const m = new Matrix(n, d);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      if (r.length !== d) throw new RangeError(`Matrix.fromRows: row ${i} has ${r.length} values, expected ${d}`);
      m.data.set(r, i * d);
    }
    return m;
  }

  /** Stacks matrices with the same number of columns on top of each other. */
  static vstack(parts: readonly Matrix[], cols?: number): Matrix {
    const c = parts[0]?.cols ?? cols ?? 0;
    const total = parts.reduce((s, p) => s + p.rows, 0);
    const out = new Matrix(total, c);
    let off = 0;
    for (const p of parts) {
      if (p.cols !== c) throw new RangeError(`Matrix.vstack: ${p.cols} columns, expected ${c}`);
      out.data.set(p.data, off);
      off += p.data.length;
    }
    return out;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A view (no copy) of row i. Writing to it writes to the matrix. */
  row(i: number): Float32Array {
    if (i < 0 || i >= this.rows) throw new RangeError(`Matrix.row: ${i} out of range 0..${this.rows - 1}`);
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** A copy holding the given rows, in the given order. */
  selectRows(indices: ArrayLike<number>): Matrix {
    const out = new Matrix(indices.length, this.cols);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      out.data.set(this.data.subarray(i * this.cols, (i + 1) * this.cols), k * this.cols);
    }
    return out;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  toRows(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /** Index of the first non-finite value, or -1. Heads use it to refuse NaN input. */
  firstNonFinite(): number {
    const d = this.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
    return -1;
  }
}
