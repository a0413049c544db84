/**
 * Out-of-distribution scoring on embeddings: a novelty score per input (higher = more
 * unusual), a threshold set at a chosen in-distribution false-alarm rate on held-out
 * data, and the usual detection metrics (AUROC, FPR at 95% TPR).
 *
 * Two scorers: Mahalanobis distance to the nearest class mean under one shared covariance
 * with Ledoit–Wolf shrinkage (Lee et al. 2018), and cosine distance to the k-th nearest
 * training example (Sun et al. 2022). Which one is the default was picked by measurement
 * (bench/fewshot.ts, held-out classes as the out-of-distribution set): kNN.
 */
import { createHash, hash } from 'node:crypto';
import { Matrix, Rng, UsageError, decodeF32, decodeF64, encodeF32, encodeF64, rowDigests, sha256, throwIfAborted } from '../core/index.js';
import { quantile } from './stats.js';
import { SPARSE, nearest, nearestSegments, nearestSparse, sparseColumnsOf } from '../math/index.js';
import type { SparseColumns } from '../math/index.js';

export type OodMethod = 'mahalanobis' | 'knn';
export const OOD_METHODS: readonly OodMethod[] = Object.freeze(['mahalanobis', 'knn']);

/** Training rows a scorer keeps at most (a seeded sample): bounds memory and scoring time. */
export const OOD_MAX_ROWS = 4000;

/**
 * Held-out rows scored to set the threshold, at most (the first of each fold's seeded
 * shuffle): 2000 scores put the 95th percentile within about ±0.5 points of false-alarm rate,
 * and scoring every row of a 10,000-row set cost 5× more (most of a forget's refit).
 */
export const OOD_MAX_HELD_OUT = 2000;

export interface OodScorer {
  readonly method: OodMethod;
  /** Novelty score of each row: higher is more unusual. */
  score(X: Matrix): Float64Array;
  toJSON(): OodScorerJSON;
}

export interface OodScorerJSON {
  method: OodMethod;
  dim: number;
  /**
   * Numbers, and row-major arrays as base64 of their Float32/Float64 bytes (restore bit-for-bit);
   * the kNN scorer's reference as a list of such strings, one per block of rows.
   */
  state: Record<string, string | number | number[] | string[]>;
}

// Detectors saved before arrays were base64-encoded hold plain number arrays; read both.
const f64 = (v: unknown): Float64Array => (typeof v === 'string' ? decodeF64(v) : Float64Array.from(v as number[]));
const f32 = (v: unknown): Float32Array => {
  if (typeof v === 'string') return decodeF32(v);
  if (Array.isArray(v) && v.every((p) => typeof p === 'string')) return concat(v.map((p: string) => decodeF32(p)), Float32Array);
  return Float32Array.from(v as number[]);
};

function subsample(X: Matrix, y: Int32Array | undefined, max: number, seed: number): { X: Matrix; y?: Int32Array } {
  if (X.rows <= max) return { X, y };
  const idx = new Rng(seed).shuffle(Int32Array.from({ length: X.rows }, (_, i) => i)).subarray(0, max).sort();
  return { X: X.selectRows(idx), y: y ? Int32Array.from(idx, (i) => y[i]!) : undefined };
}

// ---- Mahalanobis with a shared, shrunk covariance ----

/**
 * Widest embedding Mahalanobis works on directly. Wider inputs (the 4096-d hashing
 * backbone) are first mapped by a seeded Gaussian random projection to MAHALANOBIS_PROJECTED
 * dims (Johnson–Lindenstrauss): the covariance would otherwise cost d² memory and d³ time.
 */
export const MAHALANOBIS_MAX_DIM = 768;
const MAHALANOBIS_PROJECTED = 256;

/** A d×p Gaussian projection, regenerated from its seed (so saved scorers stay small). */
function projection(d: number, p: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const P = new Float32Array(d * p);
  const s = 1 / Math.sqrt(p);
  for (let i = 0; i < P.length; i++) P[i] = rng.normal() * s;
  return P;
}

