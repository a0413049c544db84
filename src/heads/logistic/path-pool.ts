/**
 * The folds of logistic's C search on several threads: each fold's path (path.ts) is a pure
 * function of the rows, so a fold gives the same bits on a worker thread as here, and the
 * search gives the same result with any number of threads. With more than one thread the
 * folds run on worker threads (one per thread, each taking the next fold as it finishes one)
 * while this thread only waits and reports progress as their fits finish. The workers read
 * the problem's shared rows (`PathData.shared`) where they are, with no copy of X of their
 * own; a problem without them (no wasm SIMD here) sends X once in a SharedArrayBuffer.
 */
import type { Worker } from 'node:worker_threads';
import { CancelledError, errorFromJSON, startModuleWorker } from '../../core/index.js';
import type { ErrorJSON, ProgressFn } from '../../core/index.js';
import type { SharedRowsHandle } from '../../math/index.js';
import { foldPath, type FoldPath, type PathData } from './path.js';
import { freeRows } from './objective.js';
import type { SolveOptions } from './solve.js';

export interface PathRequest {
  id: number;
  /** The shared rows, when the problem has them (then X is null). */
  rows: SharedRowsHandle | null;
  X: SharedArrayBuffer | null;
  f32: boolean;
  n: number;
  d: number;
  y: SharedArrayBuffer;
  K: number;
  sw: SharedArrayBuffer | null;
  train: Int32Array;
  test: Int32Array;
  Cs: number[];
  solve: Omit<SolveOptions, 'signal'>;
}

/** A fold's path, a failure, or (progress) the index of the C whose fit just finished. */
export type PathReply = { id: number; path: FoldPath } | { id: number; error: ErrorJSON } | { id: number; fitted: number };

/**
 * Multiply-adds of one objective evaluation (n·d·K') under which worker threads do not pay for
 * their start (~0.1 s compiled, ~1 s under tsx): 20 M is about 10 ms of products per
 * evaluation, a few seconds per path.
 */
const MIN_WORK = 2e7;

export const SEARCH_PHASE = 'logistic: choose C';

export async function foldPaths(
  data: PathData, folds: readonly { train: Int32Array; test: Int32Array }[], Cs: readonly number[], solve: SolveOptions,
  threads: number, onProgress?: ProgressFn, minWork = MIN_WORK,
): Promise<FoldPath[]> {
  const total = folds.length * Cs.length;
  let done = 0;
  const tick = (): void => onProgress?.({ phase: SEARCH_PHASE, done: ++done, total, unit: 'fits' });
  onProgress?.({ phase: SEARCH_PHASE, done: 0, total, unit: 'fits' });
  const work = data.n * data.d * freeRows(data.K);
  const { signal, ...plain } = solve;
  if (threads < 2 || folds.length < 2 || work < minWork) {
    return folds.map((f) => foldPath(data, f.train, f.test, Cs, plain, signal, tick));
  }
  const rows = data.shared?.handle() ?? null;
  const shared = {
    rows, X: rows === null ? share(data.X.subarray(0, data.n * data.d)) : null, f32: data.X instanceof Float32Array, y: share(data.y),
    sw: data.sw === null ? null : share(data.sw),
  };
  const out: FoldPath[] = new Array(folds.length);
  const workers: Worker[] = [];
  try {
    let next = 0;
    const run = (worker: Worker): Promise<void> => new Promise<void>((resolve, reject) => {
      const post = (): void => {
        if (next >= folds.length) return resolve();
        const j = next++;
        const request: PathRequest = { id: j, ...shared, n: data.n, d: data.d, K: data.K, train: folds[j]!.train, test: folds[j]!.test, Cs: [...Cs], solve: plain };
        worker.postMessage(request);
      };
      worker.on('message', (r: PathReply) => {
        if ('error' in r) return reject(errorFromJSON(r.error));
        if ('fitted' in r) return tick();
        out[r.id] = r.path;
        post();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`A logistic path worker thread exited with code ${code} before its folds were done.`)));
      post();
    });
    const runs: Promise<void>[] = [];
    for (let t = 0; t < Math.min(threads, folds.length); t++) {
      const worker = startModuleWorker(import.meta.url, './path-worker');
      workers.push(worker);
      runs.push(run(worker));
    }
    const all = Promise.all(runs);
    await (signal === undefined ? all : Promise.race([all, aborted(signal)]));
    return out;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function share(a: Float32Array | Float64Array | Int32Array): SharedArrayBuffer {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a.buffer;
  const buf = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(buf).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return buf;
}

/** Rejects with CancelledError when `signal` aborts (the workers cannot see it; they are terminated). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new CancelledError());
    else signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });
}
