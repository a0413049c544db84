/**
 * Runs long work (fits, evaluations) off the request path: queued, a few at a time, with
 * progress, cancellation through an AbortSignal, and every state change recorded in the store
 * so that `GET /v1/jobs/{id}` reads the same from any process, and a job whose process died
 * reads as interrupted after a restart.
 */
import { CancelledError, GraftError } from '../core/index.js';
import type { Progress } from '../core/index.js';
import { FINISHED_STATES } from '../store/index.js';
import type { Job, JobError, JobState, JobStore } from '../store/index.js';

/** What a job's work is given: an abort signal to honour and a progress callback. */
export interface JobContext {
  signal: AbortSignal;
  onProgress: (p: Progress) => void;
}

/** The work of a job; what it returns (plain JSON) becomes the job's result. */
export type JobWork = (ctx: JobContext) => Promise<unknown>;

/** What subscribers hear: the job as it is now, after a change of state or progress. */
export type JobListener = (job: Job) => void;

export interface JobRunnerOptions {
  /** Jobs running at once (default 1: a fit already keeps the cores busy). */
  concurrency?: number;
  /** Jobs waiting beyond the running ones; more are refused with 429 (default 16). */
  maxQueued?: number;
  /** Least milliseconds between two progress writes to the store (default 250). */
  progressIntervalMs?: number;
  /** Called when a job ends, with how long it ran (metrics). */
  onFinish?: (job: Job, seconds: number) => void;
  /** Called with an unexpected (non-GraftError) failure, for the server log. */
  onError?: (job: Job, error: unknown) => void;
}

interface Live {
  job: Job;
  work: JobWork;
  abort: AbortController;
  /** Why the work was stopped: a user's cancel, or the server shutting down. */
  stopping?: 'cancelled' | 'interrupted';
  settled: Promise<Job>;
  settle: (job: Job) => void;
  listeners: Set<JobListener>;
  lastWrite: number;
  started: number;
}

/** Raised when the queue is full. */
export class JobQueueFullError extends GraftError {
  constructor(limit: number) {
    super(`The job queue is full (${limit} jobs waiting); try again when a running job has finished.`, { code: 'queue_full', status: 429 });
  }
}

/**
 * @example
 * const runner = new JobRunner(new JobStore(db));
 * const job = runner.submit({ kind: 'fit', task: 'spam' }, ({ signal, onProgress }) => ws.fit(ds, { ...opts, signal, onProgress }));
 * runner.subscribe(job.id, (j) => console.log(j.state, j.progress));
 */
export class JobRunner {
  private readonly live = new Map<string, Live>();
  private readonly queue: Live[] = [];
  private running = 0;
  private closing = false;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly interval: number;

  constructor(private readonly store: JobStore, private readonly opts: JobRunnerOptions = {}) {
    this.concurrency = opts.concurrency ?? 1;
    this.maxQueued = opts.maxQueued ?? 16;
    this.interval = opts.progressIntervalMs ?? 250;
    // Jobs left unfinished by a process that died read as interrupted from now on.
    store.sweepInterrupted();
  }

  /** Queues work; it starts when a slot is free. Returns the job as recorded (queued). */
  submit(spec: { kind: string; task?: string | null }, work: JobWork): Job {
    if (this.closing) throw new GraftError('The server is shutting down and takes no new jobs; submit it again after the restart.', { code: 'shutting_down', status: 503 });
    if (this.queue.length >= this.maxQueued) throw new JobQueueFullError(this.maxQueued);
    const job = this.store.create(spec);
    let settle!: (j: Job) => void;
    const settled = new Promise<Job>((r) => (settle = r));
    const l: Live = { job, work, abort: new AbortController(), settled, settle, listeners: new Set(), lastWrite: 0, started: 0 };
    this.live.set(job.id, l);
    this.queue.push(l);
    this.pump();
    return job;
  }

  /** The job now: live progress for a job of this process, else the store's record. */
  get(id: string): Job {
    return this.live.get(id)?.job ?? this.store.get(id);
  }

  list(filter: { state?: JobState; task?: string; limit?: number } = {}): Job[] {
    return this.store.list(filter).map((j) => this.live.get(j.id)?.job ?? j);
  }

