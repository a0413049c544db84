/**
 * One bake-off fit as a job that can run in this thread or in a worker thread: fit a strategy
 * on some training rows, predict the held-out rows (the test set, or other training rows under
 * CV) and score train accuracy. `FitPool` runs such jobs on worker threads that hold the
 * embeddings in shared memory, for strategies the registry can rebuild from kind + params.
 */
import type { Worker } from 'node:worker_threads';
import { CancelledError, Matrix, Rng, errorFromJSON, startModuleWorker } from '../core/index.js';
import type { ErrorJSON } from '../core/index.js';
import type { FitDiagnostics, FittedHead, Strategy } from '../heads/index.js';
import { HEAD_KINDS, createStrategy } from '../heads/index.js';
import { accuracy, argmaxRows } from './metrics.js';
import { JobCosts, recipeOf } from './pool-costs.js';

export interface FitJob {
  /** Training rows to fit on (indices into the training matrix). */
  trainRows: Int32Array;
  /** `test`: predict the test matrix; otherwise these training rows (CV). */
  held: 'test' | Int32Array;
  seed: number;
  /** Train accuracy is scored on at most this many of the training rows. */
  cap: number;
  /** The head is only scored, then dropped (a learning-curve point): `FitOptions.scoreOnly`. */
  scoreOnly?: boolean;
}

export interface FitJobRequest extends FitJob {
  type: 'job';
  id: number;
  kind: string;
  params: object;
}

export type FitJobReply =
  /** `seconds`: how long the job took on its worker (the pool's cost model learns from it). */
  | { id: number; proba: Float32Array; rows: number; cols: number; trainAccuracy: number; chosen?: Chosen; seconds: number }
  /** A failed job: the error as data, rebuilt here as the same GraftError class. */
  | { id: number; error: ErrorJSON };

export interface FitPoolInit {
  type: 'init';
  train: SharedArrayBuffer;
  trainRows: number;
  cols: number;
  yTrain: SharedArrayBuffer;
  test?: SharedArrayBuffer;
  testRows: number;
  yTest?: SharedArrayBuffer;
  labels: string[];
}

export interface FitData {
  train: Matrix;
  yTrain: Int32Array;
  test?: Matrix;
  yTest?: Int32Array;
  labels: readonly string[];
}

/** What a job's fit chose by inner cross-validation (its head's `diagnostics.chosen`), if anything. */
export type Chosen = FitDiagnostics['chosen'];

/** What a job measured: held-out probabilities, train accuracy, and what its fit chose. */
export interface JobScore {
  proba: Matrix;
  trainAccuracy: number;
  chosen?: Chosen;
}

function pick(y: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => y[idx[i]!]!);
}

/**
 * Train accuracy of a head on its training rows, scored on at most `cap` of them (a seeded
 * sample): scoring every row costs as much as a second test set for knn, and 2,000 rows put
 * the estimate within about ±2 points, plenty to read the train − held-out gap.
 */
export function trainAccuracyOf(head: FittedHead, X: Matrix, y: Int32Array, cap: number, seed: number): number {
  // Heads that would find each training row as its own neighbour score them leave-one-out.
  const score = (rows?: Int32Array): Matrix => (head.leaveOneOutProba
    ? head.leaveOneOutProba(rows)
    : head.predictProba(rows ? X.selectRows(rows) : X));
  if (X.rows <= cap) return accuracy(y, argmaxRows(score()));
  const rows = new Rng(seed ^ 0x7ac).shuffle(Int32Array.from({ length: X.rows }, (_, i) => i)).slice(0, cap).sort();
  return accuracy(pick(y, rows), argmaxRows(score(rows)));
}

/** Runs one job in this thread. */
export async function scoreFit(strategy: Strategy, data: FitData, job: FitJob, signal?: AbortSignal): Promise<JobScore & { head: FittedHead }> {
  const X = data.train.selectRows(job.trainRows);
  const y = pick(data.yTrain, job.trainRows);
  const head = await strategy.fit(X, y, { seed: job.seed, labels: data.labels, signal, ...(job.scoreOnly ? { scoreOnly: true } : {}) });
  const held = job.held === 'test' ? data.test! : data.train.selectRows(job.held);
  const chosen = head.diagnostics.chosen;
  return { proba: head.predictProba(held), trainAccuracy: trainAccuracyOf(head, X, y, job.cap, job.seed), head, ...(chosen ? { chosen } : {}) };
}

/** `{ kind, params }` when the registry rebuilds this strategy exactly from them, else undefined. */
export function registrySpec(s: Strategy): { kind: string; params: object } | undefined {
  if (!HEAD_KINDS.includes(s.kind as never)) return undefined;
  try {
    const params = JSON.parse(JSON.stringify(s.params)) as object;
    return JSON.stringify(createStrategy(s.kind, params).params) === JSON.stringify(s.params) ? { kind: s.kind, params } : undefined;
  } catch {
    return undefined;
  }
}

