/** What `createServer` takes besides the workspace, and the defaults behind each limit. */
import type { FastifyBaseLogger } from 'fastify';
import { UsageError } from '../core/index.js';
import type { Db } from '../store/index.js';
import type { JobRunnerOptions, JobThreadWorkspace } from '../jobs/index.js';
import type { EmbedBatching } from './batching.js';

export interface ServeLimits {
  /** Largest JSON body, in bytes (413 beyond). Default 4 MiB: 256 texts of 16k characters. */
  bodyBytes: number;
  /** Most texts in one predict or embeddings request (400 beyond). Default 256. */
  texts: number;
  /** Longest text, in characters (400 beyond). Default 20,000: use-lite reads 512 tokens, about 2,500 characters; the rest is cut and reported. */
  chars: number;
  /** Largest uploaded data file, in bytes (413 beyond). Default 64 MiB. */
  uploadBytes: number;
  /** Most rows in a fit or evaluation (400 beyond). Default 200,000. */
  rows: number;
}

export const DEFAULT_LIMITS: Readonly<ServeLimits> = Object.freeze({
  bodyBytes: 4 * 1024 * 1024,
  texts: 256,
  chars: 20_000,
  uploadBytes: 64 * 1024 * 1024,
  rows: 200_000,
});

export interface ServerOptions {
  /** pino logger (fastify's): JSON lines with request ids. Default: silent. */
  logger?: FastifyBaseLogger;
  /**
   * Database for the server's own state (API keys, jobs). Default: a connection to the
   * workspace's `graft.db`, closed with the server.
   */
  db?: Db;
  /**
   * Every request needs a key, even while none exists (answered 401). `listen` sets it when
   * the server binds beyond loopback; on loopback a key is needed only once one exists.
   */
  requireKeys?: boolean;
  limits?: Partial<ServeLimits>;
  /** Requests a minute for a key created without its own rate. Default 600. */
  ratePerMinute?: number;
  /**
   * Backbones offered by `/v1/embeddings` and listed by `/v1/info`; the first is the default,
   * loaded at start (`/readyz` answers 503 until it is). Default: the registry's default backbone
   * (`graft serve` offers the two bundled ones).
   */
  backbones?: readonly string[];
  /**
   * The batching layer the workspace's backbones were opened through (see `EmbedBatching`):
   * gives the metrics of batches and queues, and loads the default backbone at start.
   */
  batching?: EmbedBatching;
  jobs?: JobRunnerOptions & {
    /** On close, how long running jobs may take to finish before they are stopped (default 10 s). */
    graceMs?: number;
    /**
     * Each job runs in a worker thread with its own workspace on this store: the server keeps
     * answering while a job computes, and a cancel stops it at once. The thread opens its
     * workspace with graft's registry of backbones, except that the backbones of `batching` that
     * hold a model embed on the server's loaded copy. Default: `{ home: ws.home }`, the rules'
     * default detection; a workspace opened with other detection settings gives them here
     * (`graft serve` does). `false`: jobs run in this thread on the given workspace (its own
     * backbone factory), and a cancel waits for the head's next check of its signal.
     */
    thread?: JobThreadWorkspace | false;
  };
  /**
   * Folder of the built dashboard, served at `/` (default: the package's `dist/web`, built by
   * `npm run build`); `false` serves none.
   */
  dashboard?: string | false;
  /** graft's version, for `/v1/info` and the OpenAPI document. */
  version?: string;
}

export function resolveLimits(given: Partial<ServeLimits> = {}): ServeLimits {
  const out = { ...DEFAULT_LIMITS, ...given };
  for (const [k, v] of Object.entries(out)) {
    if (!Number.isInteger(v) || v < 1) throw new UsageError(`Server limit ${k} must be a positive whole number, got ${v}.`, 'bad_limit');
  }
  return out;
}
