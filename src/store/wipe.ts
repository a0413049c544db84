/**
 * Wiping the write-ahead log after a deletion. In WAL mode a committed delete lives in
 * `graft.db-wal` until a checkpoint copies it into `graft.db`; until then the main file
 * still holds the old pages, deleted texts included. `wal_checkpoint(TRUNCATE)` copies every
 * logged page back and empties the log, but only when no other connection is still reading
 * an older snapshot: it then reports `busy` and leaves the bytes where they are.
 *
 * So a deletion registers a pending wipe in its own transaction, the checkpoint is retried
 * within a time bound, and the result is data: complete, or pending with the log's size.
 * A pending wipe (the checkpoint was blocked, or the process was killed right after commit)
 * is finished by the next open of the store, which says so in the forget's audit record
 * (`wipe.status` goes from `pending` to `complete`, with the time) and to its caller.
 */
import { statSync } from 'node:fs';
import type { Db } from './db.js';
import { dbFilePath } from './db-path.js';
import { sleep, writeTransaction } from './write.js';

/** What became of a deletion's bytes in the database files. */
export interface WalWipe {
  /** True when the log was emptied: no pre-deletion page is left in either file. */
  complete: boolean;
  /** Bytes still in `graft.db-wal` (0 when complete). */
  walBytes: number;
  /** Checkpoints tried. */
  attempts: number;
  /** Time spent waiting for readers, ms. */
  waitedMs: number;
}

/** A pending wipe that an open of the store finished. */
export interface WipeNotice {
  kind: 'wipe-completed';
  task: string;
  /** The audit record of the forget whose bytes are now gone. */
  auditId: number;
  /** When the forget committed. */
  forgottenAt: string;
}

/** Default bound on waiting for other readers before reporting a wipe as pending. */
export const WIPE_TIMEOUT_MS = 5_000;

/**
 * Checkpoints the log into the file and truncates it, retrying while other connections hold
 * older snapshots, for at most `timeoutMs`. A database not in WAL mode (in memory) is complete
 * at once. Never throws for a busy reader: the answer says what is left.
 *
 * @example
 * const w = checkpointWal(db, { timeoutMs: 2000 });
 * if (!w.complete) console.error(`${w.walBytes} bytes still in the log`);
 */
export function checkpointWal(db: Db, opts: { timeoutMs?: number } = {}): WalWipe {
  if ((db.pragma('journal_mode', { simple: true }) as string) !== 'wal') return { complete: true, walBytes: 0, attempts: 0, waitedMs: 0 };
  const timeout = opts.timeoutMs ?? WIPE_TIMEOUT_MS;
  const start = performance.now();
  const busyBefore = db.pragma('busy_timeout', { simple: true }) as number;
  // Each attempt waits a little for readers itself; the loop bounds the whole.
  db.pragma(`busy_timeout = ${Math.min(250, Math.max(1, Math.floor(timeout / 4)))}`);
  let attempts = 0;
  let pause = 10;
  try {
    for (;;) {
      attempts++;
      const row = (db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>)[0]!;
      const bytes = walBytes(db);
      if (row.busy === 0 && bytes === 0) return { complete: true, walBytes: 0, attempts, waitedMs: Math.round(performance.now() - start) };
      const waited = performance.now() - start;
      if (waited >= timeout) return { complete: false, walBytes: bytes, attempts, waitedMs: Math.round(waited) };
      sleep(Math.min(pause, timeout - waited));
      pause = Math.min(pause * 2, 200);
    }
  } finally {
    db.pragma(`busy_timeout = ${busyBefore}`);
  }
}

/** Size of the database's `-wal` file (0 when absent). */
export function walBytes(db: Db): number {
  try {
    return statSync(`${dbFilePath(db)}-wal`).size;
  } catch {
    return 0;
  }
}

/** Registers a deletion whose bytes must leave the files; call inside the deletion's transaction. */
export function markWipePending(db: Db, task: string, auditId: number, at: string): void {
  db.prepare('INSERT OR REPLACE INTO pending_wipes (audit_id, task, at) VALUES (?, ?, ?)').run(auditId, task, at);
}

/** The audit ids of the wipes pending now. Read them before a checkpoint: only those are finished by it. */
export function pendingWipes(db: Db): number[] {
  return (db.prepare('SELECT audit_id AS id FROM pending_wipes ORDER BY audit_id').all() as Array<{ id: number }>).map((r) => r.id);
}

/**
 * After a complete checkpoint: the wipes pending before it (`ids`, from `pendingWipes`) are
 * done. Marks each forget's audit record complete, with the time, and drops it from the list.
 * A deletion committed after `ids` were read may not be in the checkpoint: it stays pending.
 */
export function clearPendingWipes(db: Db, ids: readonly number[], at: string): WipeNotice[] {
  if (ids.length === 0) return [];
  return writeTransaction(db, () => {
    const get = db.prepare('SELECT audit_id AS auditId, task, at FROM pending_wipes WHERE audit_id = ?');
    const mark = db.prepare(`UPDATE audit SET detail = json_set(detail, '$.wipe', json_object('status', 'complete', 'at', ?)) WHERE id = ?`);
    const drop = db.prepare('DELETE FROM pending_wipes WHERE audit_id = ?');
    const out: WipeNotice[] = [];
    for (const id of ids) {
      const r = get.get(id) as { auditId: number; task: string; at: string } | undefined;
      if (!r) continue; // finished by another process meanwhile
      mark.run(at, id);
      drop.run(id);
      out.push({ kind: 'wipe-completed', task: r.task, auditId: r.auditId, forgottenAt: r.at });
    }
    return out;
  });
}

/**
 * On open: finishes the wipes a previous process left pending, if the log can be emptied now
 * (briefly: an open must not wait long for a server's readers; a later open tries again).
 */
export function finishPendingWipes(db: Db, onNotice?: (n: WipeNotice) => void): WipeNotice[] {
  const ids = pendingWipes(db);
  if (ids.length === 0) return [];
  if (!checkpointWal(db, { timeoutMs: 500 }).complete) return [];
  const done = clearPendingWipes(db, ids, new Date().toISOString());
  for (const n of done) onNotice?.(n);
  return done;
}
