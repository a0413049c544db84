/**
 * The store side of exact unlearning: permanently removing training examples, head weights
 * and cached embeddings. Deletions run with SQLite's `secure_delete` on (openDb turns it on
 * for every connection), so the freed bytes are overwritten with zeros, and the write-ahead
 * log is truncated afterwards (wipe.ts), so no copy of the removed rows stays in the database
 * files; when another reader blocks that, the result says so and the wipe stays pending until
 * it can be done. A file that lived without secure_delete (from an older graft) is rebuilt once.
 */
import { ZEROED_FREES, type Db } from './db.js';
import { SqliteEmbeddingCache } from './embedding-cache.js';
import { checkpointWal, clearPendingWipes, markWipePending, pendingWipes, type WalWipe } from './wipe.js';
import { writeTransaction } from './write.js';
import { StoreError } from './errors.js';

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

  /** Deletes the task's training examples with these text hashes, in every version, and their entries in the finding index. */
  deleteExamples(task: string, textHashes: readonly string[]): number {
    let n = 0;
    for (let i = 0; i < textHashes.length; i += CHUNK) {
      const chunk = textHashes.slice(i, i + CHUNK);
      const list = chunk.map(() => '?').join(',');
      n += this.db.prepare(`DELETE FROM training_examples WHERE task = ? AND text_hash IN (${list})`).run(task, ...chunk).changes;
      this.db.prepare(`DELETE FROM finding_index WHERE task = ? AND text_hash IN (${list})`).run(task, ...chunk);
    }
    return n;
  }

  /**
   * Text hashes of the task's stored examples that held a private value with one of these
   * digests (FindingIndex digests of the value, under each key that may have made them).
   */
  textsWithFinding(task: string, digests: readonly string[]): string[] {
    const out = new Set<string>();
    for (let i = 0; i < digests.length; i += CHUNK) {
      const chunk = digests.slice(i, i + CHUNK);
      const rows = this.db.prepare(`SELECT text_hash AS h FROM finding_index WHERE task = ? AND digest IN (${chunk.map(() => '?').join(',')})`)
        .all(task, ...chunk) as Array<{ h: string }>;
      for (const r of rows) out.add(r.h);
    }
    return [...out].sort();
  }

  /**
   * Deletes the cached embeddings (every backbone) of these texts that `task` no longer holds,
   * unless another task still holds the same text: its vector stays cached for it. The cache is
   * shared by text, and the promise is per task: a forget removes what the task held, and the
   * text's vector leaves the file with the last task that holds it (a later forget there, or
   * deleting that task). Call it after the task's examples are deleted. Returns how many vectors
   * went and how many texts were kept for another task.
   */
  deleteEmbeddings(task: string, textHashes: readonly string[]): { deleted: number; kept: number } {
    const held = new Set<string>();
    for (let i = 0; i < textHashes.length; i += CHUNK) {
      const chunk = textHashes.slice(i, i + CHUNK);
      const rows = this.db.prepare(
        `SELECT DISTINCT text_hash AS h FROM training_examples WHERE task <> ? AND text_hash IN (${chunk.map(() => '?').join(',')})`,
      ).all(task, ...chunk) as Array<{ h: string }>;
      for (const r of rows) held.add(r.h);
    }
    const deleted = new SqliteEmbeddingCache(this.db).deleteTexts(textHashes.filter((h) => !held.has(h)));
    return { deleted, kept: held.size };
  }

  /**
   * Deletes a version's weights, training examples and novelty detector; the version row
   * stays, marked deleted, so its number is never reused and the history stays readable.
   */
  purgeVersion(task: string, version: number, at: string): void {
    this.db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run(task, version);
    const gone = this.db.prepare('DELETE FROM training_examples WHERE task = ? AND version = ? RETURNING text_hash AS h')
      .pluck().all(task, version) as string[];
    this.db.prepare('UPDATE head_versions SET head = NULL, deleted_at = ? WHERE task = ? AND version = ?').run(at, task, version);
    this.dropOrphanFindings(task, gone);
  }

  /**
   * A value's digest stays only while some stored text of the task held it: drops the index
   * entries of these (just deleted) texts that no remaining example of the task holds. Only
   * the deleted texts are looked at: a correlated NOT EXISTS over the whole index searched the
   * task's examples (no index on their text) once per entry, 1.1 CPU-s of a 10,000-row forget.
   */
  private dropOrphanFindings(task: string, deleted: readonly string[]): void {
    if (deleted.length === 0) return;
    const held = new Set(this.db.prepare('SELECT DISTINCT text_hash FROM training_examples WHERE task = ?').pluck().all(task) as string[]);
    const orphans = [...new Set(deleted)].filter((h) => !held.has(h));
    for (let i = 0; i < orphans.length; i += CHUNK) {
      const chunk = orphans.slice(i, i + CHUNK);
      this.db.prepare(`DELETE FROM finding_index WHERE task = ? AND text_hash IN (${chunk.map(() => '?').join(',')})`).run(task, ...chunk);
    }
  }

  /** Points the task at a live version (no checks: for use inside an unlearning transaction). */
  setLive(task: string, version: number | null): void {
    this.db.prepare('UPDATE tasks SET live_version = ? WHERE name = ?').run(version, task);
  }

  /**
   * Rebuilds the database file from its live content (VACUUM), then truncates the
   * write-ahead log: afterwards no deleted row survives anywhere in the files.
   */
  compact(opts: { timeoutMs?: number } = {}): WalWipe {
    this.db.pragma('secure_delete = ON');
    this.db.exec('VACUUM');
    // From here on every freed byte is zeroed (openDb keeps secure_delete on).
    this.db.prepare('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)').run(ZEROED_FREES, new Date().toISOString());
    return this.wipe(opts);
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
   * Runs `fn` in one IMMEDIATE transaction with `secure_delete` on, then empties the
   * write-ahead log so that the pre-deletion pages it held, and the old pages still in the
   * main file, are gone too. `fn` registers its audit record with `markWipe` so that a wipe
   * that cannot finish now (another reader holds an old snapshot for longer than `timeoutMs`,
   * or the process dies right after the commit) is finished, and recorded, on a later open.
   *
   * @example
   * const { value, wipe } = store.secureDelete(() => { ...; store.markWipe(task, auditId, at); return r; });
   * if (!wipe.complete) warn(`${wipe.walBytes} bytes wait in the log`);
   *
   * `onCommitted` is called after the commit, before the wipe.
   */
  secureDelete<T>(fn: () => T, opts: { timeoutMs?: number; onCommitted?: () => void } = {}): { value: T; wipe: WalWipe } {
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      const value = writeTransaction(this.db, fn);
      // Between the commit and the wipe (a caller timing the two apart).
      opts.onCommitted?.();
      return { value, wipe: this.wipe(opts) };
    } finally {
      this.db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`);
    }
  }

  /** Inside `secureDelete`'s function: the deletion recorded as audit record `auditId` waits for its wipe. */
  markWipe(task: string, auditId: number, at: string): void {
    markWipePending(this.db, task, auditId, at);
  }

  /** Empties the log (bounded wait); on success marks the wipes that were pending as complete. */
  wipe(opts: { timeoutMs?: number } = {}): WalWipe {
    const ids = pendingWipes(this.db);
    const w = checkpointWal(this.db, opts);
    if (!w.complete) return w;
    try {
      clearPendingWipes(this.db, ids, new Date().toISOString());
    } catch (e) {
      // The deletion is committed and the log emptied, but its audit records still say pending
      // (the next open marks them): report it as not yet complete rather than fail what was done.
      if (!(e instanceof StoreError)) throw e;
      return { ...w, complete: false };
    }
    return w;
  }
}
