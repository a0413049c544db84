/**
 * Nearest centroid on cosine similarity: each label is the L2-normalised mean of its
 * L2-normalised training rows; probabilities are softmax(similarity / temperature). When not
 * given, the temperature is fitted to minimise leave-one-out log-loss (exact and cheap: a
 * row's own class centroid without it is (S_c − u)/‖S_c − u‖), so no seed is involved.
 */

import { DataError, Matrix, decodeF64, encodeF64 } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import { KeepsOutOfFold, headJSON, labelScores } from '../head.js';
import { dot, l2NormalizeRows, matmulTransB } from '../../math/index.js';
import { defined, num, readParams } from '../params.js';
import { defineHead, strategyOf } from '../definition.js';
import { headTags } from '../tags.js';
import { checkFitInput, checkPredictInput, checkRow } from '../validate.js';

export interface CentroidParams {
  /** Softmax temperature over cosine similarities. Absent: fitted by leave-one-out log-loss. */
  temperature?: number;
}

const KIND = 'centroid';
// Search range for the fitted temperature: 0.001 is near-hard assignment, 10 near-uniform.
const T_MIN = 1e-3;
const T_MAX = 10;

const RULES = { temperature: num({ gt: 0 }) };
const TAGS = headTags({ complexity: 0 });

/** Validates params and returns the centroid strategy. */
function createCentroid(params: unknown = {}): Strategy<CentroidParams> {
  const p = readParams(KIND, params, RULES);
  const validated = defined({ temperature: p.temperature });
  return strategyOf(KIND, TAGS, validated, async (X, y, opts) => fitCentroid(validated, X, y, opts));
}

function fitCentroid(params: CentroidParams, X: Matrix, y: Int32Array, opts: FitOptions): CentroidHead {
  checkFitInput(KIND, X, y, opts);
  const labels = [...opts.labels];
  const K = labels.length, n = X.rows, d = X.cols;
  const U = normalizedRows64(X.data, n, d);
  // S_c: sums of normalised rows per class.
  const S = new Float64Array(K * d);
  const counts = new Int32Array(K);
  for (let i = 0; i < n; i++) {
    const c = y[i]!;
    counts[c]!++;
    const so = c * d, uo = i * d;
    for (let j = 0; j < d; j++) S[so + j] = S[so + j]! + U[uo + j]!;
  }
  const centroids = l2NormalizeRows(S, K, d);
  const warnings: string[] = [];
  labels.forEach((l, c) => { if (counts[c] === 0) warnings.push(`label "${l}" has no training rows; its similarity is always 0`); });
  const diagnostics: FitDiagnostics = { warnings };
  let T = params.temperature;
  let outOfFold: Matrix | undefined;
  if (T === undefined) {
    const loo = looSimilarities(U, n, d, y, S, K, counts);
    T = fitTemperature(loo, y, K);
    diagnostics.chosen = { temperature: T };
    outOfFold = softmaxRows(loo, n, K, T);
  }
  const head = new CentroidHead({ ...params }, labels, d, diagnostics, Float64Array.from(centroids), T);
  head.keepOutOfFold(outOfFold);
  return head;
}

/** softmax(sims / T) row by row, as `predictProba` computes it (Float32 as it returns them). */
function softmaxRows(sims: Float64Array, n: number, K: number, T: number): Matrix {
  const out = new Matrix(n, K);
  const inv = 1 / T;
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, sims[o + k]! * inv);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(sims[o + k]! * inv - max);
    for (let k = 0; k < K; k++) out.data[o + k] = Math.exp(sims[o + k]! * inv - max) / sum;
  }
  return out;
}

/**
 * `Float64Array.from(l2NormalizeRows(data, n, d))` in one pass and without the Float32
 * intermediate: the same norm (math.ts's `dot`, four accumulators in the same order) and each
 * value rounded to float32 as that array would store it, so every bit is the same.
 */
function normalizedRows64(data: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j + 3 < d; j += 4) {
      const a = data[off + j]!, b = data[off + j + 1]!, c = data[off + j + 2]!, e = data[off + j + 3]!;
      s0 += a * a; s1 += b * b; s2 += c * c; s3 += e * e;
    }
    for (; j < d; j++) s0 += data[off + j]! * data[off + j]!;
    const norm = Math.sqrt((s0 + s1) + (s2 + s3));
    if (norm === 0) continue;
    const inv = 1 / norm;
    for (let t = 0; t < d; t++) out[off + t] = Math.fround(data[off + t]! * inv);
  }
  return out;
}

