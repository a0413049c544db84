/**
 * Out-of-distribution detectors saved beside head versions: `predict` flags inputs unlike
 * the training data with them. Stored as the detector's own JSON (eval's OodDetectorJSON);
 * the store does not interpret it.
 */
import type { Db } from './db.js';

export class NoveltyStore {
  constructor(private readonly db: Db) {}

  /** Saves (or replaces) the detector of a head version. Call inside the version's transaction. */
  save(task: string, version: number, detector: object): void {
    this.db.prepare('INSERT OR REPLACE INTO novelty_detectors (task, version, detector) VALUES (?, ?, ?)')
      .run(task, version, JSON.stringify(detector));
  }

  /** The detector of a head version, or undefined when it was fitted without one. */
  get<T = unknown>(task: string, version: number): T | undefined {
    const row = this.db.prepare('SELECT detector FROM novelty_detectors WHERE task = ? AND version = ?').get(task, version) as { detector: string } | undefined;
    return row ? (JSON.parse(row.detector) as T) : undefined;
  }

  /** Removes a version's detector (when the version is deleted or unlearned). */
  delete(task: string, version: number): void {
    this.db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run(task, version);
  }
}
