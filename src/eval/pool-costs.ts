/**
 * The fit pool's cost model, for handing out the longest job first: a job's expected seconds are
 * its training rows times the seconds per row that finished jobs of the same recipe (kind and
 * parameters) took. Rows alone ranked a knn unit equal to a logistic unit of the same rows that
 * costs several times more, and a searching fit equal to one at a fixed value; the recipe's own
 * measured rate tells them apart without the pool knowing any kind. A recipe with nothing
 * finished yet is assumed as costly per row as the costliest measured one, so that it starts
 * early (and is measured) rather than last. Only the order of jobs depends on it, never a result.
 */

/** A job's recipe: what decides its cost per row besides the rows. */
export function recipeOf(kind: string, params: object): string {
  return `${kind} ${JSON.stringify(params)}`;
}

export class JobCosts {
  private readonly rates = new Map<string, { seconds: number; rows: number }>();

  /** Records a finished job: its recipe, training rows and seconds. */
  observe(recipe: string, rows: number, seconds: number): void {
    if (!(seconds >= 0) || !(rows > 0)) return;
    const r = this.rates.get(recipe) ?? { seconds: 0, rows: 0 };
    r.seconds += seconds;
    r.rows += rows;
    this.rates.set(recipe, r);
  }

  /**
   * Expected seconds of a job: rows × its recipe's measured seconds per row, or the costliest
   * measured rate while its recipe has none (rows alone while nothing is measured).
   *
   * @example
   * costs.observe('centroid {}', 1000, 0.1); costs.observe('logistic {}', 1000, 20);
   * costs.estimate('centroid {}', 4000) < costs.estimate('logistic {}', 1000); // true
   */
  estimate(recipe: string, rows: number): number {
    const own = this.rates.get(recipe);
    if (own) return rows * (own.seconds / own.rows);
    let worst = 0;
    for (const r of this.rates.values()) worst = Math.max(worst, r.seconds / r.rows);
    return rows * (worst > 0 ? worst : 1);
  }
}
