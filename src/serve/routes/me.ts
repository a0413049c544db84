/**
 * The caller: its key, and every route its scope (and task limits) allow, so that a client such
 * as the dashboard offers only what the key may do, from the routes' own declarations.
 */
import type { RouteOptions } from 'fastify';
import { scopeAllows } from '../../store/index.js';
import type { ApiKey } from '../../store/index.js';
import type { Access } from '../auth.js';
import { MeSchema, errors } from '../schemas.js';
import type { App, RouteContext } from './context.js';

interface DeclaredRoute {
  route: string;
  access: Access;
}

/** Records each route's declared access as it is added; call before adding the routes. */
export function recordAccess(app: App): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    const access = (r.config as { access?: Access } | undefined)?.access;
    if (!access) return;
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ route: `${method} ${r.url}`, access });
    }
  });
  return routes;
}

/** Whether `key` may call a route declared with `access` (null: the server needs no key). */
function allows(key: ApiKey | null, access: Access): boolean {
  if (access.scope === 'public' || key === null) return true;
  return scopeAllows(key.scope, access.scope) && (key.tasks === null || access.tasks !== 'all');
}

export function meRoutes(app: App, ctx: RouteContext, declared: readonly DeclaredRoute[]): void {
  app.get('/v1/me', {
    config: { access: { scope: 'predict', tasks: 'free' } },
    schema: {
      summary: 'Who is calling, and what it may call',
      description: 'The request\'s key (id, scope, task limits; never its secret) and the routes it allows. Without keys (loopback, none created) every route is allowed.',
      tags: ['service'], response: { 200: MeSchema, ...errors(401, 429) },
    },
  }, async (req) => {
    const key = req.apiKey;
    return {
      key: key ? { id: key.id, scope: key.scope, tasks: key.tasks } : null,
      keysRequired: ctx.keysRequired(),
      routes: declared.filter((d) => d.access.scope !== 'public' && allows(key, d.access)).map((d) => d.route),
    };
  });
}
