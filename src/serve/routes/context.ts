/** What every route module is given: the workspace and the server's parts around it. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Workspace } from '../../pipeline/index.js';
import type { CallResults, JobRunner, JobWork, WorkspaceCall } from '../../jobs/index.js';
import type { ApiKeyStore } from '../../store/index.js';
import type { EmbedBatching } from '../batching.js';
import type { PredictBatcher } from '../predict-batching.js';
import type { ServerMetrics } from '../metrics.js';
import type { ServeLimits } from '../options.js';

/** The Fastify app with zod schemas as its type provider. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteContext {
  ws: Workspace;
  /** Predictions through continuous batching (concurrent requests for a task share one call). */
  predictor: PredictBatcher;
  limits: ServeLimits;
  metrics: ServerMetrics;
  jobs: JobRunner;
  /** A job's work: the Workspace call (in a job thread when the server has them), its result formatted for the job record. */
  work<C extends WorkspaceCall>(call: C, format: (result: CallResults[C['op']]) => unknown): JobWork;
  keys: ApiKeyStore;
  /** Backbones offered to `/v1/embeddings`; the first is the default. */
  backbones: readonly string[];
  batching: EmbedBatching | undefined;
  version: string;
  keysRequired: () => boolean;
  /** The default backbone's state, for `/readyz`. */
  readiness: { store: () => boolean; backbone: 'ready' | 'loading' | 'failed' | 'none' };
  /** Open event streams, ended when the server closes. */
  streams: Set<{ end(): void }>;
}
