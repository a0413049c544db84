/**
 * Job threads: a fit, evaluation, bake-off or advice runs in a worker thread with its own
 * workspace on the server's store, so that the server's thread stays free to answer (predict,
 * health checks, the dashboard) while it computes, and a cancel stops it at once, whatever the
 * head is doing: the thread is terminated (a fit in a long synchronous loop would never see an
 * abort signal). Nothing of a cancelled job is kept: its workspace's writes pass a gate
 * (job-protocol.ts) that a cancel closes first; a job already writing finishes, and its result
 * stands (the cancel then reports that the job ended first). A backbone the server's thread has
 * loaded (`hooks.shared`) embeds there for the job: the thread loads no copy of its model. A
 * thread is kept between jobs, and ends after a while idle (`idleMs`).
 */
import type { Worker } from 'node:worker_threads';
import type { EmbedOptions, EmbedStats } from '../backbones/index.js';
import { CancelledError, UsageError, errorFromJSON, errorToJSON, startModuleWorker, throwIfAborted } from '../core/index.js';
import type { Matrix, Progress } from '../core/index.js';
import type { WorkspaceCall } from './calls.js';
import { GATE } from './job-protocol.js';
import type { FromJobThread, JobThreadWorkspace, ToJobThread } from './job-protocol.js';
import type { JobContext } from './runner.js';

/** What the server hears from its job threads besides each job's progress and result. */
export interface JobThreadHooks {
  /** A log line of a job's workspace (pino's level methods). */
  log?: (level: 'debug' | 'info' | 'warn', fields: object, message: string) => void;
  /** An embedding pass of a job through the cache (the server's hit-ratio metrics). */
  onEmbed?: (backbone: string, stats: EmbedStats) => void;
  /** Backbones the server's thread embeds for its job threads, which then load none of these models. */
  shared?: SharedBackbones;
}

/** The server's loaded backbones, offered to job threads. */
export interface SharedBackbones {
  /** Their ids (`use-lite@1`): a job's backbone with one of these ids is embedded by `embed`. */
  ids: readonly string[];
  /** Embeds texts (a job's cache misses) on the backbone with this id. */
  embed(id: string, texts: readonly string[], opts: EmbedOptions): Promise<Matrix>;
}

export interface JobThreadOptions {
  /**
   * Milliseconds a thread stays idle after its job before it ends (default 60,000): an idle
   * thread keeps its workspace and loaded code (~100 MB RSS after a small fit, compiled), which
   * a server that fits once an hour should not hold; a job within the wait reuses it and skips
   * the thread's start-up (its code loaded and compiled again: about half a second).
   */
  idleMs?: number;
}

/**
 * @example
 * const threads = new JobThreads({ home: ws.home });
 * runner.submit({ kind: 'fit', task: 'spam' }, (job) => threads.run({ op: 'fit', dataset, options }, job));
 */
export class JobThreads {
  /** Threads between jobs, their workspace (and its loaded backbones) kept open for the next. */
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  /** When each idle thread ends. */
  private readonly retire = new Map<Worker, NodeJS.Timeout>();
  private readonly idleMs: number;
  private closed = false;

  constructor(private readonly workspace: JobThreadWorkspace, private readonly hooks: JobThreadHooks = {}, opts: JobThreadOptions = {}) {
    this.idleMs = opts.idleMs ?? 60_000;
    if (!Number.isInteger(this.idleMs) || this.idleMs < 0) throw new UsageError(`Job threads' idleMs must be a whole number of milliseconds, got ${this.idleMs}.`, 'bad_option');
  }

