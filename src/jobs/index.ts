/**
 * jobs: long work (fits, evaluations) run off the request path, with progress, cancellation
 * and a record in the store that outlives the process.
 */
export { JobRunner, JobQueueFullError, jobError } from './runner.js';
export type { JobContext, JobWork, JobListener, JobRunnerOptions } from './runner.js';
export { JobThreads } from './threads.js';
export type { JobThreadHooks, JobThreadOptions, SharedBackbones } from './threads.js';
export { callWorkspace, jobWork } from './calls.js';
export type { WorkspaceCall, CallResults } from './calls.js';
export type { JobThreadWorkspace } from './job-protocol.js';
