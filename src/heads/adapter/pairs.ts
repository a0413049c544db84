/**
 * Same-label / different-label pairs drawn on the fly, in O(n) memory whatever the number of
 * classes: SetFit materialises pair lists and runs out of memory past ~100 classes; here a
 * pair is two indices drawn when it is needed and forgotten after its gradient step.
 */
import type { Rng } from '../../core/index.js';

export class PairSampler {
  /** Rows of each class, and the rows whose class has a second example (valid positive anchors). */
  private readonly byClass: Int32Array[];
  private readonly anchors: Int32Array;
  private readonly otherClassExists: boolean;

  constructor(private readonly y: Int32Array, classes: number) {
    const groups: number[][] = Array.from({ length: classes }, () => []);
    for (let i = 0; i < y.length; i++) groups[y[i]!]!.push(i);
    this.byClass = groups.map((g) => Int32Array.from(g));
    this.anchors = Int32Array.from(groups.filter((g) => g.length >= 2).flat());
    this.otherClassExists = groups.filter((g) => g.length > 0).length >= 2;
  }

  /** Whether positive pairs exist at all (some class has two examples). */
  get canPair(): boolean {
    return this.anchors.length > 0 && this.otherClassExists;
  }

  /** Two distinct rows of the same class, anchor uniform over rows that have a partner. */
  positive(rng: Rng): [number, number] {
    const i = this.anchors[rng.int(this.anchors.length)]!;
    const g = this.byClass[this.y[i]!]!;
    let j = i;
    while (j === i) j = g[rng.int(g.length)]!;
    return [i, j];
  }

  /** Two rows of different classes, both uniform over rows (rejection on the partner's class). */
  negative(rng: Rng): [number, number] {
    const n = this.y.length;
    const i = rng.int(n);
    for (;;) {
      const j = rng.int(n);
      if (this.y[j] !== this.y[i]) return [i, j];
    }
  }
}