function project(X: Matrix, P: Float32Array, p: number): Matrix {
  const d = X.cols;
  const out = new Matrix(X.rows, p);
  for (let i = 0; i < X.rows; i++) {
    const r = X.row(i);
    const o = out.data.subarray(i * p, (i + 1) * p);
    for (let j = 0; j < d; j++) {
      const v = r[j]!;
      if (v === 0) continue;
      const row = P.subarray(j * p, (j + 1) * p);
      for (let k = 0; k < p; k++) o[k]! += v * row[k]!;
    }
  }
  return out;
}

/** Lower Cholesky factor of a symmetric positive-definite d×d matrix (row-major), in place. */
function cholesky(A: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j]!;
    for (let k = 0; k < j; k++) s -= A[j * d + k]! ** 2;
    const ljj = Math.sqrt(Math.max(s, 1e-12));
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j]!;
      for (let k = 0; k < j; k++) t -= A[i * d + k]! * A[j * d + k]!;
      A[i * d + j] = t / ljj;
    }
    for (let k = j + 1; k < d; k++) A[j * d + k] = 0;
  }
  return A;
}

/** Solves L z = v (forward substitution) into z. */
function forward(L: ArrayLike<number>, d: number, v: ArrayLike<number>, z: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = v[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * z[k]!;
    z[i] = s / L[i * d + i]!;
  }
}

interface Projection {
  inputDim: number;
  seed: number;
  matrix: Float32Array;
}

class MahalanobisScorer implements OodScorer {
  readonly method = 'mahalanobis' as const;
  constructor(
    readonly dim: number, readonly chol: Float64Array, readonly whitenedMeans: Float64Array, readonly shrinkage: number,
    readonly projection?: Projection,
  ) {}

  score(input: Matrix): Float64Array {
    const X = this.projection ? project(input, this.projection.matrix, this.dim) : input;
    const d = this.dim;
    const k = this.whitenedMeans.length / d;
    const out = new Float64Array(X.rows);
    const z = new Float64Array(d);
    for (let i = 0; i < X.rows; i++) {
      forward(this.chol, d, X.row(i), z);
      let best = Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (z[j]! - this.whitenedMeans[c * d + j]!) ** 2;
        if (s < best) best = s;
      }
      out[i] = best;
    }
    return out;
  }

  toJSON(): OodScorerJSON {
    const state: OodScorerJSON['state'] = { chol: encodeF64(this.chol), means: encodeF64(this.whitenedMeans), shrinkage: this.shrinkage };
    if (this.projection) {
      state.projectionSeed = this.projection.seed;
      state.inputDim = this.projection.inputDim;
    }
    return { method: 'mahalanobis', dim: this.dim, state };
  }
}

/**
 * Fits class means and one covariance shared by all classes, shrunk towards a scaled
 * identity by the Ledoit–Wolf formula (needed: few-shot data has fewer rows than dims).
 */
export function fitMahalanobis(X: Matrix, y: Int32Array, classes: number, seed = 0): OodScorer {
  ({ X, y } = subsample(X, y, OOD_MAX_ROWS, seed) as { X: Matrix; y: Int32Array });
  let proj: Projection | undefined;
  if (X.cols > MAHALANOBIS_MAX_DIM) {
    proj = { inputDim: X.cols, seed, matrix: projection(X.cols, MAHALANOBIS_PROJECTED, seed) };
    X = project(X, proj.matrix, MAHALANOBIS_PROJECTED);
  }
  const n = X.rows, d = X.cols;
  const means = new Float64Array(classes * d);
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    counts[y[i]!]!++;
    const r = X.row(i);
    for (let j = 0; j < d; j++) means[y[i]! * d + j]! += r[j]!;
  }
  for (let c = 0; c < classes; c++) for (let j = 0; j < d; j++) means[c * d + j]! /= Math.max(1, counts[c]!);
  // Centred rows (each minus its class mean) → S = XcᵀXc / n, plus Σ‖xᵢ‖⁴ for Ledoit–Wolf.
  const S = new Float64Array(d * d);
  const xc = new Float64Array(d);
  let sumNorm4 = 0;
  for (let i = 0; i < n; i++) {
    const r = X.row(i);
    let nn = 0;
    for (let j = 0; j < d; j++) { xc[j] = r[j]! - means[y[i]! * d + j]!; nn += xc[j]! ** 2; }
    sumNorm4 += nn * nn;
    for (let a = 0; a < d; a++) {
      const va = xc[a]!;
      if (va === 0) continue;
      const off = a * d;
      for (let b = a; b < d; b++) S[off + b]! += va * xc[b]!;
    }
  }
  let trace = 0, frob2 = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = S[a * d + b]! / n;
      S[a * d + b] = v;
      S[b * d + a] = v;
      frob2 += a === b ? v * v : 2 * v * v;
    }
    trace += S[a * d + a]!;
  }
  const mu = trace / d;
  const dist2 = frob2 - 2 * mu * trace + mu * mu * d; // ‖S − μI‖²_F
  const beta2 = Math.min(dist2, Math.max(0, (sumNorm4 / n - frob2) / n));
  const shrinkage = dist2 > 0 ? beta2 / dist2 : 1;
  const scale = mu > 0 ? mu : 1;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) S[a * d + b] = (1 - shrinkage) * S[a * d + b]! + (a === b ? shrinkage * scale + 1e-9 * scale : 0);
  }
  const L = cholesky(S, d);
  const wm = new Float64Array(classes * d);
  const z = new Float64Array(d);
  for (let c = 0; c < classes; c++) {
    if (counts[c] === 0) { wm.fill(1e9, c * d, (c + 1) * d); continue; } // absent class: never nearest
    forward(L, d, means.subarray(c * d, (c + 1) * d), z);
    wm.set(z, c * d);
  }
  return new MahalanobisScorer(d, L, wm, shrinkage, proj);
}

