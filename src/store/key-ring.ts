/**
 * Where the store's pseudonymization keys are kept: out of the database, so that whoever holds
 * `graft.db` alone can neither reverse a pseudonym nor confirm a guess, not even over a small
 * space such as SSNs, phone numbers or dates.
 *
 * Keys come from, in order (the first key found is the current one; the others stay usable
 * for what was made with them):
 * 1. keys the caller provides (`KeyRingOptions.keys`);
 * 2. `GRAFT_PSEUDONYM_KEY`: one or more keys (hex or base64, at least 16 bytes), comma-separated;
 * 3. the key file `pseudonym.key` beside `graft.db`, mode 0600, created on first use.
 *
 * An older store kept its key in the `secrets` table: opening the ring moves it into the key
 * file (still usable) and deletes it from the database, zeroed on disk.
 *
 * Rotation makes a new current key and keeps the old ones: each head version records the key
 * its texts were pseudonymized with (`keyId`), so predict and forget keep working on versions
 * made before the rotation, while everything pseudonymized afterwards cannot be linked to what
 * came before. `retireKeys` drops old keys once no live version uses them.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError, keyedDigest, keyFromBytes, parseKey } from '../core/index.js';
import type { DigestPurpose, PseudonymKey } from '../core/index.js';
import type { Db } from './db.js';
import { dbFilePath } from './db-path.js';
import { checkpointWal } from './wipe.js';
import { writeTransaction } from './write.js';

/** Name of the row in the legacy `secrets` table that held the key. */
export const LEGACY_KEY_NAME = 'privacy.pseudonym-key';
/** The key file's name, beside `graft.db`. */
export const KEY_FILE = 'pseudonym.key';
/** Environment variable that gives the keys: one or more (hex or base64), comma-separated, current first. */
export const KEY_ENV = 'GRAFT_PSEUDONYM_KEY';

export interface KeyRingOptions {
  /** Keys the caller provides, current first. */
  keys?: readonly Uint8Array[];
  /** Environment to read `GRAFT_PSEUDONYM_KEY` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

interface KeyFileBody { format: 1; keys: Array<{ id: string; key: string }> }

/** Keys of in-memory databases (tests): there is no folder to keep a file in. */
const memoryKeys = new WeakMap<Db, PseudonymKey[]>();

/**
 * The store's pseudonymization keys.
 *
 * @example
 * const keys = PseudonymKeys.open(db);
 * applyPrivacy(examples, { policy: 'pseudonymize', key: keys.current().key });
 * keys.digest('forget-selector', 'jane@example.com'); // 'k1f…:9a0c…'
 */
export class PseudonymKeys {
  private ring: PseudonymKey[] = [];

  private constructor(private readonly db: Db, private readonly opts: KeyRingOptions) {}

  /** The keys of the store that `db` is, moving a key found in the database out of it first. */
  static open(db: Db, opts: KeyRingOptions = {}): PseudonymKeys {
    const keys = new PseudonymKeys(db, opts);
    keys.ring = keys.load();
    keys.migrateFromDatabase();
    return keys;
  }

  /** The key that new pseudonyms, digests and index entries are made with; created (key file, 0600) on first use. */
  current(): PseudonymKey {
    if (this.ring.length === 0) this.ring = this.create();
    return this.ring[0]!;
  }

  /** Every usable key, current first. */
  all(): PseudonymKey[] {
    this.current();
    return [...this.ring];
  }

  /** The key with this id; UsageError saying where to put it when it is not here. */
  byId(id: string): PseudonymKey {
    const k = this.all().find((x) => x.id === id);
    if (k) return k;
    throw new UsageError(
      `The pseudonym key ${id}, which this task's texts were pseudonymized with, is not available (keys here: ` +
        `${this.ring.map((x) => `${x.id} from ${x.source}`).join(', ')}). Give it in ${KEY_ENV} or restore the key file ` +
        `${this.filePath() ?? KEY_FILE} from where it was kept; or fit the task again to use the current key.`,
      'missing_pseudonym_key',
    );
  }

