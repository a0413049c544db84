/**
 * Test doubles for evaluation logic: tiny strategies that implement the Strategy
 * contract honestly, so eval can be tested without the real heads.
 */
import { Matrix, Rng } from '../../src/core/index.js';
import type { FitOptions, FittedHead, HeadJSON, Strategy } from '../../src/heads/index.js';

/** Nearest class mean; probabilities are a softmax over negative squared distances. */
export class MeanStrategy implements Strategy<{ warn?: string }> {
  readonly kind = 'mean-test';
  fits: { rows: number; seed: number }[] = [];
  constructor(readonly params: { warn?: string } = {}, private readonly onFit?: () => void) {}

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    this.fits.push({ rows: X.rows, seed: opts.seed });
    this.onFit?.();
    const k = opts.labels.length;
    const means = new Matrix(k, X.cols);
    const n = new Array<number>(k).fill(0);
    for (let i = 0; i < X.rows; i++) {
      n[y[i]!]!++;
      for (let j = 0; j < X.cols; j++) means.set(y[i]!, j, means.get(y[i]!, j) + X.get(i, j));
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < X.cols; j++) means.set(c, j, means.get(c, j) / Math.max(1, n[c]!));
    const warnings = this.params.warn ? [this.params.warn] : [];
    return head(this.kind, opts.labels, X.cols, warnings, (x) => {
      const d = Array.from({ length: k }, (_, c) => -x.reduce((s, v, j) => s + (v - means.get(c, j)) ** 2, 0));
      return softmax(d);
    });
  }
}

/** Remembers its training rows: right on them, always says class 0 elsewhere. */
export class MemoriseStrategy implements Strategy {
  readonly kind = 'memorise-test';
  readonly params = {};
  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    const seen = new Map<string, number>();
    for (let i = 0; i < X.rows; i++) seen.set(X.row(i).join(','), y[i]!);
    const k = opts.labels.length;
    return head(this.kind, opts.labels, X.cols, [], (x) => {
      const p = new Array<number>(k).fill(0);
      p[seen.get(x.join(',')) ?? 0] = 1;
      return p;
    });
  }
}

/** Returns probabilities of the wrong shape: a broken head. */
export class BrokenStrategy implements Strategy {
  readonly kind = 'broken-test';
  readonly params = {};
  async fit(X: Matrix, _y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    return { ...head(this.kind, opts.labels, X.cols, [], () => []), predictProba: (Z: Matrix) => new Matrix(Z.rows, 1) };
  }
}

function head(kind: string, labels: readonly string[], dim: number, warnings: string[], proba: (x: Float32Array) => number[]): FittedHead {
  return {
    kind,
    labels,
    dim,
    diagnostics: { warnings },
    predictProba(X: Matrix): Matrix {
      return Matrix.fromRows(Array.from({ length: X.rows }, (_, i) => proba(X.row(i))));
    },
    toJSON(): HeadJSON {
      return { kind, format: 1, params: {}, labels: [...labels], dim, diagnostics: { warnings }, state: {} };
    },
  };
}

function softmax(v: number[]): number[] {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Two or more well-separated Gaussian blobs in 2-d: class c centred at (4c, -4c). */
export function blobs(perClass: number[], seed: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  perClass.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      rows.push([4 * c + 0.5 * rng.normal(), -4 * c + 0.5 * rng.normal()]);
      y.push(c);
    }
  });
  return { X: Matrix.fromRows(rows), y: Int32Array.from(y) };
}
