/**
 * Secret keys as values: their public ids, keyed digests (HMAC-SHA256), and how a key is
 * written. Used by privacy (pseudonyms, the finding index) and the store (where keys are kept:
 * store/key-ring.ts); nothing here reads or writes files.
 *
 * A keyed hash of a small space (SSNs, phone numbers, dates) is only as strong as the key's
 * secrecy: without the key nobody can reverse or confirm it; with it, the whole space is tried
 * in seconds.
 */
import { createHmac } from 'node:crypto';
import { UsageError } from './errors.js';

/** Bytes a key needs at least (32 recommended: what graft makes). */
export const MIN_KEY_BYTES = 16;

export interface PseudonymKey {
  /** Public name of the key (a keyed hash of a fixed string): safe to store and show. */
  id: string;
  key: Buffer;
  /** Where it came from: given by the caller, the environment, the key file, memory (in-memory stores), or the database (an older store opened read-only). */
  source: 'provided' | 'env' | 'file' | 'memory' | 'database';
}

/** What digests are made for; each purpose gives unrelated digests of the same value. */
export type DigestPurpose = 'finding' | 'forget-selector' | 'forgotten-text';

/**
 * The public id of a key: it names the key without revealing anything of it.
 *
 * @example
 * keyId(Buffer.alloc(32)) // 'k' + 16 hex digits
 */
export function keyId(key: Uint8Array): string {
  return `k${createHmac('sha256', key).update('graft pseudonym key id').digest('hex').slice(0, 16)}`;
}

/**
 * `keyId:hex` HMAC-SHA256 of `value` for `purpose` under `k`: what is stored or logged in
 * place of a value. Without the key, no guess of the value can be confirmed.
 *
 * @example
 * keyedDigest(keys.current(), 'forget-selector', 'jane@example.com') // 'k1f0c…:9a0c…'
 */
export function keyedDigest(k: Pick<PseudonymKey, 'id' | 'key'>, purpose: DigestPurpose, value: string): string {
  return `${k.id}:${createHmac('sha256', k.key).update(purpose).update('\u0000').update(value).digest('hex')}`;
}

/** A key from its bytes, checked for length. `what` names it in errors (the key is never quoted). */
export function keyFromBytes(bytes: Uint8Array, what: string): Omit<PseudonymKey, 'source'> {
  const key = Buffer.from(bytes);
  if (key.length < MIN_KEY_BYTES) {
    throw new UsageError(
      `${what} is ${key.length} bytes; a pseudonym key needs at least ${MIN_KEY_BYTES} random bytes (32 recommended), written as hex ` +
        'or base64, e.g. the output of `openssl rand -hex 32`.',
      'bad_pseudonym_key',
    );
  }
  return { id: keyId(key), key };
}

/**
 * A key written as hex (an even number of hex digits) or base64. `what` names it in errors.
 *
 * @example
 * parseKey(process.env.GRAFT_PSEUDONYM_KEY!, 'GRAFT_PSEUDONYM_KEY')
 */
export function parseKey(text: string, what: string): Omit<PseudonymKey, 'source'> {
  const s = text.trim();
  const bytes = /^[0-9a-fA-F]+$/.test(s) && s.length % 2 === 0 ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
  return keyFromBytes(bytes, what);
}
