/**
 * Zero-shot and cold start: a task can start from its label names (or descriptions) alone.
 * Each label's *prior* is the mean embedding of a few templates ("This text is about
 * {label}."). Few-shot examples blend in as they arrive: a label's prototype is
 * normalise(w·prior + Σ its unit-normalised examples), so the prior counts as `priorWeight`
 * examples and its share w/(w+n) fades as n grows. Prediction is a softmax over cosine
 * similarities to the prototypes.
 */
import { Matrix, UsageError, DataError, encodeF32, decodeF32 } from '../core/index.js';
import type { Backbone, EmbedOptions } from '../backbones/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from './head.js';
import { checkNumber, checkKnownParams } from './params.js';
import { softmaxRows } from './math.js';
import { checkFitInput, checkPredictInput } from './validate.js';

/** Templates in the style of CLIP/NLI zero-shot prompts; averaging several smooths out wording. */
export const DEFAULT_TEMPLATES: readonly string[] = Object.freeze([
  '{label}',
  'This text is about {label}.',
  'This message is about {label}.',
  'The topic is {label}.',
]);

export interface LabelPriorOptions extends EmbedOptions {
  /** A sentence per label to use instead of its name, e.g. { spam: 'unsolicited advertising' }. */
  descriptions?: Record<string, string>;
  templates?: readonly string[];
}

/**
 * Embeds each label's templates through the backbone and averages them: the label prior.
 * Label names like `card_arrival` are read as "card arrival".
 *
 * @example
 * const prior = await labelPrior(backbone, ['sports', 'politics']);
 * const head = new ZeroShotStrategy({ prior: encodePrior(prior, labels) }).priorOnly(labels);
 */
export async function labelPrior(backbone: Backbone, labels: readonly string[], opts: LabelPriorOptions = {}): Promise<Matrix> {
  const templates = opts.templates ?? DEFAULT_TEMPLATES;
  if (templates.length === 0 || templates.some((t) => !t.includes('{label}'))) {
    throw new UsageError(`zero-shot: every template must contain {label}, got ${JSON.stringify(templates)}.`, 'bad_param');
  }
  const texts = labels.flatMap((l) => {
    const name = opts.descriptions?.[l] ?? l.replace(/[_-]+/g, ' ').trim();
    return templates.map((t) => t.replaceAll('{label}', name));
  });
  const E = await backbone.embed(texts, { signal: opts.signal, onProgress: opts.onProgress });
  const out = new Matrix(labels.length, E.cols);
  for (let c = 0; c < labels.length; c++) {
    const row = out.row(c);
    for (let t = 0; t < templates.length; t++) addUnit(row, E.row(c * templates.length + t), 1);
    normalizeInPlace(row);
  }
  return out;
}

/** Label priors as strategy parameters (JSON data: labels + base64 Float32 vectors). */
export interface EncodedPrior {
  labels: string[];
  dim: number;
  vectors: string;
}

export function encodePrior(prior: Matrix, labels: readonly string[]): EncodedPrior {
  return { labels: [...labels], dim: prior.cols, vectors: encodeF32(prior.data) };
}

export interface ZeroShotParams {
  prior: EncodedPrior;
  /** How many examples the prior is worth. 4: after ~4 examples per label they weigh as much as the names. */
  priorWeight: number;
  /** Softmax temperature over cosine similarities; cosines of a sentence encoder live in a narrow band. */
  temperature: number;
}

const DEFAULTS = { priorWeight: 4, temperature: 0.05 };

/**
 * @example
 * const s = new ZeroShotStrategy({ prior: encodePrior(await labelPrior(bb, labels), labels) });
 * const cold = s.priorOnly(labels);          // no examples yet
 * const warm = await s.fit(X, y, { seed: 1, labels }); // blends the examples in
 */
export class ZeroShotStrategy implements Strategy<ZeroShotParams> {
  readonly kind = 'zero-shot';
  readonly params: Readonly<ZeroShotParams>;
  private readonly priorMatrix: Matrix;

  constructor(params: Partial<ZeroShotParams>) {
    checkKnownParams('zero-shot', params, ['prior', 'priorWeight', 'temperature']);
    const p = { ...DEFAULTS, ...params };
    if (!p.prior || !Array.isArray(p.prior.labels) || typeof p.prior.vectors !== 'string') {
      throw new UsageError('zero-shot: needs a label prior; build one with labelPrior(backbone, labels) and encodePrior().', 'bad_param');
    }
    checkNumber('zero-shot', 'priorWeight', p.priorWeight, 0, 1e6);
    checkNumber('zero-shot', 'temperature', p.temperature, 1e-4, 100);
    const v = decodeF32(p.prior.vectors);
    if (v.length !== p.prior.labels.length * p.prior.dim) throw new DataError('zero-shot: the label prior is damaged (wrong length).', 'bad_head');
    this.priorMatrix = new Matrix(p.prior.labels.length, p.prior.dim, v);
    this.params = Object.freeze({ ...p, prior: { ...p.prior, labels: [...p.prior.labels] } });
  }

