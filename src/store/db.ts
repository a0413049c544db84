/**
 * The SQLite database file that holds everything graft keeps: the embedding cache, tasks,
 * head versions, their training examples, runs and the audit log. One file at
 * `$GRAFT_HOME/graft.db` (default `./.graft/graft.db`).
 */
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StoreError, corrupt, storeErrorOf } from './errors.js';
import { resolveHome } from './home.js';
import { homeAccess, makeHome } from './home-access.js';
import { finishPendingWipes, type WipeNotice } from './wipe.js';
import { writeTransaction } from './write.js';

export type Db = Database.Database;

// better-sqlite3 reads SQLITE_USE_URI once, when its first database opens: set it before that,
// so that a store on a read-only volume can be opened as immutable (openImmutable). Only file
// names starting with "file:" read differently, and graft's are absolute paths.
if (process.env.SQLITE_USE_URI === undefined) process.env.SQLITE_USE_URI = '1';

/** Where graft keeps its files: `$GRAFT_HOME`, else an existing `./.graft`, else the platform's data folder (home.ts). */
export function graftHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolveHome(env).home;
}

/**
 * Schema migrations, applied in order, each once, inside a transaction.
 * Append only: never edit a migration that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE embeddings (
     backbone  TEXT NOT NULL,
     text_hash TEXT NOT NULL,
     dim       INTEGER NOT NULL,
     vector    BLOB NOT NULL,
     PRIMARY KEY (backbone, text_hash)
   ) WITHOUT ROWID;
   CREATE TABLE tasks (
     name         TEXT PRIMARY KEY,
     backbone     TEXT NOT NULL,
     labels       TEXT NOT NULL,
     privacy      TEXT NOT NULL DEFAULT 'redact',
     live_version INTEGER,
     created_at   TEXT NOT NULL
   );
   CREATE TABLE head_versions (
     task       TEXT NOT NULL REFERENCES tasks(name),
     version    INTEGER NOT NULL,
     kind       TEXT NOT NULL,
     strategy   TEXT NOT NULL,
     seed       INTEGER NOT NULL,
     head       TEXT,
     data_hash  TEXT NOT NULL,
     metrics    TEXT NOT NULL,
     rows       INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     deleted_at TEXT,
     PRIMARY KEY (task, version)
   );
   CREATE TABLE training_examples (
     task      TEXT NOT NULL REFERENCES tasks(name),
     version   INTEGER NOT NULL,
     position  INTEGER NOT NULL,
     id        TEXT NOT NULL,
     text      TEXT NOT NULL,
     text_hash TEXT NOT NULL,
     label     TEXT NOT NULL,
     PRIMARY KEY (task, version, position)
   );
   CREATE TABLE runs (
     id         TEXT PRIMARY KEY,
     kind       TEXT NOT NULL,
     created_at TEXT NOT NULL,
     seed       INTEGER NOT NULL,
     data_hash  TEXT NOT NULL,
     versions   TEXT NOT NULL,
     config     TEXT NOT NULL,
     result     TEXT NOT NULL
   );
   CREATE TABLE audit (
     id     INTEGER PRIMARY KEY AUTOINCREMENT,
     task   TEXT NOT NULL,
     at     TEXT NOT NULL,
     action TEXT NOT NULL,
     detail TEXT NOT NULL
   );
   CREATE TABLE secrets (
     name       TEXT PRIMARY KEY,
     value      BLOB NOT NULL,
     created_at TEXT NOT NULL
   );`,
  // 2: each head version's out-of-distribution detector (scorer + threshold), for predict.
  `CREATE TABLE novelty_detectors (
     task     TEXT NOT NULL,
     version  INTEGER NOT NULL,
     detector TEXT NOT NULL,
     PRIMARY KEY (task, version),
     FOREIGN KEY (task, version) REFERENCES head_versions(task, version)
   );`,
  // 3: store-wide facts, e.g. since when every freed byte has been zeroed (see openDb).
  `CREATE TABLE settings (
     name  TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // 4: the long strings of saved detectors (reference rows, saved searches), stored once by
  // SHA-256 and linked from each version that holds them (NoveltyStore): a forget writes only
  // the parts that changed. A part goes (zeroed, by secure_delete) with its last link.
  `CREATE TABLE novelty_parts (
     hash TEXT PRIMARY KEY,
     body TEXT NOT NULL
   );
   CREATE TABLE novelty_links (
     task    TEXT NOT NULL,
     version INTEGER NOT NULL,
     hash    TEXT NOT NULL REFERENCES novelty_parts(hash),
     PRIMARY KEY (task, version, hash)
   ) WITHOUT ROWID;
   CREATE INDEX novelty_links_by_hash ON novelty_links (hash);
   CREATE TRIGGER novelty_detectors_unlink AFTER DELETE ON novelty_detectors BEGIN
     DELETE FROM novelty_links WHERE task = OLD.task AND version = OLD.version;
   END;
   CREATE TRIGGER novelty_parts_release AFTER DELETE ON novelty_links BEGIN
     DELETE FROM novelty_parts WHERE hash = OLD.hash AND NOT EXISTS (SELECT 1 FROM novelty_links WHERE hash = OLD.hash);
   END;`,
  // 5: head versions keep their long strings (weights, a knn head's rows, a sharded head's
  // sub-heads) as parts too, in the same table, now named for both (parts.ts): a forget on a
  // sharded head writes the refitted shards only. A part goes with the last link of either kind.
  `DROP TRIGGER novelty_parts_release;
   ALTER TABLE novelty_parts RENAME TO parts;
   CREATE TABLE head_links (
     task    TEXT NOT NULL,
     version INTEGER NOT NULL,
     hash    TEXT NOT NULL REFERENCES parts(hash),
     PRIMARY KEY (task, version, hash)
   ) WITHOUT ROWID;
   CREATE INDEX head_links_by_hash ON head_links (hash);
   CREATE TRIGGER novelty_parts_release AFTER DELETE ON novelty_links BEGIN
     DELETE FROM parts WHERE hash = OLD.hash
       AND NOT EXISTS (SELECT 1 FROM novelty_links WHERE hash = OLD.hash) AND NOT EXISTS (SELECT 1 FROM head_links WHERE hash = OLD.hash);
   END;
   CREATE TRIGGER head_parts_release AFTER DELETE ON head_links BEGIN
     DELETE FROM parts WHERE hash = OLD.hash
       AND NOT EXISTS (SELECT 1 FROM novelty_links WHERE hash = OLD.hash) AND NOT EXISTS (SELECT 1 FROM head_links WHERE hash = OLD.hash);
   END;
   CREATE TRIGGER head_versions_unlink AFTER UPDATE OF head ON head_versions WHEN NEW.head IS NULL BEGIN
     DELETE FROM head_links WHERE task = OLD.task AND version = OLD.version;
   END;
   CREATE TRIGGER head_versions_unlink_deleted AFTER DELETE ON head_versions BEGIN
     DELETE FROM head_links WHERE task = OLD.task AND version = OLD.version;
   END;`,
  // 6: the embedding cache packs vectors into blocks (SqliteEmbeddingCache): one 2 kB vector per
  // row took 4.7 kB on 4 kB pages. Keys map (backbone, 32-byte text hash) to a block and a slot.
  // Existing vectors move over as blocks of one (compact once rewritten).
  `CREATE TABLE embedding_backbones (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE
   );
   CREATE TABLE embedding_blocks (
     id       INTEGER PRIMARY KEY,
     backbone INTEGER NOT NULL REFERENCES embedding_backbones(id),
     dim      INTEGER NOT NULL,
     live     INTEGER NOT NULL,
     vectors  BLOB NOT NULL
   );
   CREATE TABLE embedding_keys (
     backbone  INTEGER NOT NULL REFERENCES embedding_backbones(id),
     text_hash BLOB NOT NULL,
     block     INTEGER NOT NULL REFERENCES embedding_blocks(id),
     slot      INTEGER NOT NULL,
     PRIMARY KEY (backbone, text_hash)
   ) WITHOUT ROWID;
   INSERT INTO embedding_backbones (name) SELECT DISTINCT backbone FROM embeddings ORDER BY backbone;
   INSERT INTO embedding_blocks (id, backbone, dim, live, vectors)
     SELECT ROW_NUMBER() OVER (ORDER BY e.backbone, e.text_hash), b.id, e.dim, 1, e.vector
     FROM embeddings e JOIN embedding_backbones b ON b.name = e.backbone WHERE length(unhex(e.text_hash)) = 32;
   INSERT INTO embedding_keys (backbone, text_hash, block, slot)
     SELECT b.id, unhex(e.text_hash), ROW_NUMBER() OVER (ORDER BY e.backbone, e.text_hash), 0
     FROM embeddings e JOIN embedding_backbones b ON b.name = e.backbone WHERE length(unhex(e.text_hash)) = 32;
   DROP TABLE embeddings;`,
  // 7: each head version keeps the backbone(s) it reads as data ({ kind, options } per part, no
  // secrets), so predict, explain and forget reopen exactly that backbone. Null for older versions.
  `ALTER TABLE head_versions ADD COLUMN backbone_spec TEXT;`,
  // 8: the server's API keys (only a hash of each secret) and its jobs, whose state outlives
  // the process that ran them (a job whose owner died reads as interrupted).
  `CREATE TABLE api_keys (
     id              TEXT PRIMARY KEY,
     hash            TEXT NOT NULL,
     name            TEXT,
     scope           TEXT NOT NULL,
     tasks           TEXT,
     rate_per_minute INTEGER,
     created_at      TEXT NOT NULL,
     revoked_at      TEXT
   );
   CREATE TABLE jobs (
     id          TEXT PRIMARY KEY,
     kind        TEXT NOT NULL,
     task        TEXT,
     state       TEXT NOT NULL,
     progress    TEXT,
     result      TEXT,
     error       TEXT,
     owner       TEXT NOT NULL,
     created_at  TEXT NOT NULL,
     started_at  TEXT,
     finished_at TEXT
   );
   CREATE INDEX jobs_unfinished ON jobs (state) WHERE state IN ('queued', 'running');`,
  // 9: which pseudonym key a version's texts were pseudonymized with (key-ring.ts), so that
  // predict and forget use that key after a rotation; a keyed index of the private values found
  // in each stored text (digests under the key, never values), so that a deletion request for a
  // person's e-mail can find texts whose stored form is redacted; and forgets whose write-ahead
  // log could not be wiped yet (wipe.ts), finished on the next open.
  `ALTER TABLE head_versions ADD COLUMN key_id TEXT;
   CREATE TABLE finding_index (
     task      TEXT NOT NULL,
     digest    TEXT NOT NULL,
     text_hash TEXT NOT NULL,
     PRIMARY KEY (task, digest, text_hash)
   ) WITHOUT ROWID;
   CREATE INDEX finding_index_by_text ON finding_index (task, text_hash);
   CREATE TABLE pending_wipes (
     audit_id INTEGER PRIMARY KEY,
     task     TEXT NOT NULL,
     at       TEXT NOT NULL
   );`,
];

/**
 * Set in `settings` once every byte freed in the file has been overwritten with zeros: from
 * creation for files created with `secure_delete` always on, else from the first full
 * rebuild (VACUUM) after it. Exact unlearning then needs no rebuild of its own.
 */
