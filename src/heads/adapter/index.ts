/**
 * The `adapter` strategy: learn a residual low-rank transform of the frozen embeddings,
 * x ↦ x + B·A·x, from same-label / different-label pairs (SetFit's idea applied to a small
 * module instead of the whole backbone), then fit an ordinary head (logistic by default) on
 * the adapted, unit-normalised embeddings. The fitted head is itself a FittedHead.
 */
import { Matrix, Rng, UsageError, encodeF32, decodeF32 } from '../../core/index.js';
import type { Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy } from '../head.js';
import { checkNumber, checkKnownParams } from '../params.js';
import { checkFitInput, checkPredictInput } from '../validate.js';
import { LowRankAdapter } from './low-rank.js';
import { trainAdapter } from './train.js';
import { headFactory } from '../factory.js';
import type { HeadFactory } from '../factory.js';

export { LowRankAdapter, BatchScratch, batchLossAndGrad } from './low-rank.js';
export { BatchSampler } from './pairs.js';
export type { HeadFactory } from '../factory.js';


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
  head: { kind: string; params?: object };
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

/**
 * @example
 * const head = await new AdapterStrategy({ rank: 16 }).fit(X, y, { seed: 1, labels });
 */
export class AdapterStrategy implements Strategy<AdapterParams> {
  readonly kind = 'adapter';
  readonly params: Readonly<AdapterParams>;

  constructor(params: Partial<AdapterParams> = {}, private readonly factory?: HeadFactory) {
    checkKnownParams('adapter', params, Object.keys(DEFAULTS));
    const p = { ...DEFAULTS, ...params };
    checkNumber('adapter', 'rank', p.rank, 1, 256, true);
    checkNumber('adapter', 'epochs', p.epochs, 0, 10_000);
    checkNumber('adapter', 'maxSteps', p.maxSteps, 0, 10_000_000, true);
    checkNumber('adapter', 'classesPerBatch', p.classesPerBatch, 2, 1024, true);
    checkNumber('adapter', 'perClass', p.perClass, 2, 1024, true);
    checkNumber('adapter', 'learningRate', p.learningRate, 1e-6, 1);
    checkNumber('adapter', 'weightDecay', p.weightDecay, 0, 10);
    if (typeof p.head !== 'object' || p.head === null || typeof p.head.kind !== 'string') {
      throw new UsageError(`adapter: parameter head must be { kind, params }, got ${JSON.stringify(p.head)}.`, 'bad_param');
    }
    if (p.head.kind === 'adapter') throw new UsageError('adapter: the inner head cannot itself be an adapter.', 'bad_param');
    this.params = Object.freeze({ ...p, head: { kind: p.head.kind, params: { ...(p.head.params ?? {}) } } });
  }

  async fit(X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
    checkFitInput('adapter', X, y, opts);
    const p = this.params;
    const factory = headFactory(this.factory);
    const inner = factory.createStrategy(p.head.kind, p.head.params);
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
}

/** A fitted adapter: the low-rank transform followed by its inner head. */
export class AdapterHead implements FittedHead {
  readonly kind = 'adapter';
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
    checkPredictInput('adapter', X, this.dim);
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
      kind: 'adapter', format: 1, params: structuredClone(this.params), labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics,
      state: { rank: this.adapter.rank, a: encodeF32(this.adapter.a), b: encodeF32(this.adapter.b), head: this.inner.toJSON() },
    };
  }

  static fromJSON(json: HeadJSON, factory?: HeadFactory): AdapterHead {
    if (json.kind !== 'adapter') throw new UsageError(`Not an adapter head: kind "${json.kind}".`, 'bad_head');
    const s = json.state as { rank: number; a: string; b: string; head: HeadJSON };
    const params = new AdapterStrategy(json.params as Partial<AdapterParams>, factory).params;
    const adapter = new LowRankAdapter(json.dim, s.rank, decodeF32(s.a), decodeF32(s.b));
    return new AdapterHead(params, adapter, headFactory(factory).restoreHead(s.head), json.diagnostics);
  }
}
