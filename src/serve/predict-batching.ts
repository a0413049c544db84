/**
 * Continuous batching of predictions: concurrent requests for the same task and version are
 * answered by one Workspace call on all their texts. A request that finds the task idle runs
 * at once (no added wait); requests that arrive while its calls are running queue and go
 * together as soon as one finishes. What one call costs beyond its texts (reading the head,
 * the novelty detector's setup, one embedding pass) is then paid once per batch, not per
 * request. Results are split back per request, in order.
 */
import type { PredictResult, Workspace } from '../pipeline/index.js';

interface Waiting {
  texts: readonly string[];
  resolve: (r: PredictResult) => void;
  reject: (e: unknown) => void;
}

interface Lane {
  running: number;
  queue: Waiting[];
}

export interface PredictBatchingOptions {
  /** Calls per task running at once (default 2: one embeds while the other computes). */
  concurrency?: number;
  /** Most texts in one call (default 256). */
  maxTexts?: number;
}

export class PredictBatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly concurrency: number;
  private readonly maxTexts: number;

  constructor(private readonly ws: Workspace, opts: PredictBatchingOptions = {}) {
    this.concurrency = opts.concurrency ?? 2;
    this.maxTexts = opts.maxTexts ?? 256;
  }

  /** As `ws.predict(task, texts, { version })`, sharing the call with concurrent requests. */
  predict(task: string, texts: readonly string[], version?: number): Promise<PredictResult> {
    const key = `${task}\u0000${version ?? ''}`;
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { running: 0, queue: [] }));
    return new Promise<PredictResult>((resolve, reject) => {
      lane.queue.push({ texts, resolve, reject });
      this.pump(key, lane, task, version);
    });
  }

  private pump(key: string, lane: Lane, task: string, version: number | undefined): void {
    while (lane.running < this.concurrency && lane.queue.length > 0) {
      let n = 0;
      let texts = 0;
      for (const w of lane.queue) {
        if (n > 0 && texts + w.texts.length > this.maxTexts) break;
        n++;
        texts += w.texts.length;
      }
      const batch = lane.queue.splice(0, n);
      lane.running++;
      void this.run(task, version, batch).finally(() => {
        lane.running--;
        if (lane.queue.length > 0) this.pump(key, lane, task, version);
        else if (lane.running === 0) this.lanes.delete(key);
      });
    }
  }

  private async run(task: string, version: number | undefined, batch: Waiting[]): Promise<void> {
    try {
      const all = batch.length === 1 ? batch[0]!.texts : batch.flatMap((w) => w.texts);
      const r = await this.ws.predict(task, all, { version });
      let at = 0;
      for (const w of batch) {
        w.resolve({ ...r, predictions: r.predictions.slice(at, at + w.texts.length) });
        at += w.texts.length;
      }
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
}
