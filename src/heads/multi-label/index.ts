/**
 * Multi-label tasks: a text may carry several labels. One binary head per label
 * (one-vs-rest, any registered kind), each with its own decision threshold chosen to
 * maximise that label's F1 on out-of-fold scores. Targets are an n×L 0/1 Matrix.
 *
 * As a FittedHead, `predictProba` returns the per-label scores normalised to sum to 1 (the
 * contract every head keeps: "which label is most likely"); `predictScores` gives the
 * independent per-label probabilities and `predictLabels` the thresholded label sets.
 */
import { Matrix, Rng, DataError, encodeF64, decodeF64 } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import { defined, headSpec, int, readParams, refuse } from '../params.js';
import type { HeadSpec } from '../params.js';
import type { HeadPrediction } from '../describe.js';
import { checkFitInput, checkPredictInput } from '../validate.js';
import { defineHead, strategyOf } from '../definition.js';
import type { HeadFactory } from '../definition.js';
import { headTags } from '../tags.js';
import { stratifiedFolds } from '../../math/index.js';
import { outOfFold } from '../out-of-fold.js';

export interface MultiLabelParams {
  /** The binary head fitted per label. */
  base: HeadSpec;
  /** Folds for the out-of-fold scores thresholds are chosen on. */
  folds: number;
}

const DEFAULTS: MultiLabelParams = { base: { kind: 'logistic' }, folds: 5 };
const BINARY = ['0', '1'];

/**
 * Label lists → the label order and an n×L 0/1 target matrix.
 *
 * @example
 * multiLabelTargets([['billing'], ['billing', 'urgent'], []]); // labels: ['billing', 'urgent']
 */
export function multiLabelTargets(lists: readonly (readonly string[])[]): { labels: string[]; Y: Matrix } {
  const labels = [...new Set(lists.flat())].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const Y = new Matrix(lists.length, labels.length);
  lists.forEach((l, r) => l.forEach((name) => Y.set(r, at.get(name)!, 1)));
  return { labels, Y };
}

/** Splits a CSV cell like "billing|urgent" into labels (trimmed, empties dropped). */
export function splitLabels(cell: string, separator = '|'): string[] {
  return cell.split(separator).map((s) => s.trim()).filter((s) => s.length > 0);
}

const KIND = 'multi-label';
// Its probabilities are not one softmax row (no temperature, no averaging over shards).
const TAGS = headTags({ output: 'independent', calibratable: false, shardable: false, wraps: true, member: false, complexity: 6 });
const baseHead = headSpec();
const RULES = {
  base: (v: unknown): HeadSpec => {
    const b = baseHead(v);
    return b.kind === KIND ? refuse('{ kind, params } of a single-label head', v) : b;
  },
  folds: int({ ge: 2, le: 20 }),
};

function multiLabelParams(given: unknown): MultiLabelParams {
  return structuredClone({ ...DEFAULTS, ...defined(readParams(KIND, given, RULES)) });
}

/** Fits on label indices (the Strategy contract) or on an n×L 0/1 target matrix (`fitMulti`). */
export type MultiLabelStrategy = Strategy<MultiLabelParams> & {
  /** Fits one binary head per column of the 0/1 target matrix Y (labels[j] names column j). */
  fitMulti(X: Matrix, Y: Matrix, opts: FitOptions): Promise<MultiLabelHead>;
};

