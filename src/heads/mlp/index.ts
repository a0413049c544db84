/**
 * The `mlp` head: one hidden ReLU layer with dropout, trained by AdamW with early stopping
 * on a stratified inner validation split, then refitted on all rows for the best number of
 * epochs (small data is too precious to leave a slice unused).
 *
 * Forward and backward are written by hand over typed arrays rather than through tfjs:
 * the net is tiny (one matrix product each way), a hand loop is bit-for-bit deterministic
 * on every machine, needs no async tensor bookkeeping, and a saved head restores exactly.
 */
import { Matrix, Rng, encodeF32, decodeF32 } from '../../core/index.js';
import type { FitDiagnostics, FitOptions, FittedHead, HeadJSON, Strategy, Explanation } from '../head.js';
import { AdamOptimizer } from '../adam.js';
import { softmaxRows, stratifiedHoldout } from '../../math/index.js';
import { defined, int, num, readParams } from '../params.js';
import { defineHead, strategyOf } from '../definition.js';
import { headTags } from '../tags.js';
import { checkFitInput, checkPredictInput } from '../validate.js';
import { throwIfAborted } from '../../core/index.js';

export interface MlpParams {
  /** Hidden units. 128 is wide enough for ~100 classes on 512-d embeddings at half the cost of 256. */
  hidden: number;
  /** Probability of dropping a hidden unit while training; 0.2 tames few-shot overfitting. */
  dropout: number;
  /** Decoupled (AdamW) weight decay on the weight matrices. 0.01 is PyTorch's AdamW default. */
  weightDecay: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  /** Share of each class held out for early stopping. */
  validationFraction: number;
}

const DEFAULTS: MlpParams = {
  hidden: 128,
  dropout: 0.2,
  weightDecay: 0.01,
  learningRate: 3e-3,
  batchSize: 32,
  maxEpochs: 60,
  patience: 8,
  validationFraction: 0.15,
};

const KIND = 'mlp';
const TAGS = headTags({ complexity: 3 });
const RULES = {
  hidden: int({ ge: 1, le: 4096 }),
  dropout: num({ ge: 0, le: 0.9 }),
  weightDecay: num({ ge: 0, le: 10 }),
  learningRate: num({ ge: 1e-6, le: 1 }),
  batchSize: int({ ge: 1, le: 65536 }),
  maxEpochs: int({ ge: 1, le: 10000 }),
  patience: int({ ge: 1, le: 10000 }),
  validationFraction: num({ ge: 0, le: 0.5 }),
};

/** Defaults under the given parameters, in the order of DEFAULTS (saved heads keep that order). */
function mlpParams(given: unknown): MlpParams {
  return { ...DEFAULTS, ...defined(readParams(KIND, given, RULES)) };
}

/** A one-hidden-layer perceptron strategy. */
export type MlpStrategy = Strategy<MlpParams>;

async function fitMlp(p: Readonly<MlpParams>, X: Matrix, y: Int32Array, opts: FitOptions): Promise<FittedHead> {
  checkFitInput(KIND, X, y, opts);
  const k = opts.labels.length;
  const rng = new Rng(opts.seed);
  const { mean, scale } = standardizer(X);
  const Xs = standardize(X, mean, scale);
  const warnings: string[] = [];

  // Stage 1: find the epoch count on an inner validation split.
  const split = stratifiedHoldout(y, k, p.validationFraction, rng.fork(1));
  let epochs = p.maxEpochs;
  if (split.valid.length >= 2 && split.train.length >= 2) {
    const net = MlpNet.init(X.cols, p.hidden, k, rng.fork(2));
    const trainer = new Trainer(net, p, rng.fork(3));
    const Xv = Xs.selectRows(split.valid);
    const yv = y.filter((_, i) => binaryHas(split.valid, i));
    // Validation accuracy decides (as sklearn's early_stopping), loss breaks ties: loss alone
    // stops too early because it rises with over-confidence while accuracy still improves.
    let best = { acc: -1, loss: Infinity };
    let bestEpoch = 1;
    for (let e = 1; e <= p.maxEpochs; e++) {
      throwIfAborted(opts.signal);
      trainer.epoch(Xs, y, split.train);
      const score = net.score(Xv, yv);
      if (score.acc > best.acc || (score.acc === best.acc && score.loss < best.loss - 1e-6)) { best = score; bestEpoch = e; }
      else if (e - bestEpoch >= p.patience) break;
    }
    epochs = bestEpoch;
  } else {
    warnings.push(`mlp: too few examples for an inner validation split; trained a fixed ${p.maxEpochs} epochs without early stopping.`);
  }

  // Stage 2: refit on every row for the chosen number of epochs.
  const net = MlpNet.init(X.cols, p.hidden, k, rng.fork(4));
  const trainer = new Trainer(net, p, rng.fork(5));
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  for (let e = 0; e < epochs; e++) {
    throwIfAborted(opts.signal);
    trainer.epoch(Xs, y, all);
  }
  const diagnostics: FitDiagnostics = {
    iterations: epochs,
    converged: epochs < p.maxEpochs,
    chosen: { epochs },
    warnings,
  };
  return new MlpHead(p, [...opts.labels], X.cols, diagnostics, mean, scale, net);
}

