/**
 * Batches for contrastive training, drawn on the fly in O(n) memory whatever the number of
 * classes: `classesPerBatch` classes × `perClass` rows each, so every batch holds both
 * same-label and different-label pairs even with 77+ classes. SetFit materialises pair lists
 * and runs out of memory past ~100 classes; here a batch is a handful of indices drawn when
 * needed and forgotten after its gradient step.
 */
import type { Rng } from '../../core/index.js';

export class BatchSampler {
  private readonly byClass: Int32Array[];
  /** Classes with at least two rows: the only ones that can form same-label pairs. */
  private readonly pairable: number[];
  private readonly present: number[];

  constructor(y: Int32Array, classes: number, private readonly classesPerBatch: number, private readonly perClass: number) {
    const groups: number[][] = Array.from({ length: classes }, () => []);
    for (let i = 0; i < y.length; i++) groups[y[i]!]!.push(i);
    this.byClass = groups.map((g) => Int32Array.from(g));
    this.pairable = groups.flatMap((g, c) => (g.length >= 2 ? [c] : []));
    this.present = groups.flatMap((g, c) => (g.length >= 1 ? [c] : []));
  }

  /** Whether both kinds of pair exist: some class has two rows and two classes are present. */
  get canPair(): boolean {
    return this.pairable.length > 0 && this.present.length >= 2;
  }

  /** Rows per batch at most. */
  get batchRows(): number {
    return Math.max(2, this.classesPerBatch) * this.perClass;
  }

  /**
   * Row indices of one batch: distinct classes (pairable ones first, any present class
   * when fewer than two are pairable), up to `perClass` distinct rows from each.
   */
  next(rng: Rng): Int32Array {
    const pool = this.pairable.length >= 2 ? this.pairable : this.present;
    const chosen = this.pickDistinct(pool, Math.min(Math.max(2, this.classesPerBatch), pool.length), rng);
    if (this.pairable.length === 1 && !chosen.includes(this.pairable[0]!)) chosen[0] = this.pairable[0]!;
    const out: number[] = [];
    for (const c of chosen) {
      const g = this.byClass[c]!;
      for (const i of this.pickDistinct(Array.from(g), Math.min(this.perClass, g.length), rng)) out.push(i);
    }
    return Int32Array.from(out);
  }

  /** k distinct items by a partial Fisher–Yates shuffle of a copy. */
  private pickDistinct(items: readonly number[], k: number, rng: Rng): number[] {
    const a = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(a.length - i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a.slice(0, k);
  }
}
