import { DataError } from './errors.js';

/**
 * An ordered set of class labels. Column j of every probability matrix is `labels[j]`.
 * The order is sorted (code-unit order) so that it does not depend on row order.
 */
export class LabelSet {
  readonly labels: readonly string[];
  private readonly index: ReadonlyMap<string, number>;

  constructor(labels: Iterable<string>) {
    const sorted = [...new Set(labels)].sort();
    this.labels = Object.freeze(sorted);
    this.index = new Map(sorted.map((l, i) => [l, i]));
  }

  get size(): number {
    return this.labels.length;
  }

  indexOf(label: string): number {
    const i = this.index.get(label);
    if (i === undefined) {
      throw new DataError(`Unknown label "${label}"; known labels are: ${this.labels.join(', ')}.`, 'unknown_label');
    }
    return i;
  }

  has(label: string): boolean {
    return this.index.has(label);
  }

  /** Encodes label strings as class indices. */
  encode(labels: readonly string[]): Int32Array {
    const y = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) y[i] = this.indexOf(labels[i]!);
    return y;
  }

  decode(y: ArrayLike<number>): string[] {
    return Array.from(y, (k) => this.labels[k]!);
  }

  /** Examples per class, in label order. */
  counts(y: ArrayLike<number>): number[] {
    const c = new Array<number>(this.size).fill(0);
    for (let i = 0; i < y.length; i++) c[y[i]!]!++;
    return c;
  }
}
