/**
 * Out-of-distribution detectors saved beside head versions: `predict` flags inputs unlike
 * the training data with them. Stored as the detector's own JSON (eval's OodDetectorJSON);
 * the store does not interpret it, except that every string of PART_MIN_CHARS or more (the
 * base64 of reference rows and saved searches) is stored apart, once per content, in
 * `novelty_parts`, and replaced in the document by `{ "$part": sha256 }`. Consecutive
 * versions of a task share most parts, so a forget that changes one block of a detector
 * writes (and, through the links, deletes) only that block's parts.
 */
import { sha256 } from '../core/index.js';
import type { Db } from './db.js';

/** Strings at least this long are stored as parts (a saved search of 50 rows × 5 neighbours is 2,668). */
export const PART_MIN_CHARS = 2048;
const PART = '$part';
/** Hashes per `IN (...)` list: well under SQLite's variable limit. */
const CHUNK = 500;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class NoveltyStore {
  constructor(private readonly db: Db) {}

  /** Saves (or replaces) the detector of a head version. Call inside the version's transaction. */
  save(task: string, version: number, detector: object): void {
    const parts = new Map<string, string>();
    const doc = JSON.stringify(detector, (_key, v: unknown) => {
      if (typeof v !== 'string' || v.length < PART_MIN_CHARS) return v;
      const hash = sha256(v);
      parts.set(hash, v);
      return { [PART]: hash };
    });
    this.db.transaction(() => {
      // An explicit delete, not INSERT OR REPLACE, so that the old links and unshared parts go (triggers in db.ts).
      this.delete(task, version);
      this.db.prepare('INSERT INTO novelty_detectors (task, version, detector) VALUES (?, ?, ?)').run(task, version, doc);
      const part = this.db.prepare('INSERT OR IGNORE INTO novelty_parts (hash, body) VALUES (?, ?)');
      const link = this.db.prepare('INSERT INTO novelty_links (task, version, hash) VALUES (?, ?, ?)');
      for (const [hash, body] of parts) {
        part.run(hash, body);
        link.run(task, version, hash);
      }
    })();
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
    if (typeof row.part !== 'string' || !/^[[{]/.test(row.part)) return row.part as T;
    const value = JSON.parse(row.part) as Json;
    const hashes = new Set<string>();
    collectParts(value, hashes);
    if (hashes.size === 0) return value as T;
    const bodies = this.bodies([...hashes]);
    return resolveParts(value, bodies) as T;
  }

  /** Removes a version's detector (when the version is deleted or unlearned), and every part no other version links. */
  delete(task: string, version: number): void {
    this.db.prepare('DELETE FROM novelty_detectors WHERE task = ? AND version = ?').run(task, version);
  }

  private bodies(hashes: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const chunk = hashes.slice(i, i + CHUNK);
      const rows = this.db.prepare(`SELECT hash, body FROM novelty_parts WHERE hash IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as Array<{ hash: string; body: string }>;
      for (const r of rows) out.set(r.hash, r.body);
    }
    const missing = hashes.filter((h) => !out.has(h));
    if (missing.length > 0) {
      throw new Error(`The saved novelty detector refers to ${missing.length} part(s) the store no longer holds; refit the task (graft fit) to save a whole one.`);
    }
    return out;
  }
}

function partHash(v: Json): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === PART && typeof v[PART] === 'string' ? v[PART] : undefined;
}

function collectParts(v: Json, into: Set<string>): void {
  if (v === null || typeof v !== 'object') return;
  const h = partHash(v);
  if (h !== undefined) into.add(h);
  else for (const x of Array.isArray(v) ? v : Object.values(v)) collectParts(x, into);
}

function resolveParts(v: Json, bodies: ReadonlyMap<string, string>): Json {
  if (v === null || typeof v !== 'object') return v;
  const h = partHash(v);
  if (h !== undefined) return bodies.get(h)!;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = resolveParts(v[i]!, bodies);
  } else {
    for (const k of Object.keys(v)) v[k] = resolveParts(v[k]!, bodies);
  }
  return v;
}