  /**
   * A new random key becomes current; the old ones stay, so versions made with them keep
   * working. Only for keys graft keeps (the key file, or memory): keys from the environment or
   * the caller are rotated by changing what is given.
   */
  rotate(): PseudonymKey {
    if (this.ring.some((k) => k.source === 'env' || k.source === 'provided')) {
      throw new UsageError(
        `The current pseudonym key comes from ${KEY_ENV} or the caller, which graft cannot change: put a new key first in ${KEY_ENV} ` +
          '(and keep the old ones after it while versions made with them are live).',
        'key_not_rotatable',
      );
    }
    const fresh = keyFromBytes(randomBytes(32), 'the new key');
    const file = this.filePath();
    if (file) writeKeyFile(file, [fresh, ...this.all().filter((k) => k.source === 'file')], 'replace');
    else memoryKeys.set(this.db, [{ ...fresh, source: 'memory' }, ...this.all()]);
    this.ring = this.load();
    return this.ring[0]!;
  }

  /**
   * Drops from the key file every key but the current one that no saved (not deleted) head
   * version uses: their pseudonyms become unreadable for good. Returns the ids dropped.
   */
  retireKeys(): string[] {
    const file = this.filePath();
    if (!file) return [];
    const used = new Set((this.db.prepare('SELECT DISTINCT key_id AS id FROM head_versions WHERE key_id IS NOT NULL AND deleted_at IS NULL')
      .all() as Array<{ id: string }>).map((r) => r.id));
    const current = this.current();
    const fileKeys = this.ring.filter((k) => k.source === 'file');
    const keep = fileKeys.filter((k) => k.id === current.id || used.has(k.id));
    if (keep.length === fileKeys.length) return [];
    writeKeyFile(file, keep, 'replace');
    this.ring = this.load();
    return fileKeys.filter((k) => !keep.includes(k)).map((k) => k.id);
  }

  /** `keyId:hex` digest of a value for one purpose under the current key (never the value). */
  digest(purpose: DigestPurpose, value: string): string {
    return keyedDigest(this.current(), purpose, value);
  }

  /** The same digest under every usable key, to find what older keys made. */
  digests(purpose: DigestPurpose, value: string): string[] {
    return this.all().map((k) => keyedDigest(k, purpose, value));
  }

  private filePath(): string | undefined {
    const db = dbFilePath(this.db);
    return db === undefined ? undefined : join(dirname(db), KEY_FILE);
  }

  private load(): PseudonymKey[] {
    const ring: PseudonymKey[] = [];
    (this.opts.keys ?? []).forEach((k, i) => ring.push({ ...keyFromBytes(k, `provided key ${i + 1}`), source: 'provided' }));
    const env = (this.opts.env ?? process.env)[KEY_ENV];
    if (env !== undefined && env.trim() !== '') {
      env.split(',').forEach((s, i) => ring.push({ ...parseKey(s, `key ${i + 1} of ${KEY_ENV}`), source: 'env' }));
    }
    const file = this.filePath();
    ring.push(...(file ? readKeyFile(file) : memoryKeys.get(this.db) ?? []));
    const seen = new Set<string>();
    return ring.filter((k) => {
      if (seen.has(k.id)) return false;
      seen.add(k.id);
      return true;
    });
  }

  private create(): PseudonymKey[] {
    const fresh = keyFromBytes(randomBytes(32), 'the new key');
    const file = this.filePath();
    if (!file) {
      memoryKeys.set(this.db, [{ ...fresh, source: 'memory' }]);
    } else {
      if (this.db.readonly) {
        throw new UsageError(`This store has no pseudonym key and is open read-only, so none can be made: give one in ${KEY_ENV}.`, 'missing_pseudonym_key');
      }
      writeKeyFile(file, [fresh], 'create');
    }
    return this.load();
  }

