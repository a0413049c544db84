/**
 * k-nearest-neighbours on cosine similarity. Its state is the (L2-normalised) training
 * matrix. Votes are a softmax over the k neighbours' similarities (temperature τ), smoothed
 * so that log-loss stays finite; k is chosen by stratified inner CV when not given.
 */

import { DataError, Matrix, Rng, decodeF32, decodeI32, encodeF32, encodeI32 } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, InnerPath, Strategy } from '../head.js';
import { KeepsOutOfFold, headJSON, labelScores } from '../head.js';
import { crossFoldNearest, foldIndices, innerFoldCount, l2NormalizeRows, nearest, stratifiedFolds } from '../../math/index.js';
import type { Neighbours } from '../../math/index.js';
import { vote } from './vote.js';
import { defined, grid, int, num, readParams, whenSearched } from '../params.js';
import { defineHead, strategyOf } from '../definition.js';
import { headTags } from '../tags.js';
import { checkFitInput, checkPredictInput, checkRow } from '../validate.js';

export interface KnnParams {
  /** Neighbours that vote. Absent: chosen from `ks` by inner CV (held-out log-loss). */
  k?: number;
  ks?: number[];
  innerFolds?: number;
  /** Softmax temperature over cosine similarities; 0.1 lets a 0.1 similarity gap weigh e≈2.7×. */
  temperature?: number;
  /** Mass spread evenly over all labels so no probability is 0 or 1. */
  smoothing?: number;
}

const KIND = 'knn';
// From a few close neighbours to a broad vote; the softmax weighting makes large k safe.
export const DEFAULT_KS: readonly number[] = Object.freeze([5, 10, 20, 40]);
const DEFAULTS = { innerFolds: 3, temperature: 0.1, smoothing: 0.01 };
const RULES = {
  k: int({ ge: 1 }),
  ks: grid(int({ ge: 1 })),
  innerFolds: int({ ge: 2, le: 20 }),
  temperature: num({ gt: 0 }),
  smoothing: num({ gt: 0, le: 0.5 }),
};
const TAGS = headTags({ complexity: 1 });

/** Validates params and returns the knn strategy. */
function createKnn(params: unknown = {}): Strategy<KnnParams> {
  const p = readParams(KIND, params, RULES);
  const validated: KnnParams = defined({
    k: p.k,
    ks: whenSearched(p.ks, p.k, [...DEFAULT_KS]),
    innerFolds: whenSearched(p.innerFolds, p.k, DEFAULTS.innerFolds),
    temperature: p.temperature ?? DEFAULTS.temperature,
    smoothing: p.smoothing ?? DEFAULTS.smoothing,
  });
  return strategyOf(KIND, TAGS, validated, async (X, y, opts) => fitKnn(validated, X, y, opts));
}

function fitKnn(params: KnnParams, X: Matrix, y: Int32Array, opts: FitOptions): KnnHead {
  checkFitInput(KIND, X, y, opts);
  const labels = [...opts.labels];
  const train = l2NormalizeRows(X.data, X.rows, X.cols);
  const diagnostics: FitDiagnostics = { warnings: [] };
  let k = params.k;
  let outOfFold: Matrix | undefined;
  if (k === undefined) {
    let path: InnerPath | undefined;
    ({ k, outOfFold, path } = chooseK(params, Float64Array.from(train), X.rows, X.cols, y, labels.length, opts.seed, diagnostics.warnings));
    diagnostics.chosen = { k };
    if (path) diagnostics.path = path;
  }
  if (k > X.rows) diagnostics.warnings.push(`k = ${k} exceeds the ${X.rows} training rows; all rows vote`);
  const head = new KnnHead({ ...params }, labels, X.cols, diagnostics, train, y.slice(), k);
  head.keepOutOfFold(outOfFold);
  return head;
}

/**
 * k from `ks` by inner CV (held-out log-loss; ties keep the smaller k), and the held-out
 * probabilities at that k: every row voted on by the rows of the other folds only.
 */
