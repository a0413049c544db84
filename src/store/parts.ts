/**
 * Content-addressed parts of stored JSON documents. Every string of PART_MIN_CHARS or more in
 * a document (the base64 of weights, reference rows, saved searches) is kept once, by its
 * SHA-256, in table `parts`, and replaced in the document by `{ "$part": sha256 }`; a link row
 * (`head_links` for head versions, `novelty_links` for novelty detectors) says which version
 * holds it. Consecutive versions of a task share most parts, so a forget that changes one
 * shard of a head or one block of a detector writes, and deletes, only those. A part goes with
 * its last link (triggers in db.ts), zeroed on disk by secure_delete.
 */
import { sha256 } from '../core/index.js';
import type { Db } from './db.js';
import { dbFilePath } from './db-path.js';
import { corrupt } from './errors.js';

/** Strings at least this long are stored as parts (a detector's saved search of 50 rows × 5 neighbours is 2,668). */
export const PART_MIN_CHARS = 2048;
const PART = '$part';
/** Hashes per `IN (...)` list: well under SQLite's variable limit. */
const CHUNK = 500;

/** The tables that link versions to parts. */
export type PartLinks = 'head_links' | 'novelty_links';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class PartStore {
  constructor(private readonly db: Db) {}

  /**
   * The document text of `value` with its long strings stored as parts linked to (task,
   * version) in `links`. Call inside the transaction that writes the document.
   */
  write(value: unknown, links: PartLinks, task: string, version: number): string {
    const parts = new Map<string, string>();
    const doc = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'string' || v.length < PART_MIN_CHARS) return v;
      const hash = sha256(v);
      parts.set(hash, v);
      return { [PART]: hash };
    });
    const part = this.db.prepare('INSERT OR IGNORE INTO parts (hash, body) VALUES (?, ?)');
    const link = this.db.prepare(`INSERT INTO ${links} (task, version, hash) VALUES (?, ?, ?)`);
    for (const [hash, body] of parts) {
      part.run(hash, body);
      link.run(task, version, hash);
    }
    return doc;
  }

  /** A document (or a value read out of one) with its parts put back. */
  read<T>(text: string): T {
    let value: Json;
    try {
      value = JSON.parse(text) as Json;
    } catch (e) {
      throw corrupt(dbFilePath(this.db) ?? ':memory:', e);
    }
    const hashes = new Set<string>();
    collect(value, hashes);
    return (hashes.size === 0 ? value : resolve(value, this.bodies([...hashes]))) as T;
  }

  private bodies(hashes: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const chunk = hashes.slice(i, i + CHUNK);
      const rows = this.db.prepare(`SELECT hash, body FROM parts WHERE hash IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as Array<{ hash: string; body: string }>;
      for (const r of rows) out.set(r.hash, r.body);
    }
    const missing = hashes.filter((h) => !out.has(h));
    if (missing.length > 0) {
      throw corrupt(dbFilePath(this.db) ?? ':memory:', new Error(`a saved document refers to ${missing.length} part(s) the store no longer holds`));
    }
    // Parts are named by their SHA-256: a body that no longer matches was damaged in the file.
    const damaged = [...out].filter(([hash, body]) => sha256(body) !== hash).length;
    if (damaged > 0) throw corrupt(dbFilePath(this.db) ?? ':memory:', new Error(`${damaged} saved part(s) no longer match their hash`));
    return out;
  }
}

function partHash(v: Json): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === PART && typeof v[PART] === 'string' ? v[PART] : undefined;
}

function collect(v: Json, into: Set<string>): void {
  if (v === null || typeof v !== 'object') return;
  const h = partHash(v);
  if (h !== undefined) into.add(h);
  else for (const x of Array.isArray(v) ? v : Object.values(v)) collect(x, into);
}

function resolve(v: Json, bodies: ReadonlyMap<string, string>): Json {
  if (v === null || typeof v !== 'object') return v;
  const h = partHash(v);
  if (h !== undefined) return bodies.get(h)!;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = resolve(v[i]!, bodies);
  } else {
    for (const k of Object.keys(v)) v[k] = resolve(v[k]!, bodies);
  }
  return v;
}
