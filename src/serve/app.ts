/**
 * `createServer(workspace, options)`: the HTTP API over one Workspace. Routes parse (zod), call
 * a Workspace method, and format; authentication, limits, errors and metrics are hooks around
 * them. The app is returned ready and is tested with `app.inject` without a port; `listen.ts`
 * binds it.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEFAULT_BACKBONE } from '../backbones/index.js';
import type { Workspace } from '../pipeline/index.js';
import { graftVersion } from '../pipeline/index.js';
import { JobRunner, jobWork } from '../jobs/index.js';
import { ApiKeyStore, JobStore, openDb } from '../store/index.js';
import { authenticate } from './auth.js';
import { errorHandler } from './errors.js';
import { serverJobThreads } from './job-threads.js';
import { ServerMetrics } from './metrics.js';
import { PredictBatcher } from './predict-batching.js';
import { resolveLimits } from './options.js';
import type { ServerOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import type { App, RouteContext } from './routes/context.js';
import { adviceRoutes } from './routes/advice.js';
import { embeddingsRoutes } from './routes/embeddings.js';
import { jobRoutes } from './routes/jobs.js';
import { meRoutes, recordAccess } from './routes/me.js';
import { predictRoutes } from './routes/predict.js';
import { runRoutes } from './routes/runs.js';
import { serviceRoutes } from './routes/service.js';
import { taskRoutes } from './routes/tasks.js';
import { trainRoutes } from './routes/train.js';
import { uploadRoutes } from './routes/uploads.js';
import { dashboardRoutes } from './static.js';

export type GraftServer = App;

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Field values of a multipart upload are options (short); the file is the data. */
const MULTIPART_FIELD_BYTES = 64 * 1024;

/**
 * Builds the server over a workspace. Closing the app stops its jobs (running ones get
 * `options.jobs.graceMs` to finish) and closes the server's own database connection; the
 * workspace stays open (its owner closes it).
 *
 * @example
 * const batching = new EmbedBatching();
 * const ws = openWorkspace({ home, backbones: batching.factory(), onEmbed: batching.observe });
 * const app = await createServer(ws, { batching, backbones: [DEFAULT_BACKBONE] });
 * const res = await app.inject({ method: 'POST', url: '/v1/tasks/spam/predict', payload: { texts: ['win a prize'] } });
 */