/** A fitted `mlp` head. */
export class MlpHead implements FittedHead {
  readonly kind = KIND;

  constructor(
    readonly params: Readonly<MlpParams>,
    readonly labels: readonly string[],
    readonly dim: number,
    readonly diagnostics: FitDiagnostics,
    private readonly mean: Float32Array,
    private readonly scale: Float32Array,
    private readonly net: MlpNet,
  ) {}

  predictProba(X: Matrix): Matrix {
    checkPredictInput(KIND, X, this.dim);
    return this.net.forward(standardize(X, this.mean, this.scale));
  }

  explain(x: Float32Array): Explanation {
    const p = this.predictProba(new Matrix(1, x.length, x));
    return { scores: Object.fromEntries(this.labels.map((l, j) => [l, p.data[j]!])) };
  }

  toJSON(): HeadJSON {
    const n = this.net;
    return {
      kind: KIND, format: 1, params: { ...this.params }, labels: [...this.labels], dim: this.dim,
      diagnostics: this.diagnostics,
      state: {
        mean: encodeF32(this.mean), scale: encodeF32(this.scale),
        w1: encodeF32(n.w1), b1: encodeF32(n.b1), w2: encodeF32(n.w2), b2: encodeF32(n.b2),
      },
    };
  }
}

function restoreMlp(json: HeadJSON): MlpHead {
  const s = json.state as Record<string, string>;
  const params = Object.freeze(mlpParams(json.params));
  const net = new MlpNet(json.dim, params.hidden, json.labels.length,
    decodeF32(s.w1!), decodeF32(s.b1!), decodeF32(s.w2!), decodeF32(s.b2!));
  return new MlpHead(params, json.labels, json.dim, json.diagnostics, decodeF32(s.mean!), decodeF32(s.scale!), net);
}

/**
 * One hidden ReLU layer, early-stopped on an inner split, refitted on every row.
 *
 * @example
 * const head = await createStrategy('mlp', { hidden: 128 }).fit(X, y, { seed: 1, labels });
 */
export const mlp = defineHead<Partial<MlpParams>, MlpStrategy, MlpHead>({
  tags: TAGS,
  create: (params) => {
    const p = mlpParams(params);
    return strategyOf(KIND, TAGS, p, (X, y, opts) => fitMlp(p, X, y, opts));
  },
  restore: restoreMlp,
});

/** Weights: w1 is hidden×dim (a row per unit), w2 is classes×hidden. */
class MlpNet {
  constructor(
    readonly dim: number, readonly hidden: number, readonly classes: number,
    readonly w1: Float32Array, readonly b1: Float32Array, readonly w2: Float32Array, readonly b2: Float32Array,
  ) {}

  /** He-uniform weights for the ReLU layer, Glorot-uniform for the output, zero biases. */
  static init(dim: number, hidden: number, classes: number, rng: Rng): MlpNet {
    const w1 = new Float32Array(hidden * dim);
    const a1 = Math.sqrt(6 / dim);
    for (let i = 0; i < w1.length; i++) w1[i] = (rng.next() * 2 - 1) * a1;
    const w2 = new Float32Array(classes * hidden);
    const a2 = Math.sqrt(6 / (hidden + classes));
    for (let i = 0; i < w2.length; i++) w2[i] = (rng.next() * 2 - 1) * a2;
    return new MlpNet(dim, hidden, classes, w1, new Float32Array(hidden), w2, new Float32Array(classes));
  }

  /** Hidden activations (pre-dropout ReLU) of row x into h. */
  hiddenOf(x: Float32Array, h: Float64Array): void {
    const { dim, w1, b1 } = this;
    for (let j = 0; j < this.hidden; j++) {
      let s = b1[j]!;
      const o = j * dim;
      for (let i = 0; i < dim; i++) s += w1[o + i]! * x[i]!;
      h[j] = s > 0 ? s : 0;
    }
  }

  /** Logits of hidden activations h into z. */
  logitsOf(h: Float64Array, z: Float64Array): void {
    const { hidden, w2, b2 } = this;
    for (let c = 0; c < this.classes; c++) {
      let s = b2[c]!;
      const o = c * hidden;
      for (let j = 0; j < hidden; j++) s += w2[o + j]! * h[j]!;
      z[c] = s;
    }
  }

  forward(X: Matrix): Matrix {
    const out = new Float32Array(X.rows * this.classes);
    const h = new Float64Array(this.hidden);
    const z = new Float64Array(this.classes);
    for (let r = 0; r < X.rows; r++) {
      this.hiddenOf(X.row(r), h);
      this.logitsOf(h, z);
      softmaxRows(z, this.classes);
      out.set(z, r * this.classes);
    }
    return new Matrix(X.rows, this.classes, out);
  }

