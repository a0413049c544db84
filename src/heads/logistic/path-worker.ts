/**
 * Worker-thread entry for logistic's fold paths (path-pool.ts): receives the rows in shared
 * memory and one fold's training/held-out rows, answers with that fold's path.
 */
import { parentPort } from 'node:worker_threads';
import { errorToJSON } from '../../core/index.js';
import { SharedRows } from '../../math/index.js';
import { foldPath } from './path.js';
import type { PathReply, PathRequest } from './path-pool.js';

const port = parentPort;
if (port === null) throw new Error('heads/logistic/path-worker must run in a worker thread');

port.on('message', (m: PathRequest) => {
  try {
    const shared = m.rows === null ? null : SharedRows.attach(m.rows);
    const X = shared !== null ? shared.X : m.f32 ? new Float32Array(m.X!) : new Float64Array(m.X!);
    const data = { X, n: m.n, d: m.d, y: new Int32Array(m.y), K: m.K, sw: m.sw === null ? null : new Float64Array(m.sw), shared };
    const path = foldPath(data, m.train, m.test, m.Cs, m.solve, undefined, (c) => port.postMessage({ id: m.id, fitted: c } satisfies PathReply));
    const reply: PathReply = { id: m.id, path };
    port.postMessage(reply, [...path.thetas, ...path.logits].map((a) => a.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ id: m.id, error: errorToJSON(e) } satisfies PathReply);
  }
});