export const ZEROED_FREES = 'zeroed_frees_since';

/** The database file's name inside the store's folder. */
export const DB_FILE = 'graft.db';

export interface OpenDbOptions {
  /**
   * `true`: open for reading only (nothing is created, migrated or written; a write fails with
   * StoreError `store_read_only`). `'auto'`: read-only when the folder or file cannot be
   * written (a read-only volume), else as usual: for commands that only read. Default false.
   */
  readOnly?: boolean | 'auto';
  /** How long a write waits for another process's write lock, in ms (default 20,000). */
  busyTimeoutMs?: number;
  /** Told when opening finished something a killed process left undone (a forget's file wipe). */
  onNotice?: (notice: WipeNotice) => void;
}

/**
 * Longest wait for another process's write lock. A write phase is short (saving a version of
 * 20,000 examples takes well under a second), but a forget on a file from an older graft
 * rebuilds it once (VACUUM), which can take many seconds on a large store.
 */
const BUSY_TIMEOUT_MS = 20_000;

/**
 * Opens (creating if needed) the database in `home`, applying pending migrations, and
 * finishes any forget whose file wipe a killed or blocked process left pending (saying so
 * through `onNotice` and in the forget's audit record). Faults of the folder or file come out
 * as StoreError: a folder that cannot be made, a damaged file (`store_corrupt`, with restore
 * advice), a read-only volume (open with `readOnly`).
 *
 * @example
 * const db = openDb(graftHome());
 * const reader = openDb(graftHome(), { readOnly: 'auto' });
 */