  /**
   * Cancels a job and resolves when it has stopped: a queued job at once, a running one at
   * its next check of the signal (nothing it did is kept). A job that ended first is
   * returned as it ended (check its state).
   */
  async cancel(id: string): Promise<Job> {
    const l = this.live.get(id);
    if (!l) return this.store.get(id);
    return this.stop(l, 'cancelled');
  }

  /** Calls `listener` on every change of the job until it ends; returns the unsubscribe function. */
  subscribe(id: string, listener: JobListener): () => void {
    const l = this.live.get(id);
    if (!l) return () => {};
    l.listeners.add(listener);
    return () => l.listeners.delete(listener);
  }

  /** Resolves with the job once it has ended (at once for a job already ended). */
  async settled(id: string): Promise<Job> {
    return this.live.get(id)?.settled ?? this.store.get(id);
  }

  /** Jobs queued or running in this process. */
  get active(): number {
    return this.live.size;
  }

  /**
   * Stops taking jobs, lets running ones finish for up to `graceMs`, then stops the rest:
   * they (and every queued job) end as interrupted, with nothing of theirs kept.
   */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    for (const l of [...this.queue]) void this.stop(l, 'interrupted');
    const all = [...this.live.values()].map((l) => l.settled);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
    await Promise.race([Promise.all(all), grace]);
    clearTimeout(timer);
    await Promise.all([...this.live.values()].map((l) => this.stop(l, 'interrupted')));
  }

  private stop(l: Live, why: 'cancelled' | 'interrupted'): Promise<Job> {
    const i = this.queue.indexOf(l);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.end(l, why, { error: stopError(why) });
    } else if (!l.stopping) {
      l.stopping = why;
      l.abort.abort(new CancelledError());
    }
    return l.settled;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const l = this.queue.shift()!;
      this.running++;
      // Started on a later turn of the event loop: the request that submitted it answers first.
      setImmediate(() => {
        void this.run(l).finally(() => {
          this.running--;
          this.pump();
        });
      });
    }
  }

  private async run(l: Live): Promise<void> {
    this.store.start(l.job.id);
    l.started = performance.now();
    this.update(l, this.store.get(l.job.id));
    const onProgress = (p: Progress): void => {
      if (l.abort.signal.aborted) return;
      const progress = { phase: p.phase, done: p.done, total: p.total, ...(p.unit ? { unit: p.unit } : {}) };
      const now = performance.now();
      // The store gets a write at most every `interval` ms, and the last one of a phase.
      if (now - l.lastWrite >= this.interval || p.done === p.total) {
        l.lastWrite = now;
        this.store.progress(l.job.id, progress);
      }
      this.update(l, { ...l.job, progress });
    };
    try {
      // Work that finished its write before it saw a cancel has succeeded: that is what it reports.
      const result = await l.work({ signal: l.abort.signal, onProgress });
      this.end(l, 'succeeded', { result: result ?? null });
    } catch (e) {
      if (l.stopping) {
        this.end(l, l.stopping, { error: stopError(l.stopping) });
      } else {
        if (!(e instanceof GraftError)) this.opts.onError?.(l.job, e);
        this.end(l, 'failed', { error: jobError(e) });
      }
    }
  }

  private end(l: Live, state: JobState, out: { result?: unknown; error?: JobError }): void {
    const job = this.store.finish(l.job.id, state, out);
    this.live.delete(l.job.id);
    this.update(l, job);
    this.opts.onFinish?.(job, l.started ? (performance.now() - l.started) / 1000 : 0);
    l.settle(job);
  }

  private update(l: Live, job: Job): void {
    l.job = job;
    for (const f of l.listeners) f(job);
    if (FINISHED_STATES.has(job.state)) l.listeners.clear();
  }
}

function stopError(why: 'cancelled' | 'interrupted'): JobError {
  return why === 'cancelled'
    ? { code: 'cancelled', message: 'Cancelled; nothing was saved.' }
    : { code: 'interrupted', message: 'The server stopped before this job finished; nothing it would have written was kept. Submit it again.' };
}

/** A failed job's error as data: a GraftError's code, message and issues; anything else hidden. */
export function jobError(e: unknown): JobError {
  if (e instanceof GraftError) {
    const issues = (e as { issues?: JobError['issues'] }).issues;
    return { code: e.code, message: e.message, ...(issues && issues.length > 0 ? { issues: [...issues] } : {}) };
  }
  return { code: 'internal', message: 'The job failed on an unexpected error; the server log has the details.' };
}
