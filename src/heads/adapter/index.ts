/**
 * The `adapter` strategy: learn a residual low-rank transform of the frozen embeddings,
 * x ↦ x + B·A·x, from same-label / different-label pairs (SetFit's idea applied to a small
 * module instead of the whole backbone), then fit an ordinary head (logistic by default) on
 * the adapted, unit-normalised embeddings. The fitted head is itself a FittedHead.
 */
import { Matrix, Rng, encodeF32, decodeF32 } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import { defined, headSpec, int, num, readParams, refuse } from '../params.js';
import type { HeadSpec } from '../params.js';
import { checkFitInput, checkPredictInput } from '../validate.js';
import { LowRankAdapter } from './low-rank.js';
import { trainAdapter } from './train.js';
import { defineHead, strategyOf } from '../definition.js';
import type { HeadFactory } from '../definition.js';
import { headTags } from '../tags.js';

export { LowRankAdapter, BatchScratch, batchLossAndGrad } from './low-rank.js';
export { BatchSampler } from './pairs.js';

export interface AdapterParams {
  /** Rank of A·B. 32 learns enough label structure for ~100 classes at 2×32×dim weights. */
  rank: number;
  /** Times each row is drawn, on average (SetFit draws ~20 pairs per example). */
  epochs: number;
  /** Cap on steps, so a large dataset costs bounded time (Banking77: 10k rows → capped). */
  maxSteps: number;
  /** Classes per batch × rows per class: 16 × 4 gives ~100 same-label and ~1900 other pairs per step. */
  classesPerBatch: number;
  perClass: number;
  learningRate: number;
  weightDecay: number;
  /** The head fitted on adapted embeddings (any registered kind with its params). */
  head: HeadSpec;
}

const DEFAULTS: AdapterParams = {
  rank: 32,
  epochs: 20,
  maxSteps: 800,
  classesPerBatch: 16,
  perClass: 4,
  learningRate: 2e-3,
  weightDecay: 0.01,
  // A fixed, weakly regularised logistic: adapted rows are unit-norm and already pulled into
  // label clusters, and choosing C by inner CV would multiply the dominant cost at scale
  // (77 classes × 10k rows) by grid × folds. 150 iterations reach within 0.2 points of
  // convergence on Banking77 (bench/adapter-scale.ts).
  head: { kind: 'logistic', params: { C: 100, maxIter: 150 } },
};

const KIND = 'adapter';
const TAGS = headTags({ wraps: true, complexity: 4 });
const innerHead = headSpec();
const RULES = {
  rank: int({ ge: 1, le: 256 }),
  epochs: num({ ge: 0, le: 10_000 }),
  maxSteps: int({ ge: 0, le: 10_000_000 }),
  classesPerBatch: int({ ge: 2, le: 1024 }),
  perClass: int({ ge: 2, le: 1024 }),
  learningRate: num({ ge: 1e-6, le: 1 }),
  weightDecay: num({ ge: 0, le: 10 }),
  head: (v: unknown): HeadSpec => {
    const h = innerHead(v);
    return h.kind === KIND ? refuse('{ kind, params } of a head other than adapter (the inner head cannot itself be an adapter)', v) : h;
  },
};

function adapterParams(given: unknown): AdapterParams {
  const p = { ...DEFAULTS, ...defined(readParams(KIND, given, RULES)) };
  return { ...p, head: { kind: p.head.kind, params: { ...(p.head.params ?? {}) } } };
}

export type AdapterStrategy = Strategy<AdapterParams>;

async function fitAdapter(p: Readonly<AdapterParams>, heads: HeadFactory, X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
  checkFitInput(KIND, X, y, opts);
  const inner = heads.createStrategy(p.head.kind, p.head.params);
  const rng = new Rng(opts.seed);
  const batchRows = p.classesPerBatch * p.perClass;
  const steps = Math.min(p.maxSteps, Math.ceil((p.epochs * X.rows) / batchRows));
  const r = trainAdapter(X, y, opts.labels.length, {
    rank: p.rank, steps, classesPerBatch: p.classesPerBatch, perClass: p.perClass,
    learningRate: p.learningRate, weightDecay: p.weightDecay, signal: opts.signal,
  }, rng);
  const warnings: string[] = [];
  if (r.steps === 0) warnings.push('adapter: no class has two examples (or only one class is present), so no contrastive pairs exist; the adapter stayed the identity.');
  else if (!(r.lossEnd < r.lossStart)) {
    warnings.push(`adapter: pair loss did not decrease (${r.lossStart.toFixed(4)} → ${r.lossEnd.toFixed(4)}); try a smaller learningRate.`);
  }
  const head = await inner.fit(r.adapter.transform(X, true), y, { ...opts, seed: rng.fork(3).nextUint32() });
  const diagnostics: FitDiagnostics = {
    iterations: r.steps,
    converged: r.steps > 0 && r.lossEnd < r.lossStart,
    chosen: { ...(head.diagnostics.chosen ?? {}), steps: r.steps, lossStart: r.lossStart, lossEnd: r.lossEnd },
    warnings: [...warnings, ...head.diagnostics.warnings],
  };
  return new AdapterHead(p, r.adapter, head, diagnostics);
}

/** A fitted adapter: the low-rank transform followed by its inner head. */
export class AdapterHead implements FittedHead {
  readonly kind = KIND;
  readonly labels: readonly string[];
  readonly dim: number;

  constructor(
    readonly params: Readonly<AdapterParams>,
    readonly adapter: LowRankAdapter,
    readonly inner: FittedHead,
    readonly diagnostics: FitDiagnostics,
  ) {
    this.labels = inner.labels;
    this.dim = adapter.dim;
  }

  /** The adapted, unit-normalised embeddings the inner head sees. */
  transform(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    return this.adapter.transform(X, true);
  }

  predictProba(X: Matrix): Matrix {
    return this.inner.predictProba(this.transform(X));
  }

  explain(x: Float32Array): Explanation {
    const z = this.transform(new Matrix(1, x.length, x));
    if (this.inner.explain) return this.inner.explain(z.data);
    const p = this.inner.predictProba(z);
    return { scores: Object.fromEntries(this.labels.map((l, j) => [l, p.data[j]!])) };
  }

  toJSON(): HeadJSON {
    return {
      kind: KIND, format: 1, params: structuredClone(this.params), labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics,
      state: { rank: this.adapter.rank, a: encodeF32(this.adapter.a), b: encodeF32(this.adapter.b), head: this.inner.toJSON() },
    };
  }
}

function restoreAdapter(json: HeadJSON, heads: HeadFactory): AdapterHead {
  const s = json.state as { rank: number; a: string; b: string; head: HeadJSON };
  const params = Object.freeze(adapterParams(json.params));
  const adapter = new LowRankAdapter(json.dim, s.rank, decodeF32(s.a), decodeF32(s.b));
  return new AdapterHead(params, adapter, heads.restoreHead(s.head), json.diagnostics);
}

/**
 * A residual low-rank transform learnt from label pairs, then an ordinary head on its output.
 *
 * @example
 * const head = await createStrategy('adapter', { rank: 16 }).fit(X, y, { seed: 1, labels });
 */
export const adapter = defineHead<Partial<AdapterParams>, AdapterStrategy, AdapterHead>({
  tags: TAGS,
  create: (params, heads) => {
    const p = adapterParams(params);
    return strategyOf(KIND, TAGS, p, (X, y, opts) => fitAdapter(p, heads, X, y, opts));
  },
  restore: restoreAdapter,
});