function multiLabelStrategy(p: MultiLabelParams, heads: HeadFactory): MultiLabelStrategy {
  const fitMulti = (X: Matrix, Y: Matrix, opts: FitOptions): Promise<MultiLabelHead> => fitMultiLabel(p, heads, X, Y, opts);
  // Label indices per row: identical rows are one text listed once per label (how the store
  // keeps multi-label examples), so they merge into one row carrying all those labels.
  const fit = async (X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> => {
    checkFitInput(KIND, X, y, opts);
    const { rows, Y } = mergeIdenticalRows(X, y, opts.labels.length);
    return fitMulti(rows.length === X.rows ? X : X.selectRows(rows), Y, opts);
  };
  return strategyOf(KIND, TAGS, p, fit, { fitMulti });
}

/** Fits one binary head per column of the 0/1 target matrix Y (labels[j] names column j). */
async function fitMultiLabel(params: Readonly<MultiLabelParams>, factory: HeadFactory, X: Matrix, Y: Matrix, opts: FitOptions): Promise<MultiLabelHead> {
  if (Y.rows !== X.rows || Y.cols !== opts.labels.length) {
    throw new DataError(`multi-label: targets are ${Y.rows}×${Y.cols} but X has ${X.rows} rows and there are ${opts.labels.length} labels.`, 'shape_mismatch');
  }
  checkFitInput(KIND, X, new Int32Array(X.rows), { ...opts, labels: [...opts.labels] });
  const strategy = factory.createStrategy(params.base.kind, params.base.params);
  const rng = new Rng(opts.seed);
  const heads: (FittedHead | null)[] = [];
  const constant: number[] = [];
  const thresholds = new Float64Array(Y.cols);
  const warnings: string[] = [];
  for (let j = 0; j < Y.cols; j++) {
    const yj = Int32Array.from({ length: X.rows }, (_, i) => (Y.get(i, j) > 0.5 ? 1 : 0));
    const pos = yj.reduce((s, v) => s + v, 0);
    const seed = rng.fork(j).nextUint32();
    if (pos === 0 || pos === X.rows) {
      heads.push(null);
      constant.push(pos === 0 ? 0 : 1);
      thresholds[j] = 0.5;
      warnings.push(`multi-label: label ${opts.labels[j]} is ${pos === 0 ? 'never' : 'always'} present in training; it is predicted as ${pos === 0 ? 'absent' : 'present'} always.`);
      continue;
    }
    const k = Math.min(params.folds, pos, X.rows - pos);
    if (k >= 2) {
      const fold = stratifiedFolds(yj, 2, k, new Rng(seed));
      const oof = await outOfFold(strategy, X, yj, fold, k, { seed, labels: BINARY, signal: opts.signal });
      thresholds[j] = bestF1Threshold(Float64Array.from({ length: X.rows }, (_, i) => oof.get(i, 1)), yj);
    } else {
      thresholds[j] = 0.5;
      warnings.push(`multi-label: label ${opts.labels[j]} has too few positives or negatives for cross-validated thresholds; using 0.5.`);
    }
    heads.push(await strategy.fit(X, yj, { seed, labels: BINARY, signal: opts.signal }));
    constant.push(NaN);
  }
  const diagnostics: FitDiagnostics = { warnings };
  return new MultiLabelHead(params, [...opts.labels], X.cols, heads, constant, thresholds, diagnostics);
}

export class MultiLabelHead implements FittedHead {
  readonly kind = KIND;

  constructor(
    readonly params: Readonly<MultiLabelParams>,
    readonly labels: readonly string[],
    readonly dim: number,
    /** Per label: its binary head, or null when the label was constant in training. */
    private readonly heads: readonly (FittedHead | null)[],
    private readonly constant: readonly number[],
    /** Per label: predicted present when its score ≥ threshold. */
    readonly thresholds: Float64Array,
    readonly diagnostics: FitDiagnostics,
  ) {}

  /** n×L independent per-label probabilities. */
  predictScores(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    const S = new Matrix(X.rows, this.labels.length);
    this.heads.forEach((h, j) => {
      const P = h?.predictProba(X);
      for (let i = 0; i < X.rows; i++) S.set(i, j, P ? P.get(i, 1) : this.constant[j]!);
    });
    return S;
  }

  /** n×L 0/1 decisions by the per-label thresholds. */
  predictMulti(X: Matrix): Matrix {
    const S = this.predictScores(X);
    const L = this.labels.length;
    for (let i = 0; i < S.data.length; i++) S.data[i] = S.data[i]! >= this.thresholds[i % L]! ? 1 : 0;
    return S;
  }

  /** The label set of each row. */
  predictLabels(X: Matrix): string[][] {
    const D = this.predictMulti(X);
    return Array.from({ length: X.rows }, (_, i) => this.labels.filter((_, j) => D.get(i, j) === 1));
  }

  /** Per row: the label set above the thresholds (most probable first) and every label's own probability. */
  predict(X: Matrix): HeadPrediction[] {
    const S = this.predictScores(X);
    const thresholds = Object.fromEntries(this.labels.map((l, j) => [l, this.thresholds[j]!]));
    const out: HeadPrediction[] = [];
    for (let i = 0; i < S.rows; i++) {
      const row = S.row(i);
      const order = this.labels.map((_, j) => j).sort((a, b) => row[b]! - row[a]!);
      const chosen = order.filter((j) => row[j]! >= this.thresholds[j]!);
      out.push({
        label: chosen.map((j) => this.labels[j]!).join('|'),
        confidence: row[order[0]!]!,
        probabilities: Object.fromEntries(this.labels.map((l, j) => [l, row[j]!])),
        labels: chosen.map((j) => this.labels[j]!),
        thresholds,
      });
    }
    return out;
  }

  predictProba(X: Matrix): Matrix {
    const S = this.predictScores(X);
    const L = this.labels.length;
    for (let o = 0; o < S.data.length; o += L) {
      let s = 0;
      for (let j = 0; j < L; j++) s += S.data[o + j]!;
      for (let j = 0; j < L; j++) S.data[o + j] = s > 0 ? S.data[o + j]! / s : 1 / L;
    }
    return S;
  }

  explain(x: Float32Array): Explanation {
    const s = this.predictScores(new Matrix(1, x.length, x));
    return { scores: Object.fromEntries(this.labels.map((l, j) => [l, s.data[j]!])) };
  }

  toJSON(): HeadJSON {
    return {
      kind: KIND, format: 1, params: structuredClone(this.params), labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics,
      state: {
        heads: this.heads.map((h) => h?.toJSON() ?? null),
        constant: this.constant.map((c) => (Number.isNaN(c) ? null : c)),
        thresholds: encodeF64(this.thresholds),
      },
    };
  }
}

function restoreMultiLabel(json: HeadJSON, heads: HeadFactory): MultiLabelHead {
  const s = json.state as { heads: (HeadJSON | null)[]; constant: (number | null)[]; thresholds: string };
  return new MultiLabelHead(Object.freeze(multiLabelParams(json.params)), json.labels, json.dim,
    s.heads.map((h) => (h ? heads.restoreHead(h) : null)), s.constant.map((c) => c ?? NaN), decodeF64(s.thresholds), json.diagnostics);
}

/**
 * One binary head per label with its own F1-best threshold: a text may carry several labels.
 *
 * @example
 * const s = createStrategy('multi-label', { base: { kind: 'logistic' } });
 * const head = await s.fitMulti(X, Y, { seed: 1, labels }); // Y: n×L 0/1 targets
 */
export const multiLabel = defineHead<Partial<MultiLabelParams>, MultiLabelStrategy, MultiLabelHead>({
  tags: TAGS,
  create: (params, heads) => multiLabelStrategy(multiLabelParams(params), heads),
  restore: restoreMultiLabel,
});

/** First occurrence of each distinct row of X, and the 0/1 targets with every label its copies carry. */
export function mergeIdenticalRows(X: Matrix, y: Int32Array, labels: number): { rows: Int32Array; Y: Matrix } {
  const firstOf = new Map<string, number>();
  const rows: number[] = [];
  const slot = new Int32Array(X.rows);
  const bytes = new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength);
  const width = X.cols * 4;
  for (let i = 0; i < X.rows; i++) {
    const key = Buffer.from(bytes.subarray(i * width, (i + 1) * width)).toString('latin1');
    let s = firstOf.get(key);
    if (s === undefined) {
      s = rows.length;
      firstOf.set(key, s);
      rows.push(i);
    }
    slot[i] = s;
  }
  const Y = new Matrix(rows.length, labels);
  for (let i = 0; i < X.rows; i++) Y.set(slot[i]!, y[i]!, 1);
  return { rows: Int32Array.from(rows), Y };
}

