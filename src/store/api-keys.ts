/**
 * API keys for `graft serve`. A key is shown once, when it is created; the store keeps only
 * its public id and the SHA-256 of its secret part, so a copy of the database gives no key.
 * (A slow password hash buys nothing here: the secret is 256 random bits, not a password.)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError, UsageError } from '../core/index.js';
import type { Db } from './db.js';
import { validateTaskName } from './tasks.js';
import type { StoreOptions } from './tasks.js';

/** What a key may do; each scope includes the ones before it. */
export const API_SCOPES = Object.freeze(['predict', 'train', 'admin'] as const);
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKey {
  /** Public part of the key (`k_` and 12 hex digits): shown in lists, used to revoke. */
  id: string;
  name: string | null;
  scope: ApiScope;
  /** Tasks the key is limited to, or null for every task. */
  tasks: string[] | null;
  /** Requests per minute this key may make, or null for the server's default. */
  ratePerMinute: number | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiKey {
  scope: string;
  tasks?: readonly string[];
  name?: string;
  ratePerMinute?: number;
}

interface KeyRow { id: string; hash: string; name: string | null; scope: string; tasks: string | null; rate_per_minute: number | null; created_at: string; revoked_at: string | null }

const KEY_FORMAT = /^graft_(k_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** Whether `scope` includes `needed` (admin ⊇ train ⊇ predict). */
export function scopeAllows(scope: ApiScope, needed: ApiScope): boolean {
  return API_SCOPES.indexOf(scope) >= API_SCOPES.indexOf(needed);
}

/** The scope named by `s`, or a UsageError listing the scopes. */
export function parseScope(s: string): ApiScope {
  if ((API_SCOPES as readonly string[]).includes(s)) return s as ApiScope;
  throw new UsageError(`Unknown scope "${s}"; scopes are ${API_SCOPES.join(', ')} (each includes the ones before it).`, 'bad_scope');
}

/**
 * API keys in the graft database.
 *
 * @example
 * const keys = new ApiKeyStore(openDb());
 * const { key, secret } = keys.create({ scope: 'predict', tasks: ['spam'] }); // print `secret` once
 * keys.verify(secret)?.scope; // 'predict'
 */
export class ApiKeyStore {
  private readonly now: () => Date;
  private readonly byId;
  private readonly active;

  constructor(private readonly db: Db, opts: StoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.active = db.prepare('SELECT 1 FROM api_keys WHERE revoked_at IS NULL LIMIT 1').pluck();
  }

  /** Creates a key; `secret` is the whole key, to be shown once and never again. */
  create(spec: NewApiKey): { key: ApiKey; secret: string } {
    const scope = parseScope(spec.scope);
    const tasks = spec.tasks && spec.tasks.length > 0 ? [...new Set(spec.tasks)].sort() : null;
    for (const t of tasks ?? []) validateTaskName(t);
    const rate = spec.ratePerMinute;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1)) {
      throw new UsageError(`A key's rate must be a whole number of requests per minute, at least 1; got ${rate}.`, 'bad_rate');
    }
    const id = `k_${randomBytes(6).toString('hex')}`;
    const secretPart = randomBytes(32).toString('base64url');
    const createdAt = this.now().toISOString();
    this.db.prepare('INSERT INTO api_keys (id, hash, name, scope, tasks, rate_per_minute, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, digest(secretPart), spec.name ?? null, scope, tasks && JSON.stringify(tasks), rate ?? null, createdAt);
    return {
      key: { id, name: spec.name ?? null, scope, tasks, ratePerMinute: rate ?? null, createdAt, revokedAt: null },
      secret: `graft_${id}_${secretPart}`,
    };
  }

  /** The live key this secret belongs to, or undefined (malformed, unknown, wrong secret or revoked). */
  verify(secret: string): ApiKey | undefined {
    const m = KEY_FORMAT.exec(secret);
    if (!m) return undefined;
    const row = this.byId.get(m[1]) as KeyRow | undefined;
    if (!row || row.revoked_at !== null) return undefined;
    const a = Buffer.from(row.hash, 'hex');
    const b = Buffer.from(digest(m[2]!), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? toKey(row) : undefined;
  }

  /** Whether any key is live: without one, the server answers only on loopback. */
  anyActive(): boolean {
    return this.active.get() !== undefined;
  }

  /** Every key, live and revoked, oldest first (never the secrets: they are not kept). */
  list(): ApiKey[] {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as KeyRow[]).map(toKey);
  }

  /** Revokes a key by its id; revoking twice is harmless. */
  revoke(id: string): ApiKey {
    const row = this.byId.get(id) as KeyRow | undefined;
    if (!row) throw new NotFoundError(`No API key "${id}"; see the ids with \`graft keys list\`.`, 'unknown_key');
    if (row.revoked_at === null) {
      row.revoked_at = this.now().toISOString();
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(row.revoked_at, id);
    }
    return toKey(row);
  }
}

function digest(secretPart: string): string {
  return createHash('sha256').update(secretPart).digest('hex');
}

function toKey(r: KeyRow): ApiKey {
  return {
    id: r.id, name: r.name, scope: r.scope as ApiScope, tasks: r.tasks === null ? null : (JSON.parse(r.tasks) as string[]),
    ratePerMinute: r.rate_per_minute, createdAt: r.created_at, revokedAt: r.revoked_at,
  };
}