// ---- cosine distance to the k-th nearest training example ----

function normalizedRows(X: Matrix): Float32Array {
  return unitRows(X, undefined, Float32Array);
}

/**
 * The given rows of X (all when `rows` is undefined) scaled to unit length, rounded to Float32
 * as the scorer keeps them, written into `Out` (Float64 for the search kernels): one pass,
 * with no copy of the rows first.
 */
function unitRows<T extends Float32Array | Float64Array>(
  X: Matrix, rows: readonly number[] | undefined, Out: { new (n: number): T },
): T {
  const { data, cols } = X;
  const n = rows ? rows.length : X.rows;
  const out = new Out(n * cols);
  for (let r = 0; r < n; r++) {
    const o = (rows ? rows[r]! : r) * cols;
    let s = 0;
    for (let j = o; j < o + cols; j++) s += data[j]! * data[j]!;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    const w = r * cols - o;
    for (let j = o; j < o + cols; j++) out[w + j] = Math.fround(data[j]! * inv);
  }
  return out;
}

/** Scratch of the kNN scorer's sparse rows (one thread scores one batch at a time): columns and values, grown as needed. */
let sparseAt = new Int32Array(0);
let sparseValues = new Float64Array(0);

/**
 * The row `data[from .. from + d)` scaled to unit length and rounded to Float32, as `unitRows`
 * makes it, but only its non-zero columns: written to `at` (ascending) and `values`; returns how
 * many, or −1 when the row is not sparse (one in SPARSE columns or more: the neighbour search's rule). Its squares are
 * summed over the non-zero columns alone, in order: the zeros' squares (+0) change no sum.
 */
function sparseUnitRow(data: Float32Array, from: number, d: number, at: Int32Array, values: Float64Array): number {
  let n = 0;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const v = data[from + j]!;
    if (v === 0) continue;
    at[n++] = j;
    s += v * v;
  }
  if (n * SPARSE >= d) return -1;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let t = 0; t < n; t++) values[t] = Math.fround(data[from + at[t]!]! * inv);
  return n;
}

class KnnDistanceScorer implements OodScorer {
  readonly method = 'knn' as const;
  /**
   * `blockRows`: the reference is the rows of consecutive blocks, this many each; saved as one
   * string per block, so that a detector refitted after a forget shares every untouched block's
   * string with the one before (the store keeps each distinct string once).
   */
  /**
   * The reference's non-zero entries column by column, made when sparse inputs first come
   * (hashing's: a short text fills few of 4,096 columns, and a training row about a quarter).
   */
  private columns: SparseColumns | undefined;

  constructor(readonly dim: number, readonly reference: Float32Array, readonly k: number, readonly blockRows?: readonly number[]) {}