function chooseK(
  params: KnnParams, train: Float64Array, n: number, d: number, y: Int32Array, K: number, seed: number, warnings: string[],
): { k: number; outOfFold?: Matrix; path?: InnerPath } {
  const ks = params.ks!;
  const folds = innerFoldCount(y, K, params.innerFolds!);
  if (folds < 2) {
    warnings.push(`the rarest label has 1 row, too few for inner cross-validation; used k = ${ks[0]}`);
    return { k: ks[0]! };
  }
  const assign = stratifiedFolds(y, K, folds, new Rng(seed));
  const loss = new Float64Array(ks.length);
  const hits = new Float64Array(ks.length);
  const proba = new Float64Array(K);
  // Every row's neighbours among the other folds' rows at once (each pair multiplied once):
  // bit-for-bit the lists of one search per fold, at half the products.
  const nb = crossFoldNearest(train, n, d, assign, folds, ks[ks.length - 1]!);
  for (let f = 0; f < folds; f++) {
    const { test } = foldIndices(assign, f);
    for (let c = 0; c < ks.length; c++) {
      for (let q = 0; q < test.length; q++) {
        const i = test[q]!;
        vote(nb, i, Math.min(ks[c]!, nb.filled[i]!), y, K, params.temperature!, params.smoothing!, proba, 0);
        loss[c] = loss[c]! - Math.log(proba[y[i]!]!);
        if (argmax(proba, K) === y[i]) hits[c]!++;
      }
    }
  }
  let best = 0;
  for (let c = 1; c < ks.length; c++) if (loss[c]! < loss[best]!) best = c; // ties keep the smaller k
  const p = new Float64Array(n * K);
  for (let i = 0; i < n; i++) vote(nb, i, Math.min(ks[best]!, nb.filled[i]!), y, K, params.temperature!, params.smoothing!, p, i * K);
  const path: InnerPath = { param: 'k', rows: n, points: ks.map((value, c) => ({ value, heldOutAccuracy: hits[c]! / n })) };
  // Float32 as predictProba returns them, so a calibrator sees what a fold refit would give it.
  return { k: ks[best]!, outOfFold: new Matrix(n, K, Float32Array.from(p)), path };
}

function argmax(p: Float64Array, K: number): number {
  let top = 0;
  for (let c = 1; c < K; c++) if (p[c]! > p[top]!) top = c;
  return top;
}

/** A fitted knn head: the normalised training rows, their labels, and k. */
export class KnnHead extends KeepsOutOfFold implements FittedHead {
  readonly kind = KIND;
  readonly labels: readonly string[];
  private train64: Float64Array | undefined;

  constructor(
    readonly params: KnnParams,
    labels: readonly string[],
    readonly dim: number,
    readonly diagnostics: FitDiagnostics,
    private readonly train: Float32Array,
    private readonly y: Int32Array,
    readonly k: number,
  ) {
    super();
    this.labels = Object.freeze([...labels]);
  }

  private neighbours(X: Matrix, k: number) {
    this.train64 ??= Float64Array.from(this.train);
    const q = Float64Array.from(l2NormalizeRows(X.data, X.rows, X.cols));
    return nearest(this.train64, this.y.length, this.dim, q, X.rows, k);
  }

  predictProba(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    const K = this.labels.length;
    const nb = this.neighbours(X, this.k);
    const p = new Float64Array(X.rows * K);
    for (let q = 0; q < X.rows; q++) vote(nb, q, nb.k, this.y, K, this.params.temperature!, this.params.smoothing!, p, q * K);
    return new Matrix(X.rows, K, Float32Array.from(p));
  }