  /** Accuracy and mean cross-entropy. */
  score(X: Matrix, y: Int32Array): { acc: number; loss: number } {
    const p = this.forward(X);
    const K = this.classes;
    let s = 0;
    let ok = 0;
    for (let r = 0; r < X.rows; r++) {
      s -= Math.log(Math.max(p.data[r * K + y[r]!]!, 1e-12));
      let b = 0;
      for (let j = 1; j < K; j++) if (p.data[r * K + j]! > p.data[r * K + b]!) b = j;
      if (b === y[r]) ok++;
    }
    return { acc: ok / Math.max(1, X.rows), loss: s / Math.max(1, X.rows) };
  }
}

/** Mini-batch AdamW with inverted dropout; backward sits next to forward, per row. */
class Trainer {
  private readonly adam: AdamOptimizer;
  private readonly g: Float64Array[];
  private readonly h: Float64Array;
  private readonly mask: Float64Array;
  private readonly z: Float64Array;
  private readonly dh: Float64Array;

  constructor(private readonly net: MlpNet, private readonly p: MlpParams, private readonly rng: Rng) {
    const params = [net.w1, net.b1, net.w2, net.b2];
    this.adam = new AdamOptimizer(params, {
      learningRate: p.learningRate, weightDecay: [p.weightDecay, 0, p.weightDecay, 0],
    });
    this.g = params.map((a) => new Float64Array(a.length));
    this.h = new Float64Array(net.hidden);
    this.mask = new Float64Array(net.hidden);
    this.z = new Float64Array(net.classes);
    this.dh = new Float64Array(net.hidden);
  }

  epoch(X: Matrix, y: Int32Array, rows: Int32Array): void {
    const order = this.rng.shuffle(rows.slice());
    for (let b = 0; b < order.length; b += this.p.batchSize) {
      const batch = order.subarray(b, Math.min(order.length, b + this.p.batchSize));
      for (const g of this.g) g.fill(0);
      for (const r of batch) this.backward(X.row(r), y[r]!, 1 / batch.length);
      this.adam.step(this.g);
    }
  }

  private backward(x: Float32Array, label: number, weight: number): void {
    const { net, h, mask, z, dh } = this;
    const { dim, hidden, classes, w2 } = net;
    const [gw1, gb1, gw2, gb2] = this.g as [Float64Array, Float64Array, Float64Array, Float64Array];
    const keep = 1 - this.p.dropout;
    // forward: ReLU, inverted dropout, logits, softmax
    net.hiddenOf(x, h);
    for (let j = 0; j < hidden; j++) {
      mask[j] = keep >= 1 || this.rng.next() < keep ? 1 / keep : 0;
      h[j] = h[j]! * mask[j]!;
    }
    net.logitsOf(h, z);
    softmaxRows(z, classes);
    // backward: d(CE)/dz = p − onehot
    z[label] = z[label]! - 1;
    dh.fill(0);
    for (let c = 0; c < classes; c++) {
      const dz = z[c]! * weight;
      gb2[c] = gb2[c]! + dz;
      const o = c * hidden;
      for (let j = 0; j < hidden; j++) {
        gw2[o + j] = gw2[o + j]! + dz * h[j]!;
        dh[j] = dh[j]! + dz * w2[o + j]!;
      }
    }
    for (let j = 0; j < hidden; j++) {
      // ReLU and dropout gates: h[j] is zero exactly where either one blocks the gradient
      if (h[j] === 0) continue;
      const d = dh[j]! * mask[j]!;
      gb1[j] = gb1[j]! + d;
      const o = j * dim;
      for (let i = 0; i < dim; i++) gw1[o + i] = gw1[o + i]! + d * x[i]!;
    }
  }
}

function standardizer(X: Matrix): { mean: Float32Array; scale: Float32Array } {
  const d = X.cols;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let r = 0; r < X.rows; r++) {
    const x = X.row(r);
    for (let i = 0; i < d; i++) { mean[i] = mean[i]! + x[i]!; sq[i] = sq[i]! + x[i]! * x[i]!; }
  }
  const m = new Float32Array(d);
  const s = new Float32Array(d);
  for (let i = 0; i < d; i++) {
    const mu = mean[i]! / X.rows;
    const sd = Math.sqrt(Math.max(0, sq[i]! / X.rows - mu * mu));
    m[i] = mu;
    // constant columns (common in hashing features) keep scale 1 instead of dividing by 0
    s[i] = sd > 1e-8 ? 1 / sd : 1;
  }
  return { mean: m, scale: s };
}

function standardize(X: Matrix, mean: Float32Array, scale: Float32Array): Matrix {
  const out = new Float32Array(X.data.length);
  const d = X.cols;
  for (let o = 0; o < out.length; o += d) {
    for (let i = 0; i < d; i++) out[o + i] = (X.data[o + i]! - mean[i]!) * scale[i]!;
  }
  return new Matrix(X.rows, d, out);
}

function binaryHas(sorted: Int32Array, v: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = sorted[mid]!;
    if (m === v) return true;
    if (m < v) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}