  score(X: Matrix): Float64Array {
    const d = this.dim;
    const m = this.reference.length / d;
    const k = Math.min(this.k, m);
    const out = new Float64Array(X.rows);
    // A sparse row (hashing's: a short text fills few of 4,096 columns) is searched on the
    // reference's non-zero entries column by column, kept once made: its cost then follows its
    // words and the rows that share them, not the width. Other rows take the exact cosine search
    // (wasm SIMD where available), which reads the Float32 reference as is (widened exactly): no
    // Float64 copy is kept beside it. Every similarity has the same bits either way.
    if (sparseAt.length < d) {
      sparseAt = new Int32Array(d);
      sparseValues = new Float64Array(d);
    }
    const index = new Int32Array(k), sim = new Float64Array(k);
    let dense: number[] | undefined;
    for (let i = 0; i < X.rows; i++) {
      const nnz = sparseUnitRow(X.data, i * d, d, sparseAt, sparseValues);
      if (nnz < 0) {
        (dense ??= []).push(i);
        continue;
      }
      this.columns ??= sparseColumnsOf(this.reference, m, d);
      nearestSparse(this.columns, m, d, sparseAt, sparseValues, nnz, k, index, sim, 0);
      out[i] = 1 - sim[k - 1]!;
    }
    if (dense) {
      const nn = nearest(this.reference, m, d, unitRows(X, dense, Float32Array), dense.length, this.k);
      dense.forEach((i, r) => (out[i] = 1 - nn.sim[r * nn.k + nn.k - 1]!));
    }
    return out;
  }

  toJSON(): OodScorerJSON {
    let reference: string | string[] = encodeF32(this.reference);
    if (this.blockRows) {
      let o = 0;
      reference = this.blockRows.map((n) => encodeF32(this.reference.subarray(o * this.dim, (o += n) * this.dim)));
    }
    return { method: 'knn', dim: this.dim, state: { reference, k: this.k } };
  }
}

/** Cosine distance to the k-th nearest training row (k = 1 when fewer than k rows). */
export function fitKnnDistance(X: Matrix, k = 5, seed = 0): OodScorer {
  if (!Number.isInteger(k) || k < 1) throw new UsageError(`knn OOD scorer: k must be a positive integer, got ${k}.`);
  const { X: S } = subsample(X, undefined, OOD_MAX_ROWS, seed);
  return new KnnDistanceScorer(S.cols, normalizedRows(S), Math.min(k, S.rows));
}

export function fitOodScorer(method: OodMethod, X: Matrix, y: Int32Array, classes: number, seed = 0): OodScorer {
  if (method === 'mahalanobis') return fitMahalanobis(X, y, classes, seed);
  if (method === 'knn') return fitKnnDistance(X, 5, seed);
  throw new UsageError(`Unknown OOD method "${String(method)}"; valid methods are: ${OOD_METHODS.join(', ')}.`);
}

export function restoreOodScorer(json: OodScorerJSON): OodScorer {
  const s = json.state;
  if (json.method === 'mahalanobis') {
    const proj = typeof s.projectionSeed === 'number' && typeof s.inputDim === 'number'
      ? { inputDim: s.inputDim, seed: s.projectionSeed, matrix: projection(s.inputDim, json.dim, s.projectionSeed) }
      : undefined;
    return new MahalanobisScorer(json.dim, f64(s.chol), f64(s.means), s.shrinkage as number, proj);
  }
  if (json.method === 'knn') return new KnnDistanceScorer(json.dim, f32(s.reference), s.k as number);
  throw new UsageError(`Unknown OOD method "${String(json.method)}"; valid methods are: ${OOD_METHODS.join(', ')}.`);
}

// ---- thresholds and detection metrics ----

/** The score above which `falseAlarmRate` of in-distribution held-out scores fall. */
export function thresholdAtFalseAlarmRate(inScores: ArrayLike<number>, falseAlarmRate = 0.05): number {
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new UsageError(`The false-alarm rate must be in (0, 1), got ${falseAlarmRate}.`);
  }
  return quantile(inScores, 1 - falseAlarmRate);
}

/**
 * Area under the ROC curve for separating out-of-distribution (positive, higher score)
 * from in-distribution rows; ties count one half (Mann–Whitney U).
 */