export function openDb(home: string = graftHome(), opts: OpenDbOptions = {}): Db {
  const file = join(home, DB_FILE);
  const access = homeAccess(home);
  const readOnly = opts.readOnly === true || (opts.readOnly === 'auto' && (access === 'read' || fileReadOnly(file)));
  if (readOnly) return openReadOnly(home, file, access);
  if (access === 'missing') makeHome(home);
  checkFile(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
    // The first read of the header: a file that is not a database fails here (SQLITE_NOTADB).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Every delete and every freed page is overwritten with zeros, whoever deletes: no copy of a
    // removed row survives in free space, so forgetting an example needs no VACUUM of the file.
    db.pragma('secure_delete = ON');
    // Reads through a memory map instead of a read() call and a copy per page: reading a task's
    // 10,000 cached vectors (20 MB) takes about half the time (bench/unlearn). Address space
    // only; the file's pages stay in the OS cache either way.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    migrate(db, file);
    finishPendingWipes(db, opts.onNotice);
    return db;
  } catch (e) {
    db?.close();
    throw openError(e, home, file);
  }
}

/** Bytes of the file SQLite maps into memory for reading (beyond them it reads as usual). */
const MMAP_BYTES = 1 << 30;

/**
 * Read-only: no folder is made, no migration runs, nothing is written. A database in WAL mode
 * needs its shared-memory file even to read; on a read-only volume without one (the store was
 * closed cleanly, so its -wal and -shm were removed), the file is opened as immutable, which
 * reads it as it is on disk and takes no locks.
 */
