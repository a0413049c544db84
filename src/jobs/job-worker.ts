/**
 * Job-thread entry (threads.ts): opens its own workspace on the server's store once (its
 * backbones shared with the server's thread are relayed there: relayed-backbone.ts), then runs
 * the jobs it is handed one at a time, posting their progress, log lines and result. Its
 * workspace's `beforeWrite` takes the job's gate (job-protocol.ts), so a job the server has
 * cancelled never starts a write, and one that has started writing is never cut short. The
 * server stops a cancelled job by terminating the thread: a fit busy in a synchronous loop would
 * not see a message, and a terminated thread's open transaction is rolled back.
 */
import { parentPort } from 'node:worker_threads';
import { createBackbone } from '../backbones/index.js';
import { CancelledError, errorToJSON } from '../core/index.js';
import { openWorkspace } from '../pipeline/index.js';
import type { Logger, Workspace } from '../pipeline/index.js';
import { callWorkspace } from './calls.js';
import { GATE } from './job-protocol.js';
import type { FromJobThread, ToJobThread } from './job-protocol.js';
import { EmbedRelay, RelayedBackbone } from './relayed-backbone.js';

const port = parentPort;
if (port === null) throw new Error('jobs/job-worker must run in a worker thread');
const post = (m: FromJobThread): void => port.postMessage(m);

let gate: Int32Array | undefined;
/** Jobs here are never aborted by a signal: the thread is terminated instead. */
const signal = new AbortController().signal;

const log = (level: 'debug' | 'info' | 'warn') => (fields: object, message: string): void => post({ type: 'log', level, fields, message });
const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn') };
const beforeWrite = (): void => {
  if (gate && Atomics.compareExchange(gate, 0, GATE.RUNNING, GATE.WRITING) === GATE.CANCELLED) throw new CancelledError();
};
let ws: Workspace | undefined;
const relay = new EmbedRelay(post);

let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: ToJobThread) => {
  if (msg.type === 'init') {
    const { home, detection } = msg.workspace;
    const shared = new Set(msg.shared);
    // A backbone is created unloaded; one the server's thread has (same id: same vectors) embeds there.
    const backbones = (name: string) => {
      const b = createBackbone(name, undefined, { home });
      return shared.has(b.id) ? new RelayedBackbone(b, relay) : b;
    };
    ws = openWorkspace({
      home, logger, beforeWrite, backbones, onEmbed: (backbone, stats) => post({ type: 'embed', backbone, stats }), ...(detection ? { detection } : {}),
    });
  } else if (msg.type === 'run') {
    queue = queue.then(() => run(msg));
  } else {
    relay.answer(msg);
  }
});

async function run(msg: Extract<ToJobThread, { type: 'run' }>): Promise<void> {
  gate = new Int32Array(msg.gate);
  try {
    if (!ws) throw new Error('jobs/job-worker got a job before init');
    const result = await callWorkspace(ws, msg.call, { signal, onProgress: (progress) => post({ type: 'progress', progress }) });
    post({ type: 'done', result });
  } catch (e) {
    post({ type: 'failed', error: errorToJSON(e) });
  } finally {
    gate = undefined;
  }
}
