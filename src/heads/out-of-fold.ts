/**
 * Out-of-fold predictions: every row's probabilities come from a head that never saw it.
 * Used by the ensemble (stacking features and its held-out comparison) and by the
 * multi-label head (per-label thresholds).
 */
import { Matrix, throwIfAborted } from '../core/index.js';
import type { Strategy } from './head.js';
import { foldIndices } from '../math/index.js';

/**
 * Fits `strategy` on all folds but one and predicts the one, for each of the folds.
 * `fold[i]` names row i's fold (0..k-1). Returns an n×classes probability matrix.
 */
export async function outOfFold(
  strategy: Strategy, X: Matrix, y: Int32Array, fold: Int32Array, k: number,
  opts: { seed: number; labels: readonly string[]; signal?: AbortSignal },
): Promise<Matrix> {
  const classes = opts.labels.length;
  const out = new Matrix(X.rows, classes);
  for (let f = 0; f < k; f++) {
    throwIfAborted(opts.signal);
    const { train, test } = foldIndices(fold, f);
    if (test.length === 0) continue;
    const head = await strategy.fit(X.selectRows(train), y.filter((_, i) => fold[i] !== f),
      { seed: opts.seed + f, labels: opts.labels, signal: opts.signal });
    const P = head.predictProba(X.selectRows(test));
    for (let t = 0; t < test.length; t++) out.data.set(P.row(t), test[t]! * classes);
  }
  return out;
}

/** Row-wise argmax == y, as 0/1. */
export function correctness(P: Matrix, y: Int32Array): Uint8Array {
  const ok = new Uint8Array(P.rows);
  for (let r = 0; r < P.rows; r++) {
    let best = 0;
    for (let j = 1; j < P.cols; j++) if (P.data[r * P.cols + j]! > P.data[r * P.cols + best]!) best = j;
    ok[r] = best === y[r] ? 1 : 0;
  }
  return ok;
}

/**
 * One-sided exact McNemar test that `a` is right more often than `b` on the same rows:
 * P(X ≥ wins | X ~ Binomial(wins + losses, ½)). src/eval has the two-sided version, but
 * heads may not import eval (eval imports heads).
 */
export function mcnemarGreater(a: Uint8Array, b: Uint8Array): { wins: number; losses: number; p: number } {
  let wins = 0;
  let losses = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && !b[i]) wins++;
    else if (!a[i] && b[i]) losses++;
  }
  const n = wins + losses;
  // log-space binomial tail, exact for any n we meet
  let logC = 0;
  const terms: number[] = [];
  for (let x = 0; x <= n; x++) {
    if (x > 0) logC += Math.log(n - x + 1) - Math.log(x);
    if (x >= wins) terms.push(logC - n * Math.LN2);
  }
  const p = n === 0 ? 1 : Math.min(1, terms.reduce((s, t) => s + Math.exp(t), 0));
  return { wins, losses, p };
}
