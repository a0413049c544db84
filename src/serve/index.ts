/**
 * serve: the HTTP API over a Workspace (`createServer`), its request batching
 * (`EmbedBatching`), and binding it to a port with the loopback rule and a clean shutdown
 * (`listen`).
 */
export { createServer } from './app.js';
export type { GraftServer } from './app.js';
export { EmbedBatching, BatchingBackbone } from './batching.js';
export type { BatchingOptions, BatchingMonitor } from './batching.js';
export { DEFAULT_LIMITS } from './options.js';
export type { ServerOptions, ServeLimits } from './options.js';
export { AuthError, ForbiddenError, RateLimitError, LimitError, UnavailableError, ConflictError } from './errors.js';
export { listen, isLoopback } from './listen.js';
export type { ListenOptions, RunningServer } from './listen.js';
export { PredictBatcher } from './predict-batching.js';
export type { PredictBatchingOptions } from './predict-batching.js';
