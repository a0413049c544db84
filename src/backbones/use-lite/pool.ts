/**
 * A pool of worker threads, each running its own USE-lite graph. Tasks wait in one queue
 * and go to whichever worker is free, so a slow batch never holds up the others. Idle workers
 * are `unref`ed: a process that forgets `close()` can still exit, and a busy one stays alive
 * until its answer arrives.
 */
import { Worker } from 'node:worker_threads';
import { BackboneError, CancelledError } from '../../core/index.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

interface Task {
  request: WorkerRequest;
  resolve(vectors: Float32Array): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

/**
 * Compiled, the sibling worker is plain JS. Under tsx (tests, `npm run demo`) it is TypeScript,
 * and `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20, so a
 * tiny bootstrap registers tsx inside the thread before importing the worker.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly size: number) {}

  /** Number of worker threads started so far. */
  get started(): number {
    return this.slots.length;
  }

  /** Embeds one batch on the next free worker. Rejects with CancelledError if aborted while queued. */
  run(tokens: Int32Array, offsets: Int32Array, signal?: AbortSignal): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new BackboneError('The USE-lite backbone was closed; create a new one to embed again.'));
    return new Promise((resolve, reject) => {
      const task: Task = { request: { id: this.nextId++, tokens, offsets }, resolve, reject };
      const onAbort = (): void => {
        const i = this.queue.indexOf(task);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new CancelledError());
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      task.resolve = (v) => { done(); resolve(v); };
      task.reject = (e) => { done(); reject(e); };
      this.queue.push(task);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new CancelledError('The USE-lite backbone was closed while embedding.'));
    const slots = this.slots.splice(0);
    for (const s of slots) s.task?.reject(new CancelledError('The USE-lite backbone was closed while embedding.'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === undefined);
      if (slot === undefined && this.slots.length < this.size) slot = this.spawn();
      if (slot === undefined) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage(task.request);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), task: undefined };
    slot.worker.unref();
    slot.worker.on('message', (reply: WorkerReply) => {
      const task = slot.task;
      slot.task = undefined;
      slot.worker.unref();
      if (task !== undefined && task.request.id === reply.id) {
        if ('error' in reply) task.reject(new BackboneError(`USE-lite failed to embed a batch: ${reply.error}`));
        else task.resolve(reply.vectors);
      }
      this.dispatch();
    });
    const fail = (why: string, cause?: unknown): void => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // already closed or failed
      this.slots.splice(i, 1);
      slot.task?.reject(new BackboneError(`A USE-lite worker thread ${why}. Try again; if it persists, use fewer workers or the "hashing" backbone.`, cause));
      slot.task = undefined;
      void slot.worker.terminate();
      this.dispatch();
    };
    slot.worker.on('error', (e) => fail(`crashed (${e.message})`, e));
    slot.worker.on('exit', (code) => fail(`exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }
}
