/**
 * Worker-thread entry for the bake-off's fit pool: holds the training (and test) embeddings
 * in shared memory and answers fit jobs one at a time: fit a registry strategy on some
 * training rows, predict the held-out rows, score train accuracy.
 */
import { parentPort } from 'node:worker_threads';
import { Matrix, errorToJSON } from '../core/index.js';
import { createStrategy } from '../heads/index.js';
import { scoreFit } from './fit-job.js';
import type { FitJobRequest, FitPoolInit, FitJobReply } from './fit-job.js';

const port = parentPort;
if (port === null) throw new Error('eval/fit-worker must run in a worker thread');

let data: { train: Matrix; yTrain: Int32Array; test?: Matrix; yTest?: Int32Array; labels: string[] } | undefined;
let queue: Promise<void> = Promise.resolve();

port.on('message', (msg: FitPoolInit | FitJobRequest) => {
  if (msg.type === 'init') {
    data = {
      train: new Matrix(msg.trainRows, msg.cols, new Float32Array(msg.train)),
      yTrain: new Int32Array(msg.yTrain),
      ...(msg.test ? { test: new Matrix(msg.testRows, msg.cols, new Float32Array(msg.test)), yTest: new Int32Array(msg.yTest!) } : {}),
      labels: msg.labels,
    };
    return;
  }
  queue = queue.then(() => handle(msg));
});

async function handle(job: FitJobRequest): Promise<void> {
  try {
    if (!data) throw new Error('fit worker used before init');
    const t0 = performance.now();
    const r = await scoreFit(createStrategy(job.kind, job.params), data, job);
    const seconds = (performance.now() - t0) / 1000;
    const reply: FitJobReply = { id: job.id, proba: r.proba.data, rows: r.proba.rows, cols: r.proba.cols, trainAccuracy: r.trainAccuracy, ...(r.chosen ? { chosen: r.chosen } : {}), seconds };
    port!.postMessage(reply, [r.proba.data.buffer as ArrayBuffer]);
  } catch (e) {
    port!.postMessage({ id: job.id, error: errorToJSON(e) } satisfies FitJobReply);
  }
}