function shared(a: Float32Array | Int32Array): SharedArrayBuffer {
  const buf = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(buf).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return buf;
}

interface Pending {
  request: FitJobRequest;
  /** Its kind and parameters, the key of its cost per row. */
  recipe: string;
  resolve(r: JobScore): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  /** Jobs posted to this worker and not answered yet, in order (at most IN_FLIGHT). */
  jobs: Map<number, Pending>;
}

/**
 * Jobs a worker holds at once: the one it runs and the next, so that it has work while this
 * thread, busy with a long synchronous fit, cannot hand it any.
 */
const IN_FLIGHT = 2;

/**
 * Worker threads that run fit jobs on one backbone's embeddings. Jobs wait in this thread and
 * each worker is handed the next one as it finishes one (it holds IN_FLIGHT at most), the
 * costliest first (its rows times the seconds per row its recipe's finished jobs took,
 * `JobCosts`; ties in the order they came): the longest jobs start early and the short ones
 * fill the end, so neither worker sits idle while the other still holds a queue (posting every
 * job at once to the worker with the least rows outstanding did, and rows alone do not tell a
 * logistic fit's cost from a knn fit's). Results do not depend on which thread ran a job or
 * when, so a bake-off gives the same numbers with or without the pool.
 */
export class FitPool {
  private readonly workers: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly costs = new JobCosts();
  private nextId = 0;
  private closed = false;

  constructor(size: number, data: FitData) {
    const init: FitPoolInit = {
      type: 'init', train: shared(data.train.data), trainRows: data.train.rows, cols: data.train.cols, yTrain: shared(data.yTrain),
      testRows: data.test?.rows ?? 0, labels: [...data.labels],
      ...(data.test ? { test: shared(data.test.data), yTest: shared(data.yTest!) } : {}),
    };
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: startModuleWorker(import.meta.url, './fit-worker'), jobs: new Map() };
      slot.worker.postMessage(init);
      slot.worker.on('message', (reply: FitJobReply) => {
        const job = slot.jobs.get(reply.id);
        if (!job) return;
        slot.jobs.delete(reply.id);
        if ('seconds' in reply) this.costs.observe(job.recipe, job.request.trainRows.length, reply.seconds);
        if ('error' in reply) job.reject(errorFromJSON(reply.error));
        else job.resolve({ proba: new Matrix(reply.rows, reply.cols, reply.proba), trainAccuracy: reply.trainAccuracy, ...(reply.chosen ? { chosen: reply.chosen } : {}) });
        this.dispatch();
      });
      const fail = (why: string): void => {
        const i = this.workers.indexOf(slot);
        if (i >= 0) this.workers.splice(i, 1);
        for (const job of slot.jobs.values()) job.reject(new Error(`A bake-off worker thread ${why}.`));
        slot.jobs.clear();
        if (this.workers.length === 0) {
          for (const job of this.queue.splice(0)) job.reject(new Error('Every bake-off worker thread has failed.'));
        }
      };
      slot.worker.on('error', (e) => fail(`crashed (${e.message})`));
      slot.worker.on('exit', (code) => { if (!this.closed) fail(`exited with code ${code}`); });
      this.workers.push(slot);
    }
  }

  run(kind: string, params: object, job: FitJob): Promise<JobScore> {
    if (this.closed) return Promise.reject(new CancelledError());
    if (this.workers.length === 0) return Promise.reject(new Error('Every bake-off worker thread has failed.'));
    return new Promise((resolve, reject) => {
      const request: FitJobRequest = { type: 'job', id: this.nextId++, kind, params, ...job };
      this.queue.push({ request, recipe: recipeOf(kind, params), resolve, reject });
      this.dispatch();
    });
  }

  /** Tops every worker up to IN_FLIGHT jobs, the costliest waiting job (the first of equal cost) first. */
  private dispatch(): void {
    if (this.closed) return;
    const cost = (p: Pending): number => this.costs.estimate(p.recipe, p.request.trainRows.length + 1);
    for (let depth = 1; depth <= IN_FLIGHT; depth++) {
      for (const slot of this.workers) {
        if (slot.jobs.size >= depth || this.queue.length === 0) continue;
        let best = 0;
        let bestCost = cost(this.queue[0]!);
        for (let j = 1; j < this.queue.length; j++) {
          const c = cost(this.queue[j]!);
          if (c > bestCost) { best = j; bestCost = c; }
        }
        const job = this.queue.splice(best, 1)[0]!;
        slot.jobs.set(job.request.id, job);
        slot.worker.postMessage(job.request);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new CancelledError());
    for (const w of this.workers) for (const job of w.jobs.values()) job.reject(new CancelledError());
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }
}