export function auroc(inScores: ArrayLike<number>, outScores: ArrayLike<number>): number {
  const all = [...Array.from(inScores, (s) => [s, 0] as const), ...Array.from(outScores, (s) => [s, 1] as const)];
  all.sort((a, b) => a[0] - b[0]);
  let rankSumOut = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) if (all[t]![1] === 1) rankSumOut += avgRank;
    i = j;
  }
  const nOut = outScores.length, nIn = inScores.length;
  if (nOut === 0 || nIn === 0) return Number.NaN;
  return (rankSumOut - (nOut * (nOut + 1)) / 2) / (nOut * nIn);
}

/** False-positive rate on in-distribution rows at the threshold that flags `tpr` of OOD rows. */
export function fprAtTpr(inScores: ArrayLike<number>, outScores: ArrayLike<number>, tpr = 0.95): number {
  const out = Float64Array.from(outScores).sort();
  if (out.length === 0 || inScores.length === 0) return Number.NaN;
  // Largest threshold t with at least tpr of OOD scores ≥ t.
  const t = out[Math.max(0, Math.floor((1 - tpr) * out.length + 1e-9))]!;
  let fp = 0;
  for (let i = 0; i < inScores.length; i++) if (inScores[i]! >= t) fp++;
  return fp / inScores.length;
}

// ---- the detector a task keeps beside its head ----

export interface OodDetectorJSON {
  format: 1;
  scorer: OodScorerJSON;
  threshold: number;
  falseAlarmRate: number;
  /** kNN detectors: the held-out searches behind the threshold, reused by a refit after a forget. */
  blocks?: OodBlocksJSON;
}

export interface OodVerdict {
  score: number;
  outOfDistribution: boolean;
}

/** A scorer plus a threshold: flags inputs unlike the training data. */
export class OodDetector {
  constructor(readonly scorer: OodScorer, readonly threshold: number, readonly falseAlarmRate: number, readonly blocks?: OodBlocksJSON) {}

  detect(X: Matrix): OodVerdict[] {
    return Array.from(this.scorer.score(X), (score) => ({ score, outOfDistribution: score > this.threshold }));
  }

  toJSON(): OodDetectorJSON {
    const out: OodDetectorJSON = { format: 1, scorer: this.scorer.toJSON(), threshold: this.threshold, falseAlarmRate: this.falseAlarmRate };
    if (this.blocks) out.blocks = this.blocks;
    return out;
  }

  static fromJSON(json: OodDetectorJSON): OodDetector {
    return new OodDetector(restoreOodScorer(json.scorer), json.threshold, json.falseAlarmRate, json.blocks);
  }
}

export interface OodDetectorOptions {
  method?: OodMethod;
  /** In-distribution false-alarm rate the threshold is set at; default 5%. */
  falseAlarmRate?: number;
  /**
   * Folds for held-out in-distribution scores; default 5, and 40 for the kNN detector (its
   * blocks: the more blocks, the less a forget has to search again, 2·4000·2000/blocks
   * products at most).
   */
  folds?: number;
  seed?: number;
  signal?: AbortSignal;
  /** `rowDigests(X)` (heads/sharded.ts) when the caller has them already; computed otherwise. */
  rowDigests?: Uint8Array;
}

/**
 * Default scorer, chosen by measurement (bench/RESULTS.md `## fewshot`): with every 4th class
 * held out as out-of-scope on use-lite embeddings, kNN distance beat Mahalanobis on all three
 * datasets with enough classes (AUROC emotion 0.566 vs 0.550, ag_news 0.803 vs 0.750,
 * banking77 0.781 vs 0.755).
 */
export const DEFAULT_OOD_METHOD: OodMethod = 'knn';

/**
 * Fits a detector on training embeddings: the threshold comes from held-out scores
 * (each row scored by a scorer fitted on the other folds), so the false-alarm rate holds
 * on new in-distribution data rather than on the rows the scorer memorised.
 *
 * The default kNN detector picks every sample by a keyed hash of each row (see
 * `refitOodDetector`), so that forgetting a row changes only the parts that held it.
 *
 * @example
 * const det = fitOodDetector(X, y, labels.length, { falseAlarmRate: 0.05, seed: 1 });
 * det.detect(Xnew)[0].outOfDistribution;
 */
export function fitOodDetector(X: Matrix, y: Int32Array, classes: number, opts: OodDetectorOptions = {}): OodDetector {
  return refitOodDetector(X, y, classes, opts).detector;
}

/** What `refitOodDetector` did: block pairs searched again, out of all of them. */
export interface OodRefit {
  detector: OodDetector;
  /** (held-out block, reference block) searches run; the rest were taken from `previous`. */
  searched: number;
  pairs: number;
}

