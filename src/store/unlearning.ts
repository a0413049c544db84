/**
 * The store side of exact unlearning: permanently removing training examples, head weights
 * and cached embeddings. Deletions run with SQLite's `secure_delete` on (openDb turns it on
 * for every connection), so the freed bytes are overwritten with zeros, and the write-ahead
 * log is truncated afterwards, so no copy of the removed rows stays in the database files.
 * A file that lived without secure_delete (created by an older graft) is rebuilt once.
 */
import { ZEROED_FREES, type Db } from './db.js';
import { SqliteEmbeddingCache } from './embedding-cache.js';

/** Hashes per `IN (...)` list: well under SQLite's variable limit. */
const CHUNK = 500;

/** One stored training example with where it sits. */
export interface StoredExample {
  version: number;
  position: number;
  id: string;
  text: string;
  textHash: string;
  label: string;
}

/**
 * @example
 * const u = new UnlearningStore(db);
 * u.secureDelete(() => { u.deleteExamples('spam', hashes); u.purgeVersion('spam', 3, now); });
 */
export class UnlearningStore {
  constructor(private readonly db: Db) {}

  /** Every stored training example of the task's versions that still have a head. */
  liveExamples(task: string): StoredExample[] {
    return this.db.prepare(
      `SELECT e.version, e.position, e.id, e.text, e.text_hash AS textHash, e.label
       FROM training_examples e JOIN head_versions v ON v.task = e.task AND v.version = e.version
       WHERE e.task = ? AND v.deleted_at IS NULL ORDER BY e.version, e.position`,
    ).all(task) as StoredExample[];
  }

  /** Deletes the task's training examples with these text hashes, in every version. */
  deleteExamples(task: string, textHashes: readonly string[]): number {
    let n = 0;
    for (let i = 0; i < textHashes.length; i += CHUNK) {
      const chunk = textHashes.slice(i, i + CHUNK);
      n += this.db.prepare(`DELETE FROM training_examples WHERE task = ? AND text_hash IN (${chunk.map(() => '?').join(',')})`)
        .run(task, ...chunk).changes;
    }
    return n;
  }

  /** Deletes cached embeddings of these text hashes, for every backbone. */
  deleteEmbeddings(textHashes: readonly string[]): number {
    return new SqliteEmbeddingCache(this.db).deleteTexts(textHashes);
  }

  /**
   * Deletes a version's weights, training examples and novelty detector; the version row
   * stays, marked deleted, so its number is never reused and the history stays readable.
   */
  purgeVersion(task: string, version: number, at: string): void {
    this.db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run(task, version);
    this.db.prepare('DELETE FROM training_examples WHERE task = ? AND version = ?').run(task, version);
    this.db.prepare('UPDATE head_versions SET head = NULL, deleted_at = ? WHERE task = ? AND version = ?').run(at, task, version);
  }

  /** Points the task at a live version (no checks: for use inside an unlearning transaction). */
  setLive(task: string, version: number | null): void {
    this.db.prepare('UPDATE tasks SET live_version = ? WHERE name = ?').run(version, task);
  }

  /**
   * Rebuilds the database file from its live content (VACUUM), then truncates the
   * write-ahead log: afterwards no deleted row survives anywhere in the files.
   */
  compact(): void {
    this.db.pragma('secure_delete = ON');
    this.db.exec('VACUUM');
    if ((this.db.pragma('journal_mode', { simple: true }) as string) === 'wal') this.db.pragma('wal_checkpoint(TRUNCATE)');
    // From here on every freed byte is zeroed (openDb keeps secure_delete on).
    this.db.prepare('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)').run(ZEROED_FREES, new Date().toISOString());
  }

  /**
   * True when free space in the file may still hold copies of deleted rows: the file was
   * written without secure_delete at some point and has not been rebuilt since. Deleting with
   * secure_delete on is then not enough, and `compact` must run once.
   */
  needsCompaction(): boolean {
    return this.db.prepare('SELECT 1 FROM settings WHERE name = ?').get(ZEROED_FREES) === undefined;
  }

  /**
   * Runs `fn` in one transaction with `secure_delete` on, then truncates the write-ahead
   * log so that the pre-deletion pages it held are gone too.
   */
  secureDelete<T>(fn: () => T): T {
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      const out = this.db.transaction(fn).immediate();
      if ((this.db.pragma('journal_mode', { simple: true }) as string) === 'wal') this.db.pragma('wal_checkpoint(TRUNCATE)');
      return out;
    } finally {
      this.db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`);
    }
  }
}