export async function createServer(ws: Workspace, options: ServerOptions = {}): Promise<GraftServer> {
  const limits = resolveLimits(options.limits);
  const db = options.db ?? openDb(ws.home);
  const keys = new ApiKeyStore(db);
  const jobStore = new JobStore(db);
  const app: App = Fastify({
    loggerInstance: options.logger,
    bodyLimit: limits.bodyBytes,
    // An upstream proxy's request id is kept when it looks like one; otherwise the server makes one.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Event streams are closed by the preClose hook; other idle connections at once.
    forceCloseConnections: 'idle',
    // One line per request (onResponse, below) instead of Fastify's two ("incoming request" and
    // "request completed"): pino writes each line to stdout synchronously, a write call apiece.
    disableRequestLogging: true,
  }).withTypeProvider<ZodTypeProvider>();

  // (read at each scrape, once `jobs` exists)
  const metrics = new ServerMetrics({ jobsActive: () => jobs.active });
  const jobs = new JobRunner(jobStore, {
    ...options.jobs,
    onFinish: (job, seconds) => metrics.jobEnded(job, seconds),
    onError: (job, err) => app.log.error({ err, job: job.id }, 'job failed unexpectedly'),
  });
  options.batching?.setMonitor(metrics);
  const backbones = options.backbones ?? [DEFAULT_BACKBONE];
  const threads = serverJobThreads(ws, options.jobs?.thread, options.batching, backbones, {
    log: (level, fields, message) => app.log[level](fields, message), ...(options.batching ? { onEmbed: options.batching.observe } : {}),
  });
  const ctx: RouteContext = {
    ws, predictor: new PredictBatcher(ws, { maxTexts: Math.max(limits.texts, 256) }), limits, metrics, jobs, keys,
    work: (call, format) => jobWork(ws, threads, call, format), backbones, batching: options.batching, version: options.version ?? graftVersion(),
    keysRequired: () => options.requireKeys === true || keys.anyActive(),
    readiness: {
      store: () => { try { db.prepare('SELECT 1').get(); return true; } catch { return false; } },
      backbone: options.batching && backbones.length > 0 ? 'loading' : 'none',
    },
    streams: new Set(),
  };

  // JSON or multipart only: a text/plain body is refused (415) rather than read as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  // Answers are serialized as they are; the tests hold each to its documented schema.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler(limits));
  app.setNotFoundHandler((req, reply) => reply.code(404).send({
    error: { code: 'no_route', message: `There is no ${req.method} ${req.url.split('?')[0]}; the API is described at /docs and /openapi.json.` },
  }));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'graft', version: ctx.version, description: 'Frozen backbones, small task heads: predictions, embeddings (OpenAI-compatible), fits and evaluations as jobs, privacy scans and exact unlearning.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from `graft keys create` (not needed on loopback while no key exists).' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyMultipart, { limits: { fileSize: limits.uploadBytes, files: 1, fields: 32, fieldSize: MULTIPART_FIELD_BYTES, parts: 40 } });

  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', authenticate({ keys, requireKeys: options.requireKeys === true, limiter: new RateLimiter(), ratePerMinute: options.ratePerMinute ?? 600 }));
  app.addHook('onSend', async (req, reply) => { void reply.header('x-request-id', req.id); });
  app.addHook('onResponse', async (req, reply) => {
    metrics.request(req.routeOptions.url ?? 'unmatched', req.method, reply.statusCode, reply.elapsedTime / 1000);
    // (the request id comes with req.log; a URL never holds a text: texts travel in bodies)
    req.log.info({ req: { method: req.method, url: req.url, remoteAddress: req.ip }, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime }, 'request completed');
  });

  const declared = recordAccess(app);
  app.get('/openapi.json', { config: { access: { scope: 'public' } }, schema: { hide: true } }, async () => app.swagger());
  serviceRoutes(app, ctx);
  predictRoutes(app, ctx);
  embeddingsRoutes(app, ctx);
  taskRoutes(app, ctx);
  trainRoutes(app, ctx);
  adviceRoutes(app, ctx);
  jobRoutes(app, ctx);
  runRoutes(app, ctx);
  uploadRoutes(app, ctx);
  meRoutes(app, ctx, declared);
  dashboardRoutes(app, options.dashboard);

  app.addHook('preClose', async () => {
    for (const s of [...ctx.streams]) s.end();
  });
  app.addHook('onClose', async () => {
    await jobs.close(options.jobs?.graceMs ?? 10_000);
    await threads?.close();
    options.batching?.setMonitor(undefined);
    if (options.db === undefined) db.close();
  });

  await app.ready();
  if (options.batching && backbones[0]) void warm(app, ctx, options.batching, backbones[0]);
  return app;
}

/**
 * Loads the default backbone's model, and the privacy stage's detectors (their word lists are
 * built on first use: ~0.1 s), so that `/readyz` turns ready and the first request is fast.
 */
async function warm(app: App, ctx: RouteContext, batching: NonNullable<ServerOptions['batching']>, name: string): Promise<void> {
  try {
    await ctx.ws.embed(name, []);
    await Promise.all([batching.warm(name), ctx.ws.scan({ texts: ['Warm-up: Dr. Jane Smith, 221B Baker Street, +44 20 7946 0958'] })]);
    ctx.readiness.backbone = 'ready';
  } catch (err) {
    ctx.readiness.backbone = 'failed';
    app.log.error({ err, backbone: name }, 'the default backbone failed to load');
  }
}
