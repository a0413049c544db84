/**
 * Zero-shot and cold start: a task can start from its label names (or descriptions) alone.
 * Each label's *prior* is the mean embedding of a few templates ("This text is about
 * {label}."). Few-shot examples blend in as they arrive: a label's prototype is
 * normalise(w·prior + Σ its unit-normalised examples), so the prior counts as `priorWeight`
 * examples and its share w/(w+n) fades as n grows. Prediction is a softmax over cosine
 * similarities to the prototypes.
 */
import { Matrix, UsageError, DataError, encodeF32, decodeF32 } from '../../core/index.js';
import type { Backbone, EmbedOptions } from '../../backbones/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import type { HeadSummary } from '../describe.js';
import { custom, num, readParams, required } from '../params.js';
import { defineHead } from '../definition.js';
import type { LabelNamesOptions } from '../definition.js';
import { headTags } from '../tags.js';
import { softmaxRows } from '../../math/index.js';
import { checkFitInput, checkPredictInput } from '../validate.js';

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
 * const head = createStrategy('zero-shot', { prior: encodePrior(prior, labels) }).priorOnly(labels);
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
const KIND = 'zero-shot';
// Its own temperature, and labels may have no examples to calibrate on or to fill every shard.
const TAGS = headTags({ calibratable: false, shardable: false, needsLabelNames: true, member: false, complexity: 6 });
const isPrior = (v: unknown): boolean => {
  const p = v as EncodedPrior | null;
  return typeof p === 'object' && p !== null && Array.isArray(p.labels) && p.labels.every((l) => typeof l === 'string') &&
    Number.isInteger(p.dim) && typeof p.vectors === 'string';
};
const RULES = {
  prior: required(custom<EncodedPrior>('a label prior; build one with labelPrior(backbone, labels) and encodePrior()', isPrior)),
  priorWeight: num({ ge: 0, le: 1e6 }),
  temperature: num({ ge: 1e-4, le: 100 }),
};

/**
 * @example
 * const s = createStrategy('zero-shot', { prior: encodePrior(await labelPrior(bb, labels), labels) });
 * const cold = s.priorOnly(labels);          // no examples yet
 * const warm = await s.fit(X, y, { seed: 1, labels }); // blends the examples in
 */
export class ZeroShotStrategy implements Strategy<ZeroShotParams> {
  readonly kind = KIND;
  readonly tags = TAGS;
  readonly params: Readonly<ZeroShotParams>;
  private readonly priorMatrix: Matrix;

  constructor(params: unknown) {
    const given = readParams(KIND, params, RULES);
    const p = { ...DEFAULTS, ...given } as ZeroShotParams;
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
    checkFitInput(KIND, X, y, opts);
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
  readonly kind = KIND;
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
    checkPredictInput(KIND, X, this.dim);
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

  /** How much the label prior still weighs (1 = names alone), and over how many examples. */
  summary(): HeadSummary {
    const c = this.diagnostics.chosen ?? {};
    const meanPriorShare = Number(c.meanPriorShare);
    const examples = Number(c.examples);
    return { zeroShot: { meanPriorShare, examples }, metrics: { zeroShot: 1, examples, priorShare: meanPriorShare } };
  }

  toJSON(): HeadJSON {
    return {
      kind: KIND, format: 1, params: { temperature: this.temperature }, labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics, state: { prototypes: encodeF32(this.prototypes.data) },
    };
  }
}

/** A saved head keeps its temperature (the prior lives in its prototypes). */
function restoreZeroShot(json: HeadJSON): ZeroShotHead {
  const t = readParams(KIND, json.params, { temperature: required(RULES.temperature) }).temperature!;
  const state = json.state as { prototypes?: unknown };
  const v = typeof state.prototypes === 'string' ? decodeF32(state.prototypes) : new Float32Array(0);
  if (v.length !== json.labels.length * json.dim) {
    throw new DataError(`zero-shot: saved head has ${v.length} prototype values, expected ${json.labels.length * json.dim}; the file is damaged.`, 'bad_head');
  }
  return new ZeroShotHead(t, json.labels, new Matrix(json.labels.length, json.dim, v), json.diagnostics);
}

/**
 * The prior for `labels`: the saved one when it covers them all and no description is given
 * (a later fit keeps the prior the task started from), else embedded from the names.
 */
async function fromLabelNames(backbone: Backbone, labels: readonly string[], opts: LabelNamesOptions): Promise<Partial<ZeroShotParams>> {
  const saved = opts.saved as Partial<ZeroShotParams> | undefined;
  if (saved?.prior && labels.every((l) => saved.prior!.labels.includes(l)) && opts.descriptions === undefined) return saved;
  const prior = await labelPrior(backbone, labels, opts);
  return { prior: encodePrior(prior, labels) };
}

/** Starts from label names (a prior); examples blend in as they arrive. */
export const zeroShot = defineHead<Partial<ZeroShotParams>, ZeroShotStrategy, ZeroShotHead>({
  tags: TAGS,
  create: (params) => new ZeroShotStrategy(params),
  restore: restoreZeroShot,
  fromLabelNames,
});

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
