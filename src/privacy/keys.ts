/**
 * The pseudonymization key: 32 random bytes in the store's `secrets` table, created on
 * first use. Rotating it changes every pseudonym from then on (old ones can no longer be
 * linked to new ones), which is the point of rotating.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';

/** Name of the row in `secrets` that holds the key. */
export const PSEUDONYM_KEY_NAME = 'privacy.pseudonym-key';

/**
 * The store's pseudonymization key, creating it on first use.
 *
 * @example
 * const key = pseudonymKey(openDb());
 * applyPrivacy(examples, { policy: 'pseudonymize', key });
 */
export function pseudonymKey(db: Db): Buffer {
  return db.transaction((): Buffer => {
    const row = db.prepare('SELECT value FROM secrets WHERE name = ?').get(PSEUDONYM_KEY_NAME) as { value: Buffer } | undefined;
    if (row) return row.value;
    const key = randomBytes(32);
    db.prepare('INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?)').run(PSEUDONYM_KEY_NAME, key, new Date().toISOString());
    return key;
  }).immediate();
}

/** Replaces the key with a fresh random one and returns it. */
export function rotateKey(db: Db): Buffer {
  const key = randomBytes(32);
  db.prepare(
    `INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
  ).run(PSEUDONYM_KEY_NAME, key, new Date().toISOString());
  return key;
}