/**
 * `fitOodDetector(X, y, classes, opts)`, bit-for-bit, reusing what it can from `previous`
 * (the saved detector of a fit on almost the same rows, e.g. before a forget; only its
 * `blocks` are read).
 *
 * kNN detector: each row gets a keyed hash of its embedding and the seed (not of its
 * position), which puts it in one of `folds` blocks and orders the rows of a block. The
 * threshold's held-out rows are the first rows of each block; held-out rows of block a are
 * scored against the first rows of every other block (a fold's reference, ≤ 4,000 rows in
 * all), one search per (a, b) pair whose top-k similarities are saved; the final reference is
 * the first rows of every block (≤ 4,000). Removing a row therefore changes only the pairs
 * of its own block (when it was among that block's first rows), and a refit searches those
 * pairs again and takes every other pair's saved similarities. Other methods fit afresh.
 */
export function refitOodDetector(
  X: Matrix, y: Int32Array, classes: number, opts: OodDetectorOptions = {}, previous?: Pick<OodDetectorJSON, 'blocks'>,
): OodRefit {
  const method = opts.method ?? DEFAULT_OOD_METHOD;
  const rate = opts.falseAlarmRate ?? 0.05;
  const seed = opts.seed ?? 0;
  const folds = Math.max(2, Math.min(opts.folds ?? (method === 'knn' ? OOD_KNN_BLOCKS : 5), X.rows));
  thresholdAtFalseAlarmRate([0], rate); // validates the rate before any work
  if (method === 'knn') {
    const dig = opts.rowDigests?.length === X.rows * 32 ? opts.rowDigests : rowDigests(X);
    return fitBlockedKnn(X, dig, rate, seed, folds, opts.signal, previous);
  }
  const order = new Rng(seed).shuffle(Int32Array.from({ length: X.rows }, (_, i) => i));
  const held: number[] = [];
  let searched = 0;
  for (let f = 0; f < folds; f++) {
    throwIfAborted(opts.signal);
    const test = order.filter((_, i) => i % folds === f).slice(0, Math.ceil(OOD_MAX_HELD_OUT / folds));
    const train = order.filter((_, i) => i % folds !== f);
    if (test.length === 0 || train.length === 0) continue;
    const s = fitOodScorer(method, X.selectRows(train), Int32Array.from(train, (i) => y[i]!), classes, seed + f);
    held.push(...s.score(X.selectRows(test)));
    searched++;
  }
  const scorer = fitOodScorer(method, X, y, classes, seed);
  return { detector: new OodDetector(scorer, thresholdAtFalseAlarmRate(held, rate), rate), searched, pairs: searched };
}

/**
 * Blocks (folds) of the kNN detector by default. A forget searches at most 2·(blocks − 1)
 * pairs of (2000/blocks) × (4000/(blocks − 1)) rows again, on 512-d rows: 0.8 G multiply-adds
 * at 10 blocks, 0.4 G at 20 (0.3 s here, most of a sharded forget), 0.2 G at 40. More blocks
 * save less and less, while the saved searches grow ((blocks − 1) × 80 kB, 3 MB at 40, kept
 * as one store part per pair so a forget rewrites only the pairs it searched).
 */
export const OOD_KNN_BLOCKS = 40;

/** Neighbours the kNN detector's score counts (the k-th nearest's distance). */
const OOD_K = 5;

/** Saved beside a blocked kNN detector: each pair's top-k similarities, for the next refit. */
interface BlockPairJSON {
  /** Held-out block and reference block. */
  a: number;
  b: number;
  /** SHA-256 over k, the width and the keys of both sides' rows, in order. */
  digest: string;
  /** |held(a)| × k' similarities (k' = min(k, |reference(b)|)), nearest first, base64 Float64. */
  sims: string;
  k: number;
}

export interface OodBlocksJSON {
  seed: number;
  blocks: number;
  /** Width of the rows searched. */
  dim: number;
  pairs: BlockPairJSON[];
}

