/**
 * How an onnx: backbone should use the cores: one session with intra-op threads over all of
 * them, or a pool of worker threads each running a single-threaded session (each with its own
 * copy of the weights), the texts split between them. Same texts, same model, texts/s.
 *
 *   tsx bench/backbones/threads.ts --model FOLDER [--n 256]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { OnnxBackbone } from '../../src/backbones/index.js';
import { benchTexts } from './texts.js';

export interface ThreadsRow {
  setup: string;
  texts: string;
  textsPerSecond: number;
}

async function inProcess(dir: string, threads: number, texts: string[]): Promise<number> {
  const b = new OnnxBackbone(dir, { threads });
  await b.embed(texts.slice(0, 8)); // load and warm up
  const t0 = performance.now();
  await b.embed(texts);
  const s = (performance.now() - t0) / 1000;
  await b.close();
  return texts.length / s;
}

/** A worker that loads the model single-threaded, then embeds what it is sent and says how long it took. */
function startWorker(dir: string): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const backbones = new URL('../../src/backbones/index.ts', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = await import('node:worker_threads');
    (await import(${JSON.stringify(tsx)})).register();
    const { OnnxBackbone } = await import(${JSON.stringify(backbones)});
    const b = new OnnxBackbone(workerData, { threads: 1 });
    await b.embed(['warm up']);
    parentPort.postMessage('ready');
    parentPort.on('message', async (texts) => { await b.embed(texts); parentPort.postMessage('done'); });`;
  return new Worker(code, { eval: true, workerData: dir, type: 'module' } as never);
}

async function pool(dir: string, size: number, texts: string[]): Promise<number> {
  const workers = Array.from({ length: size }, () => startWorker(dir));
  const next = (w: Worker): Promise<unknown> => new Promise((r, j) => { w.once('message', r); w.once('error', j); });
  await Promise.all(workers.map(next));
  const t0 = performance.now();
  const share = Math.ceil(texts.length / size);
  await Promise.all(workers.map((w, k) => {
    const done = next(w);
    w.postMessage(texts.slice(k * share, (k + 1) * share));
    return done;
  }));
  const s = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return texts.length / s;
}

export async function measureThreads(dir: string, n: number): Promise<ThreadsRow[]> {
  const cores = availableParallelism();
  const rows: ThreadsRow[] = [];
  for (const [label, words] of [['short (12 words)', 12], ['long (100 words)', 100]] as const) {
    const texts = benchTexts(n, words);
    rows.push({ setup: '1 session, 1 thread', texts: label, textsPerSecond: await inProcess(dir, 1, texts) });
    rows.push({ setup: `1 session, ${cores} intra-op threads`, texts: label, textsPerSecond: await inProcess(dir, cores, texts) });
    rows.push({ setup: `${cores} worker threads × 1 thread`, texts: label, textsPerSecond: await pool(dir, cores, texts) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { model: { type: 'string' }, n: { type: 'string', default: '256' } } });
  if (!values.model) throw new Error('Give --model FOLDER (a model folder in the Hugging Face layout).');
  for (const r of await measureThreads(values.model, Number(values.n))) {
    console.log(`${r.texts.padEnd(18)} ${r.setup.padEnd(34)} ${r.textsPerSecond.toFixed(1)} texts/s`);
  }
}
