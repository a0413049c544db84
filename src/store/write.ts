/**
 * Writing under concurrency. Several graft processes (fits, a forget, the server) share one
 * file; SQLite lets one write at a time. Every write here starts with BEGIN IMMEDIATE, which
 * takes the write lock first and waits for it (the busy timeout): a DEFERRED transaction that
 * reads and then writes fails at once with "database is locked" when another process wrote in
 * between, since waiting could deadlock. On a lock still held after the wait, the short write
 * phase is tried again a few times, so finished work (a fit's minutes of compute) is not lost
 * to a neighbour's write.
 */
import type { Db } from './db.js';
import { dbFilePath } from './db-path.js';
import { isBusy, storeErrorOf } from './errors.js';

export interface WriteRetry {
  /** Attempts in all (default 4). */
  attempts?: number;
  /** Pause before the second attempt, doubled each time, in ms (default 50). */
  backoffMs?: number;
}

/**
 * Runs `fn` in one IMMEDIATE transaction, retried while another connection holds the lock.
 * Inside an open transaction it runs as part of it (a savepoint), without retry: the outer
 * transaction's owner retries the whole.
 *
 * @example
 * const v = writeTransaction(db, () => insertVersion(db, ...));
 */
export function writeTransaction<T>(db: Db, fn: () => T, retry: WriteRetry = {}): T {
  const txn = db.transaction(fn);
  if (db.inTransaction) return txn();
  const attempts = retry.attempts ?? 4;
  let pause = retry.backoffMs ?? 50;
  for (let i = 1; ; i++) {
    try {
      return txn.immediate();
    } catch (e) {
      // A fault of the disk or file (full, I/O error, damaged, read-only) is named; the transaction was rolled back.
      if (!isBusy(e) || i >= attempts) throw storeErrorOf(e, dbFilePath(db) ?? ':memory:') ?? e;
      sleep(pause * (0.5 + jitter()));
      pause *= 2;
    }
  }
}

/** Blocks the thread for `ms` (the store's API is synchronous, as better-sqlite3 is). */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
}

/** Spreads retries of processes that collided at the same instant. */
function jitter(): number {
  return (process.pid % 97) / 97 * 0.5 + Math.random() * 0.5;
}
