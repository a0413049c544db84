/**
 * The SQLite database file that holds everything graft keeps: the embedding cache, tasks,
 * head versions, their training examples, runs and the audit log. One file at
 * `$GRAFT_HOME/graft.db` (default `./.graft/graft.db`).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GraftError } from '../core/index.js';
import { resolveHome } from './home.js';

export type Db = Database.Database;

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
];

/**
 * Set in `settings` once every byte freed in the file has been overwritten with zeros: from
 * creation for files created with `secure_delete` always on, else from the first full
 * rebuild (VACUUM) after it. Exact unlearning then needs no rebuild of its own.
 */
export const ZEROED_FREES = 'zeroed_frees_since';

/**
 * Opens (creating if needed) the database in `home`, applying pending migrations.
 *
 * @example
 * const db = openDb(graftHome());
 */
export function openDb(home: string = graftHome()): Db {
  let db: Db;
  try {
    mkdirSync(home, { recursive: true });
    db = new Database(join(home, 'graft.db'));
  } catch (e) {
    throw new GraftError(
      `Cannot open the graft database in ${home}: ${(e as Error).message}. Set GRAFT_HOME to a writable folder.`,
      { code: 'store_unavailable', cause: e },
    );
  }
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
  migrate(db);
  return db;
}

/** Bytes of the file SQLite maps into memory for reading (beyond them it reads as usual). */
const MMAP_BYTES = 1 << 30;

/** An in-memory database with the full schema, for tests. */
export function openMemoryDb(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  // A new file has had secure_delete on since its first byte; an older one may hold copies of
  // deleted rows in free space until it is rebuilt once (UnlearningStore.compact).
  if (current === 0 && (db.pragma('secure_delete', { simple: true }) as number) === 1) {
    db.prepare('INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)').run(ZEROED_FREES, 'creation');
  }
}
