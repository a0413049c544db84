/**
 * The server's job threads, and the backbones they share with the server's thread. A fit job
 * embeds its cache misses on the server's loaded model (use-lite's warm worker pool) instead of
 * loading a copy of its own in its thread: no second ~200 MB of model, and no seconds of model
 * start-up before a cold job's first batch. The job's texts go to the model one call at a time,
 * in the calls the backbone plans for them (so the vectors are bit for bit those of the CLI's fit),
 * `concurrency` calls in flight (one per worker), so a request that arrives during a fit waits
 * behind at most those, not behind the whole job.
 */
import { backboneCachePolicy, createBackbone, isRemoteBackbone, tryParseBackboneSpec } from '../backbones/index.js';
import type { Backbone, EmbedOptions } from '../backbones/index.js';
import { CancelledError, Matrix, throwIfAborted } from '../core/index.js';
import { JobThreads } from '../jobs/index.js';
import type { JobThreadHooks, JobThreadWorkspace, SharedBackbones } from '../jobs/index.js';
import type { Workspace } from '../pipeline/index.js';
import type { EmbedBatching } from './batching.js';

/**
 * Job threads on the workspace's store (`thread`, default: the workspace's home and detection
 * settings, so a job cleans texts as the server does); `false`: none (jobs run in the server's
 * thread), and so when the workspace was given a loaded NER stage, which no other thread can share. With `batching`, the server's backbones that hold a model
 * (not hashing, whose vectors cost less to compute than to send; not remote ones) are shared.
 */
export function serverJobThreads(
  ws: Workspace, thread: JobThreadWorkspace | false | undefined, batching: EmbedBatching | undefined,
  backbones: readonly string[], hooks: Omit<JobThreadHooks, 'shared'>,
): JobThreads | undefined {
  if (thread === false) return undefined;
  const detection = ws.detection;
  const workspace = thread ?? (detection && { home: ws.home, detection });
  if (!workspace) return undefined;
  const shared = batching ? shareBackbones(ws, batching, backbones) : undefined;
  return new JobThreads(workspace, { ...hooks, ...(shared ? { shared } : {}) });
}

/** The server's model-holding backbones, by id, embedding through its batching layer. */
export function shareBackbones(ws: Workspace, batching: EmbedBatching, names: readonly string[]): SharedBackbones {
  const byId = new Map<string, string>();
  for (const name of names) {
    const spec = tryParseBackboneSpec(name);
    if (!spec || backboneCachePolicy(spec) === 'none' || isRemoteBackbone(spec)) continue;
    // Created unloaded, for its id only (a local kind knows it at construction).
    const b = createBackbone(spec);
    byId.set(b.id, name);
    void b.close();
  }
  return {
    ids: [...byId.keys()],
    async embed(id, texts, opts) {
      const name = byId.get(id);
      if (name === undefined) throw new Error(`serve/job-threads: backbone ${id} is not shared`);
      await ws.embed(name, []); // opens it in the server's workspace (its model loads on first use)
      const b = batching.backbones().get(name);
      if (!b) throw new Error(`serve/job-threads: backbone ${name} was not opened through the server's batching`);
      const calls = jobCalls(b.inner, texts, batching.options.maxBatchTexts);
      return inBatches({ dim: b.dim, embed: (t, o) => b.embedCall(t, o) }, texts, calls, batching.options.concurrency, opts);
    },
  };
}

/**
 * A job's texts as calls to the model, the costliest first: the backbone's own plan where it has
 * one (use-lite's: texts sorted by tokens, each call within its padded-token budget, so the
 * vectors are those of one `embed` of all, as the CLI's fit gets them), else by length in calls
 * of `size`. Costliest first, so that the two workers end together on the cheapest calls
 * instead of one idling while the other runs the last long one.
 */
export function jobCalls(b: Pick<Backbone, 'batches'>, texts: readonly string[], size: number): number[][] {
  const planned = b.batches?.(texts);
  if (planned) return planned.reverse();
  const order = Array.from(texts.keys()).sort((i, j) => texts[j]!.length - texts[i]!.length || i - j);
  return Array.from({ length: Math.ceil(order.length / size) }, (_, k) => order.slice(k * size, (k + 1) * size));
}

/**
 * Embeds `texts` in the given calls (lists of indices into `texts`, each sent as one `embed`),
 * at most `concurrency` at once, in their order. The vectors are in the texts' order.
 */
export async function inBatches(
  b: { dim: number; embed(texts: readonly string[], o?: EmbedOptions): Promise<Matrix> },
  texts: readonly string[], calls: readonly (readonly number[])[], concurrency: number, opts: EmbedOptions = {},
): Promise<Matrix> {
  const out = new Matrix(texts.length, b.dim);
  let next = 0;
  let done = 0;
  opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
  const lane = async (): Promise<void> => {
    while (next < calls.length) {
      throwIfAborted(opts.signal);
      const rows = calls[next++]!;
      const M = await b.embed(rows.map((i) => texts[i]!), opts.signal ? { signal: opts.signal } : {});
      rows.forEach((i, r) => out.data.set(M.data.subarray(r * b.dim, (r + 1) * b.dim), i * b.dim));
      done += rows.length;
      opts.onProgress?.({ phase: 'embed', done, total: texts.length, unit: 'texts' });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  if (opts.signal?.aborted) throw new CancelledError();
  return out;
}