/** Each row's block and order key: SHA-256 of the seed and the row's digest (SHA-256 of its Float32 bytes). */
function rowKeys(X: Matrix, dig: Uint8Array, seed: number, blocks: number): { block: Int32Array; key: string[] } {
  const block = new Int32Array(X.rows);
  const key: string[] = new Array<string>(X.rows);
  // 'ood:', the seed's 8 bytes, then the row's digest: one-shot hashes of one reused buffer.
  const buf = Buffer.alloc(44);
  buf.write('ood:', 0, 'latin1');
  buf.writeDoubleLE(seed, 4);
  for (let i = 0; i < X.rows; i++) {
    buf.set(dig.subarray(i * 32, (i + 1) * 32), 12);
    const h = hash('sha256', buf, 'buffer');
    block[i] = h.readUInt32LE(0) % blocks;
    key[i] = h.toString('hex', 4, 20);
  }
  return { block, key };
}

function fitBlockedKnn(
  X: Matrix, dig: Uint8Array, rate: number, seed: number, blocks: number, signal: AbortSignal | undefined, previous?: Pick<OodDetectorJSON, 'blocks'>,
): OodRefit {
  const d = X.cols;
  const { block, key } = rowKeys(X, dig, seed, blocks);
  // Rows of each block by key (position breaks ties: identical rows keep their relative order).
  const members: number[][] = Array.from({ length: blocks }, () => []);
  for (let i = 0; i < X.rows; i++) members[block[i]!]!.push(i);
  for (const m of members) m.sort((i, j) => (key[i]! < key[j]! ? -1 : key[i]! > key[j]! ? 1 : i - j));
  const heldCap = Math.ceil(OOD_MAX_HELD_OUT / blocks);
  const foldCap = Math.ceil(OOD_MAX_ROWS / (blocks - 1));
  const finalCap = Math.ceil(OOD_MAX_ROWS / blocks);
  const held = members.map((m) => m.slice(0, heldCap));
  const ref = members.map((m) => m.slice(0, foldCap));
  const digestOf = (rows: readonly number[]): string => {
    const h = createHash('sha256');
    for (const i of rows) h.update(key[i]!);
    return h.digest('hex');
  };
  const heldDigest = held.map(digestOf);
  const refDigest = ref.map(digestOf);
  const saved = new Map<string, BlockPairJSON>();
  const prev = previous?.blocks;
  if (prev && prev.seed === seed && prev.blocks === blocks && prev.dim === d) {
    for (const p of prev.pairs) saved.set(`${p.a}:${p.b}`, p);
  }
  // Which (held-out block, reference block) pairs must be searched: those whose rows changed.
  const found = new Map<string, BlockPairJSON>();
  const todo: Array<{ a: number; b: number; digest: string }> = [];
  for (let a = 0; a < blocks; a++) {
    if (held[a]!.length === 0) continue;
    for (let b = 0; b < blocks; b++) {
      if (b === a || ref[b]!.length === 0) continue;
      const digest = sha256(`${OOD_K}:${d}:${heldDigest[a]}:${refDigest[b]}`);
      const old = saved.get(`${a}:${b}`);
      if (old && old.digest === digest) found.set(`${a}:${b}`, old);
      else todo.push({ a, b, digest });
    }
  }
  // Few large products instead of one small one per pair (each pair's similarities are the same
  // numbers either way): a reference block that several held-out blocks need is searched by all
  // of them at once (its rows are the small side); what is left, by held-out block, against every
  // reference block it needs at once. A fresh fit is 40 searches of the first kind; a forget 1 or 2.
  // Unit rows are kept in Float32 (as the scorer keeps them; the searches widen them exactly):
  // the held-out rows once, end to end in block order, so that a run of consecutive blocks is one
  // subarray (no copy); a reference block is made when searched and dropped after (each is
  // searched once or twice). At 4096-d: 33 MB of held-out rows instead of 66 MB, plus 135 MB of
  // reference rows and a 64 MB copy of the held-out rows per reference block before.
  const heldAt = new Int32Array(blocks + 1);
  for (let a = 0; a < blocks; a++) heldAt[a + 1] = heldAt[a]! + held[a]!.length;
  let heldUnit: Float32Array | undefined;
  const hu = (from: number, to: number): Float32Array =>
    (heldUnit ??= unitRows(X, held.flat(), Float32Array)).subarray(heldAt[from]! * d, heldAt[to]! * d);
  const rest: typeof todo = [];
  for (const [b, list] of groupBy(todo, (p) => p.b)) {
    if (list.length === 1) {
      rest.push(list[0]!);
      continue;
    }
    throwIfAborted(signal);
    const refB = unitRows(X, ref[b]!, Float32Array);
    // The held-out blocks in runs adjacent in heldUnit (ascending a; b itself is never in the list).
    for (let i = 0; i < list.length;) {
      let j = i + 1;
      while (j < list.length && heldAt[list[j]!.a] === heldAt[list[j - 1]!.a + 1]) j++;
      const from = list[i]!.a, to = list[j - 1]!.a + 1;
      const nn = nearest(refB, ref[b]!.length, d, hu(from, to), heldAt[to]! - heldAt[from]!, OOD_K);
      for (let t = i; t < j; t++) {
        const p = list[t]!;
        const row = heldAt[p.a]! - heldAt[from]!, rows = held[p.a]!.length;
        found.set(`${p.a}:${b}`, { a: p.a, b, digest: p.digest, sims: encodeF64(nn.sim.subarray(row * nn.k, (row + rows) * nn.k)), k: nn.k });
      }
      i = j;
    }
  }
  for (const [a, list] of groupBy(rest, (p) => p.a)) {
    throwIfAborted(signal);
    const refs = unitRows(X, list.flatMap((p) => ref[p.b]!), Float32Array);
    const queries = heldUnit ? hu(a, a + 1) : unitRows(X, held[a]!, Float32Array); // a forget: this block alone
    const nn = nearestSegments(refs, list.map((p) => ref[p.b]!.length), d, queries, held[a]!.length, OOD_K);
    list.forEach((p, i) => found.set(`${a}:${p.b}`, { a, b: p.b, digest: p.digest, sims: encodeF64(nn[i]!.sim), k: nn[i]!.k }));
  }
  heldUnit = undefined;
  const searched = todo.length;
  const pairs: BlockPairJSON[] = [];
  for (let a = 0; a < blocks; a++) {
    for (let b = 0; b < blocks; b++) {
      const p = found.get(`${a}:${b}`);
      if (p) pairs.push(p);
    }
  }
  // Held-out score of a row: distance to its k-th nearest among all the other blocks' references.
  const scores: number[] = [];
  for (let a = 0; a < blocks; a++) {
    const mine = pairs.filter((p) => p.a === a).map((p) => ({ k: p.k, sims: decodeF64(p.sims) }));
    if (mine.length === 0) continue;
    const total = mine.reduce((n, p) => n + p.k, 0);
    const kk = Math.min(OOD_K, total);
    // The kk-th largest similarity over every pair's list (each nearest first): a running top-kk,
    // descending, which a list stops feeding at its first value that cannot enter.
    const top = new Float64Array(kk);
    for (let r = 0; r < held[a]!.length; r++) {
      top.fill(-Infinity);
      for (const p of mine) {
        for (let t = 0; t < p.k; t++) {
          const v = p.sims[r * p.k + t]!;
          if (!(v > top[kk - 1]!)) break;
          let j = kk - 1;
          for (; j > 0 && v > top[j - 1]!; j--) top[j] = top[j - 1]!;
          top[j] = v;
        }
      }
      scores.push(1 - top[kk - 1]!);
    }
  }
  const finalRows = members.flatMap((m) => m.slice(0, finalCap));
  const blockRows = members.map((m) => Math.min(m.length, finalCap));
  const scorer = new KnnDistanceScorer(d, unitRows(X, finalRows, Float32Array), Math.min(OOD_K, finalRows.length), blockRows);
  // Too few rows for any held-out pair (a block or two): the threshold falls back to the reference's own scores.
  const threshold = scores.length > 0 ? thresholdAtFalseAlarmRate(scores, rate) : thresholdAtFalseAlarmRate(scorer.score(X), rate);
  const detector = new OodDetector(scorer, threshold, rate, { seed, blocks, dim: d, pairs });
  return { detector, searched, pairs: pairs.length };
}

/** Items by key, keys and items in first-seen order (Map.groupBy, which Node 20 lacks). */
function groupBy<T>(items: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** The arrays end to end (the array itself when there is one). */
function concat<T extends Float32Array | Float64Array>(parts: readonly T[], Out: { new (n: number): T }): T {
  if (parts.length === 1) return parts[0]!;
  const out = new Out(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