  /** Runs the call in a job thread; rejects with CancelledError once the thread has stopped after the job's signal aborted. */
  run(call: WorkspaceCall, job: JobContext): Promise<unknown> {
    if (this.closed) return Promise.reject(new CancelledError());
    try {
      throwIfAborted(job.signal);
    } catch (e) {
      return Promise.reject(e);
    }
    const worker = this.idle.pop() ?? this.start();
    clearTimeout(this.retire.get(worker));
    this.retire.delete(worker);
    worker.ref();
    this.busy.add(worker);
    const gate = new Int32Array(new SharedArrayBuffer(4));
    return new Promise((resolve, reject) => {
      let ended = false;
      const end = (keep: boolean): Promise<void> => {
        ended = true;
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        job.signal.removeEventListener('abort', onAbort);
        this.busy.delete(worker);
        if (keep && !this.closed) {
          worker.unref();
          this.idle.push(worker);
          this.retireAfterIdle(worker);
          return Promise.resolve();
        }
        return worker.terminate().then(() => {});
      };
      const onMessage = (m: FromJobThread): void => {
        if (ended) return;
        if (m.type === 'progress') job.onProgress(m.progress);
        else if (m.type === 'log') this.hooks.log?.(m.level, m.fields, m.message);
        else if (m.type === 'embed') this.hooks.onEmbed?.(m.backbone, m.stats);
        else if (m.type === 'embed-request') void embedFor(m);
        else if (m.type === 'done') void end(true).then(() => resolve(m.result));
        else void end(true).then(() => reject(errorFromJSON(m.error)));
      };
      const onError = (e: Error): void => {
        if (!ended) void end(false).then(() => reject(new Error(`The job thread crashed: ${e.message}`)));
      };
      const onExit = (code: number): void => {
        if (!ended) void end(false).then(() => reject(new Error(`The job thread exited with code ${code} before its job ended.`)));
      };
      // A job's embedding on the server's backbone: its queued batches are dropped on the job's abort.
      const embedFor = async (m: Extract<FromJobThread, { type: 'embed-request' }>): Promise<void> => {
        const answer = (a: ToJobThread, transfer: ArrayBuffer[] = []): void => {
          if (!ended) worker.postMessage(a, transfer);
        };
        try {
          const shared = this.hooks.shared;
          if (!shared) throw new Error(`jobs/threads: a job thread asked for backbone ${m.backbone}, which this server does not share`);
          const onProgress = (progress: Progress): void => answer({ type: 'embed-progress', id: m.id, progress });
          const M = await shared.embed(m.backbone, m.texts, { signal: job.signal, onProgress });
          const whole = M.data.byteOffset === 0 && M.data.byteLength === M.data.buffer.byteLength;
          answer({ type: 'embedded', id: m.id, vectors: M.data }, whole ? [M.data.buffer as ArrayBuffer] : []);
        } catch (e) {
          answer({ type: 'embed-failed', id: m.id, error: errorToJSON(e) });
        }
      };
      const onAbort = (): void => {
        // A job that has begun writing is let finish: what it wrote is its result.
        if (ended || Atomics.compareExchange(gate, 0, GATE.RUNNING, GATE.CANCELLED) !== GATE.RUNNING) return;
        void end(false).then(() => reject(new CancelledError()));
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      job.signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ type: 'run', call, gate: gate.buffer as SharedArrayBuffer } satisfies ToJobThread);
    });
  }

  /** Threads running a job now. */
  get running(): number {
    return this.busy.size;
  }

  /** Threads kept between jobs now. */
  get idleThreads(): number {
    return this.idle.length;
  }

  /** Ends the idle threads and takes no more jobs (running ones are stopped through their signal, by the runner). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.retire.values()) clearTimeout(t);
    this.retire.clear();
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  /** Ends the thread once it has been idle `idleMs`, unless a job takes it first. */
  private retireAfterIdle(worker: Worker): void {
    const timer = setTimeout(() => {
      this.retire.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i < 0) return;
      this.idle.splice(i, 1);
      void worker.terminate();
    }, this.idleMs);
    timer.unref();
    this.retire.set(worker, timer);
  }

  private start(): Worker {
    const worker = startModuleWorker(import.meta.url, './job-worker');
    // A thread that dies between jobs is not handed another.
    worker.on('exit', () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    worker.postMessage({ type: 'init', workspace: this.workspace, shared: this.hooks.shared?.ids ?? [] } satisfies ToJobThread);
    return worker;
  }
}