/** The score threshold (a midpoint between sorted scores) with the best F1; ties keep the higher threshold. */
export function bestF1Threshold(scores: Float64Array, y: Int32Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const pos = y.reduce((s, v) => s + v, 0);
  let tp = 0;
  let best = -1;
  let threshold = 0.5;
  for (let r = 0; r < order.length; r++) {
    tp += y[order[r]!]!;
    const cur = scores[order[r]!]!;
    const next = r + 1 < order.length ? scores[order[r + 1]!]! : -Infinity;
    if (next === cur) continue; // only cut between distinct scores
    const f1 = (2 * tp) / (r + 1 + pos);
    if (f1 > best) {
      best = f1;
      threshold = Number.isFinite(next) ? (cur + next) / 2 : cur / 2;
    }
  }
  return threshold;
}

export interface MultiLabelMetrics {
  microF1: number;
  macroF1: number;
  /** Share of rows whose predicted label set equals the true set exactly. */
  subsetAccuracy: number;
  perLabelF1: number[];
}

/** Micro/macro F1 and subset accuracy of 0/1 predictions against 0/1 truth (n×L each). */
export function multiLabelMetrics(truth: Matrix, pred: Matrix): MultiLabelMetrics {
  if (truth.rows !== pred.rows || truth.cols !== pred.cols) {
    throw new DataError(`multi-label metrics: truth is ${truth.rows}×${truth.cols}, predictions ${pred.rows}×${pred.cols}.`, 'shape_mismatch');
  }
  const L = truth.cols;
  const tp = new Array<number>(L).fill(0), fp = new Array<number>(L).fill(0), fn = new Array<number>(L).fill(0);
  let exact = 0;
  for (let i = 0; i < truth.rows; i++) {
    let same = true;
    for (let j = 0; j < L; j++) {
      const t = truth.get(i, j) > 0.5, p = pred.get(i, j) > 0.5;
      if (t && p) tp[j]!++; else if (p) fp[j]!++; else if (t) fn[j]!++;
      if (t !== p) same = false;
    }
    if (same) exact++;
  }
  const f1 = (a: number, b: number, c: number): number => (a + b + c === 0 ? 1 : (2 * a) / (2 * a + b + c));
  const perLabelF1 = tp.map((t, j) => f1(t, fp[j]!, fn[j]!));
  const sum = (v: number[]): number => v.reduce((s, x) => s + x, 0);
  return {
    microF1: f1(sum(tp), sum(fp), sum(fn)),
    macroF1: L ? sum(perLabelF1) / L : 0,
    subsetAccuracy: truth.rows ? exact / truth.rows : 0,
    perLabelF1,
  };
}