  /**
   * Training rows (default all) each voted on by the others: its k + 1 nearest rows with itself
   * left out (or, when an identical row ties with it, the last of them), so no row is its own
   * neighbour.
   */
  leaveOneOutProba(rows?: Int32Array): Matrix {
    const n = this.y.length, K = this.labels.length;
    const which = rows ?? Int32Array.from({ length: n }, (_, i) => i);
    const m = which.length;
    this.train64 ??= Float64Array.from(this.train);
    const queries = new Float64Array(m * this.dim);
    which.forEach((r, q) => queries.set(this.train64!.subarray(r * this.dim, (r + 1) * this.dim), q * this.dim));
    const all = nearest(this.train64, n, this.dim, queries, m, Math.min(this.k + 1, n));
    const k = Math.max(all.k - 1, 1);
    const loo: Neighbours = { k, index: new Int32Array(m * k), sim: new Float64Array(m * k) };
    for (let q = 0; q < m; q++) {
      let self = all.k - 1; // when ties pushed the row out of its own list, drop its last neighbour instead
      for (let j = 0; j < all.k; j++) if (all.index[q * all.k + j] === which[q]) { self = j; break; }
      for (let j = 0, w = 0; j < all.k && w < k; j++) {
        if (j === self && all.k > 1) continue;
        loo.index[q * k + w] = all.index[q * all.k + j]!;
        loo.sim[q * k + w] = all.sim[q * all.k + j]!;
        w++;
      }
    }
    const p = new Float64Array(m * K);
    for (let q = 0; q < m; q++) vote(loo, q, k, this.y, K, this.params.temperature!, this.params.smoothing!, p, q * K);
    return new Matrix(m, K, Float32Array.from(p));
  }

  /** Label probabilities for x, and the k nearest training rows (index, similarity, label). */
  explain(x: Float32Array): Explanation {
    const X = checkRow(KIND, x, this.dim);
    const K = this.labels.length;
    const nb = this.neighbours(X, this.k);
    const p = new Float64Array(K);
    vote(nb, 0, nb.k, this.y, K, this.params.temperature!, this.params.smoothing!, p, 0);
    const scores = labelScores(this.labels, p);
    const neighbours = Array.from(nb.index, (index, j) => ({
      index, similarity: nb.sim[j]!, label: this.labels[this.y[index]!]!,
    }));
    return { scores, neighbours };
  }

  toJSON(): HeadJSON {
    return headJSON(this, { k: this.k, rows: this.y.length, X: encodeF32(this.train), y: encodeI32(this.y) });
  }
}

/** Restores a saved knn head exactly. */
function restoreKnn(json: HeadJSON): KnnHead {
  const s = json.state as { k?: unknown; rows?: unknown; X?: unknown; y?: unknown };
  if (typeof s.X !== 'string' || typeof s.y !== 'string' || !Number.isInteger(s.k) || !Number.isInteger(s.rows)) {
    throw new DataError('knn: saved head is missing state.k, state.rows, state.X or state.y; the file is damaged.', 'bad_head');
  }
  const X = decodeF32(s.X);
  const y = decodeI32(s.y);
  if (y.length !== s.rows || X.length !== (s.rows as number) * json.dim) {
    throw new DataError(`knn: saved head holds ${X.length} values and ${y.length} labels, expected ${s.rows} rows of ${json.dim}.`, 'bad_head');
  }
  createKnn(json.params);
  return new KnnHead(json.params as KnnParams, json.labels, json.dim, structuredClone(json.diagnostics), X, y, s.k as number);
}

/** k-nearest-neighbours on cosine similarity; k chosen by inner CV unless given. */
export const knn = defineHead<KnnParams, Strategy<KnnParams>, KnnHead>({
  tags: TAGS,
  create: createKnn,
  restore: restoreKnn,
  regularizationPath: {
    param: 'k',
    // One nearest neighbour (the most capacity) up to a broad vote: DEFAULT_KS and below.
    values: [1, 3, ...DEFAULT_KS],
    params: (k) => ({ k }),
    // A fit with k given is the default fit at its chosen k: the same rows, votes and smoothing.
    reuseChosen: true,
    capacity: 'shrinks',
    advice: 'a larger k (more neighbours vote)',
  },
});
