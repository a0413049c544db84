/**
 * Worker-thread entry: loads its own copy of the USE-lite graph on the first request and
 * answers embed requests one at a time, in arrival order.
 */
import { parentPort } from 'node:worker_threads';
import { UseLiteGraph } from './graph.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('use-lite/worker must run in a worker thread');

let graph: Promise<UseLiteGraph> | undefined;
let queue: Promise<void> = Promise.resolve();

port.on('message', (req: WorkerRequest) => {
  queue = queue.then(() => handle(req));
});

async function handle(req: WorkerRequest): Promise<void> {
  let reply: WorkerReply;
  try {
    graph ??= UseLiteGraph.load();
    const vectors = await (await graph).embed(req.tokens, req.offsets);
    reply = { id: req.id, vectors };
    port!.postMessage(reply, [vectors.buffer as ArrayBuffer]);
  } catch (e) {
    graph = undefined;
    reply = { id: req.id, error: (e as Error).message ?? String(e) };
    port!.postMessage(reply);
  }
}