  /** Moves a key that an older graft kept in the database out of it (into the key file), then deletes it there, zeroed. */
  private migrateFromDatabase(): void {
    const row = this.db.prepare('SELECT value FROM secrets WHERE name = ?').get(LEGACY_KEY_NAME) as { value: Buffer } | undefined;
    if (!row) return;
    const legacy = keyFromBytes(row.value, 'the key stored in the database');
    const file = this.filePath();
    if (this.db.readonly || !file) {
      // Nothing can be written: use it from where it is.
      if (!this.ring.some((k) => k.id === legacy.id)) this.ring.push({ ...legacy, source: 'database' });
      return;
    }
    const inFile = readKeyFile(file);
    // Kept after the file's keys: it is current only when there was no other key.
    if (!inFile.some((k) => k.id === legacy.id)) writeKeyFile(file, [...inFile, legacy], inFile.length === 0 ? 'create' : 'replace');
    writeTransaction(this.db, () => {
      this.db.prepare('UPDATE secrets SET value = zeroblob(length(value)) WHERE name = ?').run(LEGACY_KEY_NAME);
      this.db.prepare('DELETE FROM secrets WHERE name = ?').run(LEGACY_KEY_NAME);
      // Versions pseudonymized before keys had ids were made with this key.
      this.db.prepare(`UPDATE head_versions SET key_id = ? WHERE key_id IS NULL AND task IN (SELECT name FROM tasks WHERE privacy = 'pseudonymize')`)
        .run(legacy.id);
    });
    // The deleted row's old page leaves the file with the log (a reader holding an old snapshot delays it to a later checkpoint).
    checkpointWal(this.db, { timeoutMs: 1000 });
    this.ring = this.load();
  }
}

/**
 * The store's current pseudonymization key, created (in the key file) on first use.
 *
 * @example
 * const key = pseudonymKey(openDb());
 * applyPrivacy(examples, { policy: 'pseudonymize', key });
 */
export function pseudonymKey(db: Db, opts: KeyRingOptions = {}): Buffer {
  return PseudonymKeys.open(db, opts).current().key;
}

/** Makes a new current key (the old ones stay usable for what they made) and returns it. */
export function rotateKey(db: Db, opts: KeyRingOptions = {}): Buffer {
  return PseudonymKeys.open(db, opts).rotate().key;
}

function readKeyFile(file: string): PseudonymKey[] {
  let text: string;
  try {
    const st = statSync(file);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new UsageError(
        `The pseudonym key file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); whoever reads it can ` +
          `reverse the pseudonyms. Run \`chmod 600 ${file}\`.`,
        'key_file_exposed',
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`The pseudonym key file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check its owner and permissions.`, 'key_file_unreadable');
  }
  let body: KeyFileBody;
  try {
    body = JSON.parse(text) as KeyFileBody;
    if (body.format !== 1 || !Array.isArray(body.keys)) throw new Error('shape');
  } catch {
    throw new UsageError(`The pseudonym key file ${file} is damaged (not graft's key format); restore it from where it was kept.`, 'key_file_damaged');
  }
  return body.keys.map((k, i) => {
    const key = parseKey(String(k.key), `key ${i + 1} of ${file}`);
    if (key.id !== k.id) throw new UsageError(`The pseudonym key file ${file} is damaged (key ${i + 1} does not match its id); restore it.`, 'key_file_damaged');
    return { ...key, source: 'file' as const };
  });
}

/**
 * Writes the key file with mode 0600 through a temporary file: `create` links it into place
 * only if no file exists (two processes making the first key agree on one), `replace` renames
 * it over the old one. Either way no reader sees half a file.
 */
function writeKeyFile(file: string, keys: readonly Pick<PseudonymKey, 'id' | 'key'>[], how: 'create' | 'replace'): void {
  const body: KeyFileBody = { format: 1, keys: keys.map((k) => ({ id: k.id, key: k.key.toString('base64') })) };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(body, null, 1) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600); // whatever the umask
  try {
    if (how === 'replace') renameSync(tmp, file);
    else linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed into place
    }
  }
}