/** n×K cosine similarities of each row to every centroid, its own class's computed without it. */
function looSimilarities(U: Float64Array, n: number, d: number, y: Int32Array, S: Float64Array, K: number, counts: Int32Array): Float64Array {
  const dots = new Float64Array(n * K);
  matmulTransB(U, n, d, S, K, null, 0, dots); // u·S_k
  const norms = new Float64Array(K);
  for (let k = 0; k < K; k++) norms[k] = Math.sqrt(dot(S, k * d, S, k * d, d));
  for (let i = 0; i < n; i++) {
    const c = y[i]!;
    const uu = dot(U, i * d, U, i * d, d);
    for (let k = 0; k < K; k++) {
      const o = i * K + k;
      if (k !== c) {
        dots[o] = norms[k]! > 0 ? dots[o]! / norms[k]! : 0;
      } else {
        const num = dots[o]! - uu;
        const den2 = norms[k]! * norms[k]! - 2 * dots[o]! + uu;
        dots[o] = counts[c]! > 1 && den2 > 1e-12 ? num / Math.sqrt(den2) : 0;
      }
    }
  }
  return dots;
}

/** Golden-section search for log T minimising mean log-loss of softmax(sim / T). */
function fitTemperature(sims: Float64Array, y: Int32Array, K: number): number {
  const loss = (logT: number): number => {
    const inv = Math.exp(-logT);
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const o = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, sims[o + k]! * inv);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(sims[o + k]! * inv - max);
      s += max + Math.log(sum) - sims[o + y[i]!]! * inv;
    }
    return s;
  };
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(T_MIN), b = Math.log(T_MAX);
  let c = b - g * (b - a), e = a + g * (b - a);
  let fc = loss(c), fe = loss(e);
  for (let it = 0; it < 60 && b - a > 1e-6; it++) {
    if (fc <= fe) { b = e; e = c; fe = fc; c = b - g * (b - a); fc = loss(c); }
    else { a = c; c = e; fc = fe; e = a + g * (b - a); fe = loss(e); }
  }
  return Math.exp((a + b) / 2);
}

/** A fitted centroid head: K normalised centroids and a temperature. */
export class CentroidHead extends KeepsOutOfFold implements FittedHead {
  readonly kind = KIND;
  readonly labels: readonly string[];

  constructor(
    readonly params: CentroidParams,
    labels: readonly string[],
    readonly dim: number,
    readonly diagnostics: FitDiagnostics,
    private readonly centroids: Float64Array,
    readonly temperature: number,
  ) {
    super();
    this.labels = Object.freeze([...labels]);
  }

  private similarities(X: Matrix): Float64Array {
    const K = this.labels.length;
    const U = Float64Array.from(l2NormalizeRows(X.data, X.rows, X.cols));
    const sims = new Float64Array(X.rows * K);
    matmulTransB(U, X.rows, this.dim, this.centroids, K, null, 0, sims);
    return sims;
  }

  predictProba(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    const K = this.labels.length;
    return softmaxRows(this.similarities(X), X.rows, K, this.temperature);
  }

  /** Cosine similarity of x to each label's centroid. */
  explain(x: Float32Array): Explanation {
    const sims = this.similarities(checkRow(KIND, x, this.dim));
    const scores = labelScores(this.labels, sims);
    return { scores };
  }

  toJSON(): HeadJSON {
    return headJSON(this, { centroids: encodeF64(this.centroids), temperature: this.temperature });
  }
}

/** Restores a saved centroid head exactly (the temperature is a JSON number: doubles round-trip). */
function restoreCentroid(json: HeadJSON): CentroidHead {
  const s = json.state as { centroids?: unknown; temperature?: unknown };
  if (typeof s.centroids !== 'string' || typeof s.temperature !== 'number' || !(s.temperature > 0)) {
    throw new DataError('centroid: saved head is missing state.centroids or a positive state.temperature; the file is damaged.', 'bad_head');
  }
  const c = decodeF64(s.centroids);
  if (c.length !== json.labels.length * json.dim) {
    throw new DataError(`centroid: saved head has ${c.length} centroid values, expected ${json.labels.length * json.dim}.`, 'bad_head');
  }
  createCentroid(json.params);
  return new CentroidHead(json.params as CentroidParams, json.labels, json.dim, structuredClone(json.diagnostics), c, s.temperature);
}

/** Nearest centroid on cosine similarity; the temperature fitted by leave-one-out unless given. */
export const centroid = defineHead<CentroidParams, Strategy<CentroidParams>, CentroidHead>({ tags: TAGS, create: createCentroid, restore: restoreCentroid });