function openReadOnly(home: string, file: string, access: 'write' | 'read' | 'missing'): Db {
  if (access === 'missing' || !existsSync(file)) {
    throw new StoreError(
      `There is no graft store in ${home} to read (no ${DB_FILE}). Check GRAFT_HOME, or fit a task first (which needs a writable folder).`,
      'store_unavailable',
    );
  }
  checkFile(file);
  let db: Db | undefined;
  try {
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('user_version');
    } catch (e) {
      db?.close();
      db = undefined;
      if (!String((e as { code?: string }).code).startsWith('SQLITE_READONLY') && (e as { code?: string }).code !== 'SQLITE_CANTOPEN') throw e;
      if (hasLog(file)) {
        throw new StoreError(
          `${file} has changes in its write-ahead log (${DB_FILE}-wal) that cannot be read from this read-only folder. ` +
            'Open the store once where it is writable (any read command) so that the log is folded into the file, then serve it read-only.',
          'store_read_only', e,
        );
      }
      db = openImmutable(file);
    }
    db.pragma('query_only = ON');
    checkVersion(db, file, true);
    return db;
  } catch (e) {
    db?.close();
    throw openError(e, home, file);
  }
}

/** The file through SQLite's URI form with `immutable=1` (URIs are on: see SQLITE_USE_URI above). */
function openImmutable(file: string): Db {
  const db = new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, fileMustExist: true });
  db.pragma('user_version');
  return db;
}

function hasLog(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

function fileReadOnly(file: string): boolean {
  try {
    statSync(file);
  } catch {
    return false;
  }
  return !writable(file) || (existsSync(`${file}-wal`) && !writable(`${file}-wal`));
}

function writable(path: string): boolean {
  try {
    // access(2), not the mode bits: it also knows read-only mounts and ACLs.
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A graft.db that is not a regular file (a folder, a device) is refused before SQLite sees it. */
function checkFile(file: string): void {
  let st;
  try {
    st = statSync(file);
  } catch {
    return;
  }
  if (!st.isFile()) {
    throw new StoreError(`${file} is not a regular file (a folder or device stands where the graft database belongs); move it aside.`, 'store_unavailable');
  }
}

function openError(e: unknown, home: string, file: string): unknown {
  if (e instanceof StoreError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_CANTOPEN') {
    return new StoreError(
      `Cannot open the graft database in ${home} (${code}). Check that GRAFT_HOME is a folder you can read and write, or use --read-only.`,
      'store_unavailable', e,
    );
  }
  return storeErrorOf(e, file) ?? e;
}

/** An in-memory database with the full schema, for tests. */
export function openMemoryDb(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  migrate(db, ':memory:');
  return db;
}

/**
 * Applies pending migrations, each in one IMMEDIATE transaction that reads the schema version
 * again once it holds the write lock: two processes opening a fresh store at the same time
 * then apply each migration once (the second finds it done), instead of both creating tables.
 */
function migrate(db: Db, file: string): void {
  let created = false;
  for (;;) {
    const done = writeTransaction(db, () => {
      const v = checkVersion(db, file, false);
      if (v >= MIGRATIONS.length) return true;
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
      if (v === 0) created = true;
      return false;
    });
    if (done) break;
  }
  // A new file has had secure_delete on since its first byte; an older one may hold copies of
  // deleted rows in free space until it is rebuilt once (UnlearningStore.compact).
  if (created && (db.pragma('secure_delete', { simple: true }) as number) === 1) {
    db.prepare('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)').run(ZEROED_FREES, 'creation');
  }
}

/** The file's schema version; StoreError when a newer graft wrote it (or, read-only, when it needs migrating). */
function checkVersion(db: Db, file: string, readOnly: boolean): number {
  const v = db.pragma('user_version', { simple: true }) as number;
  if (v > MIGRATIONS.length) {
    throw new StoreError(
      `${file} was written by a newer graft (schema ${v}; this graft knows ${MIGRATIONS.length}). Upgrade graft to use it.`,
      'store_newer',
    );
  }
  if (readOnly && v < MIGRATIONS.length) {
    if (v === 0) throw corrupt(file, new Error('no graft schema'));
    throw new StoreError(
      `${file} was written by an older graft (schema ${v} of ${MIGRATIONS.length}) and must be upgraded before it can be read; ` +
        'open it once without --read-only where it is writable.',
      'store_read_only',
    );
  }
  return v;
}
