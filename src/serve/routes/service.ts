/** The service itself: liveness, readiness, metrics, what the server offers, and the PII scan. */
import { API_SCOPES } from '../../store/index.js';
import { TextSchema, HealthSchema, InfoSchema, ReadySchema, ScanSchema, errors, scanBody } from '../schemas.js';
import { countTokens, maxTokensOf } from '../tokens.js';
import type { App, RouteContext } from './context.js';

export function serviceRoutes(app: App, ctx: RouteContext): void {
  app.get('/healthz', {
    config: { access: { scope: 'public' } },
    schema: { summary: 'Alive', tags: ['service'], response: { 200: HealthSchema } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { access: { scope: 'public' } },
    schema: {
      summary: 'Ready to answer', description: '503 until the store is open and the default backbone\'s model is loaded.',
      tags: ['service'], response: { 200: ReadySchema, 503: ReadySchema },
    },
  }, async (_req, reply) => {
    const store = ctx.readiness.store() ? 'ok' as const : 'failed' as const;
    const backbone = ctx.readiness.backbone;
    const ready = store === 'ok' && (backbone === 'ready' || backbone === 'none');
    return reply.code(ready ? 200 : 503).send({ ready, checks: { store, backbone } });
  });

  app.get('/metrics', {
    config: { access: { scope: 'predict', tasks: 'all' } },
    schema: { summary: 'Prometheus metrics', tags: ['service'], produces: ['text/plain'], response: { 200: TextSchema, ...errors(401, 403, 429) } },
  }, async (_req, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(body);
  });

  app.get('/v1/info', {
    config: { access: { scope: 'predict', tasks: 'free' } },
    schema: { summary: 'What this server offers: backbones, limits, batching, auth', tags: ['service'], response: { 200: InfoSchema, ...errors(401, 403, 429) } },
  }, async () => {
    const backbones = [];
    for (const name of ctx.backbones) {
      // Opens the backbone if no request has yet (its model loads only on a first embedding).
      const { backbone: id, matrix } = await ctx.ws.embed(name, []);
      const raw = ctx.batching?.backbones().get(name)?.inner;
      backbones.push({
        name, id, dim: matrix.cols, maxTokens: raw ? maxTokensOf(raw) : null,
        tokens: raw && countTokens(raw, []).exact ? 'exact' as const : 'estimated' as const,
      });
    }
    return {
      version: ctx.version, backbones, limits: ctx.limits, batching: ctx.batching?.options ?? null,
      auth: { keysRequired: ctx.keysRequired(), scopes: [...API_SCOPES] },
    };
  });

  app.post('/v1/scan', {
    config: { access: { scope: 'predict', tasks: 'free' } },
    schema: {
      summary: 'Find private data in texts',
      description: 'Counts by type, positions, and masked samples (the value\'s shape, never the value). Nothing is stored.',
      tags: ['privacy'], body: scanBody(ctx.limits), response: { 200: ScanSchema, ...errors(400, 401, 403, 413, 429) },
    },
  }, async (req) => {
    const { source: _source, seconds: _seconds, byColumn: _byColumn, ...report } = await ctx.ws.scan({ texts: req.body.texts });
    return report;
  });
}
