/**
 * What can go wrong with the store's files, as errors a user can act on: a damaged file, a
 * read-only folder, a lock held too long, a full disk. `storeErrorOf` turns SQLite's own
 * errors (thrown from any query) into these, so that no shell shows "unexpected error" for
 * a fault of the environment.
 */
import { GraftError } from '../core/index.js';

export type StoreErrorCode =
  | 'store_unavailable' | 'store_corrupt' | 'store_read_only' | 'store_busy' | 'store_full' | 'store_io' | 'store_newer';

/** A fault of the store's files or folder (not of the user's data). */
export class StoreError extends GraftError {
  constructor(message: string, code: StoreErrorCode, cause?: unknown) {
    super(message, { code, exitCode: 1, status: code === 'store_busy' ? 503 : 500, cause });
  }
}

/** SQLite's error codes (better-sqlite3 puts the extended code name in `code`). */
function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** True for SQLite's "locked by another connection" errors, which a retry may cure. */
export function isBusy(e: unknown): boolean {
  const c = sqliteCode(e);
  return c !== undefined && (c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED'));
}

/**
 * The StoreError for an error SQLite raised while using the database at `file`, or undefined
 * when it is not one of the environment faults named here (a bug, or a constraint).
 *
 * @example
 * try { tasks.listTasks(); } catch (e) { throw storeErrorOf(e, db.name) ?? e; }
 */
export function storeErrorOf(e: unknown, file: string): StoreError | undefined {
  if (e instanceof StoreError) return e;
  const c = sqliteCode(e);
  if (c === undefined) return undefined;
  if (c === 'SQLITE_NOTADB' || c.startsWith('SQLITE_CORRUPT')) return corrupt(file, e);
  if (c.startsWith('SQLITE_READONLY')) {
    return new StoreError(
      `The graft database ${file} cannot be written (${c}): its folder or file is read-only. Read commands work with --read-only; ` +
        'to change anything, make the folder writable or set GRAFT_HOME to a writable copy.',
      'store_read_only', e,
    );
  }
  if (c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      `The graft database ${file} stayed locked by another graft process for too long (${c}); nothing was saved. ` +
        'Wait for the other command (a fit, forget or server write) to finish and run this again.',
      'store_busy', e,
    );
  }
  if (c === 'SQLITE_FULL') {
    return new StoreError(`The disk holding ${file} is full (${c}); nothing was saved. Free some space and run this again.`, 'store_full', e);
  }
  if (c.startsWith('SQLITE_IOERR') || c.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(
      `Reading or writing ${file} failed (${c}: ${(e as Error).message}). Check that the disk and folder are available and run this again.`,
      'store_io', e,
    );
  }
  return undefined;
}

/** The error for a file that is not an intact SQLite database. */
export function corrupt(file: string, cause?: unknown): StoreError {
  const why = sqliteCode(cause) ?? (cause instanceof Error ? cause.message : 'damaged');
  return new StoreError(
    `The graft database ${file} is damaged or is not a graft database (${why}). Restore it from a backup ` +
      '(copy graft.db together with its graft.db-wal, if any), or move it aside to start an empty store ' +
      `(mv ${file} ${file}.damaged); graft will not write to it.`,
    'store_corrupt', cause,
  );
}
