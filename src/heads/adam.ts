/**
 * AdamW (Adam with decoupled weight decay) over flat Float32 parameter arrays, for the
 * heads whose gradients are written by hand (mlp, adapter). Kept in plain typed arrays
 * so that a fit is a deterministic function of its inputs and seed on every machine.
 */
export interface AdamOptions {
  learningRate: number;
  /** Decoupled weight decay per parameter group (0 for biases). */
  weightDecay: readonly number[];
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class AdamOptimizer {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(private readonly params: Float32Array[], private readonly opts: AdamOptions) {
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
    // The usual Adam defaults: they work across the scales our heads see.
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
  }

  /** One update with the given gradients (same shapes as the parameters). */
  step(grads: readonly Float64Array[]): void {
    this.t++;
    const { beta1, beta2, epsilon } = this;
    const lr = this.opts.learningRate;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    for (let g = 0; g < this.params.length; g++) {
      const p = this.params[g]!;
      const grad = grads[g]!;
      const m = this.m[g]!;
      const v = this.v[g]!;
      const decay = 1 - lr * (this.opts.weightDecay[g] ?? 0);
      for (let i = 0; i < p.length; i++) {
        const gi = grad[i]!;
        const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * gi);
        const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi);
        p[i] = p[i]! * decay - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
      }
    }
  }
}
