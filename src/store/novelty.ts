/**
 * Out-of-distribution detectors saved beside head versions: `predict` flags inputs unlike
 * the training data with them. Stored as the detector's own JSON (eval's OodDetectorJSON);
 * the store does not interpret it, except that its long strings (reference rows, saved
 * searches) are stored as parts shared between versions (parts.ts): a forget that changes one
 * block of a detector writes only that block's parts.
 */
import type { Db } from './db.js';
import { PartStore } from './parts.js';
import { writeTransaction } from './write.js';

export class NoveltyStore {
  private readonly parts: PartStore;

  constructor(private readonly db: Db) {
    this.parts = new PartStore(db);
  }

  /** Saves (or replaces) the detector of a head version. Call inside the version's transaction. */
  save(task: string, version: number, detector: object): void {
    writeTransaction(this.db, () => {
      // An explicit delete, not INSERT OR REPLACE, so that the old links and unshared parts go (triggers in db.ts).
      this.delete(task, version);
      this.db.prepare('INSERT INTO novelty_detectors (task, version, detector) VALUES (?, ?, ?)')
        .run(task, version, this.parts.write(detector, 'novelty_links', task, version));
    });
  }

  /**
   * The detector of a head version, or one value inside it (a JSON path such as `$.blocks`,
   * read without parsing or fetching the rest); undefined when absent.
   */
  get<T = unknown>(task: string, version: number, path = '$'): T | undefined {
    const row = (path === '$'
      ? this.db.prepare('SELECT detector AS part FROM novelty_detectors WHERE task = ? AND version = ?').get(task, version)
      : this.db.prepare('SELECT json_extract(detector, ?) AS part FROM novelty_detectors WHERE task = ? AND version = ?').get(path, task, version)) as
      | { part: string | number | null }
      | undefined;
    if (row === undefined || row.part === null) return undefined;
    // json_extract gives numbers as numbers, objects and arrays as JSON text.
    if (typeof row.part !== 'string' || !/^[[{]/.test(row.part)) return row.part as T;
    return this.parts.read<T>(row.part);
  }

  /** Removes a version's detector (when the version is deleted or unlearned), and every part no other version links. */
  delete(task: string, version: number): void {
    this.db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run(task, version);
  }
}