  /** The head before any example: label names alone. */
  priorOnly(labels: readonly string[]): ZeroShotHead {
    return this.build(null, new Int32Array(0), labels);
  }

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    checkFitInput('zero-shot', X, y, opts);
    return this.build(X, y, opts.labels);
  }

  private build(X: Matrix | null, y: Int32Array, labels: readonly string[]): ZeroShotHead {
    const P = this.priorMatrix;
    if (X && X.cols !== P.cols) {
      throw new DataError(`zero-shot: examples have ${X.cols} columns but the label prior has ${P.cols}; embed both with the same backbone.`, 'dim_mismatch');
    }
    const K = labels.length;
    const protos = new Matrix(K, P.cols);
    const counts = new Array<number>(K).fill(0);
    const missing: string[] = [];
    for (let c = 0; c < K; c++) {
      const at = this.params.prior.labels.indexOf(labels[c]!);
      if (at < 0) missing.push(labels[c]!);
      else addUnit(protos.row(c), P.row(at), this.params.priorWeight);
    }
    for (let i = 0; X && i < X.rows; i++) {
      const c = y[i]!;
      if (c < 0 || c >= K) throw new DataError(`zero-shot: y[${i}] = ${c} is not a label index in 0..${K - 1}.`, 'bad_label');
      addUnit(protos.row(c), X.row(i), 1);
      counts[c]!++;
    }
    const warnings: string[] = [];
    if (missing.length) warnings.push(`zero-shot: no prior for ${missing.join(', ')}; those labels rely on examples alone.`);
    const empty = labels.filter((_, c) => counts[c] === 0 && missing.includes(labels[c]!));
    if (empty.length) {
      throw new DataError(`zero-shot: labels ${empty.join(', ')} have neither a prior nor an example; add a description or an example.`, 'empty');
    }
    for (let c = 0; c < K; c++) normalizeInPlace(protos.row(c));
    const priorShare = counts.map((n) => this.params.priorWeight / (this.params.priorWeight + n));
    const diagnostics: FitDiagnostics = {
      chosen: { meanPriorShare: priorShare.reduce((s, v) => s + v, 0) / K, examples: y.length },
      warnings,
    };
    return new ZeroShotHead(this.params.temperature, [...labels], protos, diagnostics);
  }
}

/** Prototypes (one unit vector per label) and a temperature. */
export class ZeroShotHead implements FittedHead {
  readonly kind = 'zero-shot';
  readonly dim: number;

  constructor(
    readonly temperature: number,
    readonly labels: readonly string[],
    readonly prototypes: Matrix,
    readonly diagnostics: FitDiagnostics,
  ) {
    this.dim = prototypes.cols;
  }

  /** Cosine similarity of each row to each label's prototype. */
  similarities(X: Matrix): Matrix {
    checkPredictInput('zero-shot', X, this.dim);
    const K = this.labels.length;
    const S = new Matrix(X.rows, K);
    for (let r = 0; r < X.rows; r++) {
      const x = X.row(r);
      let n = 0;
      for (let i = 0; i < x.length; i++) n += x[i]! * x[i]!;
      const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let c = 0; c < K; c++) {
        const p = this.prototypes.row(c);
        let d = 0;
        for (let i = 0; i < x.length; i++) d += x[i]! * p[i]!;
        S.data[r * K + c] = d * inv;
      }
    }
    return S;
  }

  predictProba(X: Matrix): Matrix {
    const S = this.similarities(X);
    for (let i = 0; i < S.data.length; i++) S.data[i] = S.data[i]! / this.temperature;
    softmaxRows(S.data, this.labels.length);
    return S;
  }

  explain(x: Float32Array): Explanation {
    const s = this.similarities(new Matrix(1, x.length, x));
    return { scores: Object.fromEntries(this.labels.map((l, j) => [l, s.data[j]!])) };
  }

  toJSON(): HeadJSON {
    return {
      kind: 'zero-shot', format: 1, params: { temperature: this.temperature }, labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics, state: { prototypes: encodeF32(this.prototypes.data) },
    };
  }

  static fromJSON(json: HeadJSON): ZeroShotHead {
    if (json.kind !== 'zero-shot') throw new UsageError(`Not a zero-shot head: kind "${json.kind}".`, 'bad_head');
    const t = (json.params as { temperature: number }).temperature;
    const protos = new Matrix(json.labels.length, json.dim, decodeF32((json.state as { prototypes: string }).prototypes));
    return new ZeroShotHead(t, json.labels, protos, json.diagnostics);
  }
}

function addUnit(acc: Float32Array, v: Float32Array, weight: number): void {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  if (n === 0) return;
  const s = weight / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) acc[i] = acc[i]! + v[i]! * s;
}

function normalizeInPlace(v: Float32Array): void {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  if (n === 0) return;
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * s;
}
