/**
 * A job's work as plain data — which Workspace method, on which dataset, with which options —
 * so that it runs the same in this thread or in a job thread (threads.ts), whose workspace is
 * opened on the same store.
 */
import type { JobOptions } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { AdviseOptions, BakeoffDatasetOptions, EvaluateOptions, FitTaskOptions, Workspace } from '../pipeline/index.js';
import type { JobContext, JobWork } from './runner.js';
import type { JobThreads } from './threads.js';

/** Options as data: the abort signal and the progress callback come from the job. */
type Plain<T extends JobOptions> = Omit<T, keyof JobOptions>;

export type WorkspaceCall =
  | { op: 'fit'; dataset: Dataset; options: Plain<FitTaskOptions> }
  | { op: 'evaluate'; dataset: Dataset; options: Plain<EvaluateOptions> }
  | { op: 'bakeoff'; dataset: Dataset; options: Plain<BakeoffDatasetOptions> }
  | { op: 'advise'; dataset: Dataset; options: Plain<AdviseOptions> };

/** What each call resolves to, by its `op`. */
export interface CallResults {
  fit: Awaited<ReturnType<Workspace['fit']>>;
  evaluate: Awaited<ReturnType<Workspace['evaluate']>>;
  bakeoff: Awaited<ReturnType<Workspace['bakeoff']>>;
  advise: Awaited<ReturnType<Workspace['advise']>>;
}

/** Runs the call on `ws` with the job's signal and progress. */
export function callWorkspace(ws: Workspace, call: WorkspaceCall, job: JobContext): Promise<CallResults[WorkspaceCall['op']]> {
  const { signal, onProgress } = job;
  switch (call.op) {
    case 'fit': return ws.fit(call.dataset, { ...call.options, signal, onProgress });
    case 'evaluate': return ws.evaluate(call.dataset, { ...call.options, signal, onProgress });
    case 'bakeoff': return ws.bakeoff(call.dataset, { ...call.options, signal, onProgress });
    case 'advise': return ws.advise(call.dataset, { ...call.options, signal, onProgress });
  }
}

/**
 * The job's work: the call in a job thread when `threads` is given, else on `ws` in this thread;
 * `format` makes its result the job's (plain JSON).
 */
export function jobWork<C extends WorkspaceCall>(ws: Workspace, threads: JobThreads | undefined, call: C, format: (r: CallResults[C['op']]) => unknown): JobWork {
  return async (job) => format((await (threads ? threads.run(call, job) : callWorkspace(ws, call, job))) as CallResults[C['op']]);
}
