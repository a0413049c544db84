/**
 * Restored heads and novelty detectors, kept between predictions: restoring them (reading
 * their parts, decoding weights and reference rows) costs far more than predicting one text.
 * The cache empties whenever the store may have changed under it: after the workspace's own
 * writes (`invalidate`), and when another connection — another process, such as the CLI
 * deploying a version — has committed (SQLite's `data_version`). A caller keeps the entry it
 * got, so a request finishes on the head it started with.
 */

export class HeadCache<T> {
  private readonly entries = new Map<string, T>();
  private stamp: number | undefined;

  /**
   * @param dataVersion SQLite's `PRAGMA data_version` of the workspace's connection.
   * @param max entries kept (the oldest goes first).
   */
  constructor(private readonly dataVersion: () => number, private readonly max = 512) {}

  /** The entry under `key`, loaded by `load` when missing or when the store has changed. */
  get(key: string, load: () => T): T {
    const v = this.dataVersion();
    if (v !== this.stamp) {
      this.entries.clear();
      this.stamp = v;
    }
    let e = this.entries.get(key);
    if (e === undefined) {
      e = load();
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, e);
    }
    return e;
  }

  /** Forgets every entry: called after the workspace itself has written. */
  invalidate(): void {
    this.entries.clear();
  }
}
