/**
 * Who may call what. Each route declares its `access`: a scope (`predict` ⊂ `train` ⊂ `admin`)
 * and how a key limited to named tasks is checked. Without any live key, a server on loopback
 * answers everyone (a local tool); once a key exists, or when the server binds beyond loopback,
 * every non-public route needs `Authorization: Bearer <key>`.
 */
import type { FastifyRequest } from 'fastify';
import { scopeAllows } from '../store/index.js';
import type { ApiKey, ApiKeyStore, ApiScope } from '../store/index.js';
import { AuthError, ForbiddenError, RateLimitError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * How a route checks a task-limited key: `param` — the `{task}` in the path must be one of
 * its tasks; `handler` — the handler checks the tasks it finds (in the body, on a job);
 * `free` — the route names no task (embeddings, scan, info); `all` — the route reaches every
 * task (runs, evaluations, metrics), so a task-limited key may not call it.
 */
export type TaskRule = 'param' | 'handler' | 'free' | 'all';

export type Access = { scope: 'public' } | { scope: ApiScope; tasks: TaskRule };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The key the request came with; null when the server needs none. */
    apiKey: ApiKey | null;
  }
}

export interface AuthDeps {
  keys: ApiKeyStore;
  requireKeys: boolean;
  limiter: RateLimiter;
  ratePerMinute: number;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `read()`, asked at most once per turn of the event loop: the requests parsed in one turn (under
 * load, one per ready connection) share the answer, which is read again in the next turn. A
 * change committed meanwhile (a key created by the CLI) is seen by every request that arrives
 * after it, as when each asked the store itself.
 */
export function oncePerTurn<T>(read: () => T): () => T {
  let value: T;
  let fresh = false;
  const stale = () => { fresh = false; };
  return () => {
    if (!fresh) {
      value = read();
      fresh = true;
      setImmediate(stale);
    }
    return value;
  };
}

/** The onRequest hook: 401 without a valid key, 403 without the scope or task, 429 over the key's rate. */
export function authenticate(deps: AuthDeps) {
  // a query of the store per request otherwise, the same answer for all of a turn's requests
  const anyActive = oncePerTurn(() => deps.keys.anyActive());
  return async (req: FastifyRequest): Promise<void> => {
    req.apiKey = null;
    const access = req.routeOptions.config.access;
    if (!access || access.scope === 'public') return;
    if (!deps.requireKeys && !anyActive()) return;
    const header = req.headers.authorization;
    if (!header) throw new AuthError('This server needs an API key: send "Authorization: Bearer graft_…" (an admin creates one with `graft keys create`).');
    const m = BEARER.exec(header);
    const key = m ? deps.keys.verify(m[1]!) : undefined;
    if (!key) throw new AuthError('The API key is not valid: it is mistyped, unknown or revoked. Check it, or ask an admin for a new one (`graft keys list`).');
    if (!scopeAllows(key.scope, access.scope)) {
      throw new ForbiddenError(`Key ${key.id} has the scope "${key.scope}"; ${req.method} ${req.routeOptions.url} needs "${access.scope}".`);
    }
    if (key.tasks !== null) {
      if (access.tasks === 'all') {
        throw new ForbiddenError(`Key ${key.id} is limited to the tasks ${key.tasks.join(', ')}; ${req.method} ${req.routeOptions.url} reaches every task and needs a key without task limits.`);
      }
      if (access.tasks === 'param') assertTask(key, (req.params as { task?: string }).task ?? '');
    }
    const rate = key.ratePerMinute ?? deps.ratePerMinute;
    const wait = deps.limiter.take(key.id, rate);
    if (wait > 0) throw new RateLimitError(wait, rate);
    req.apiKey = key;
  };
}

/** Throws 403 unless the request's key may use `task` (any key may when it has no task limits). */
export function allowTask(req: FastifyRequest, task: string): void {
  if (req.apiKey?.tasks) assertTask(req.apiKey, task);
}

/** Whether the request's key may see `task`. */
export function canSeeTask(req: FastifyRequest, task: string | null): boolean {
  const tasks = req.apiKey?.tasks;
  return !tasks || (task !== null && tasks.includes(task));
}

function assertTask(key: ApiKey, task: string): void {
  if (!key.tasks!.includes(task)) {
    throw new ForbiddenError(`Key ${key.id} is limited to the tasks ${key.tasks!.join(', ')}; it may not use task "${task}".`);
  }
}
