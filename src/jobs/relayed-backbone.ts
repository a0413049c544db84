/**
 * A job thread's view of a backbone the server's thread has loaded: `id`, `dim` and truncation
 * come from an unloaded instance of the same backbone here (use-lite's tokenizer, no model),
 * and `embed` asks the server's thread, whose model (use-lite's worker pool) is already warm.
 * A fit job then loads no second copy of the model (~100–200 MB and seconds of start-up per
 * copy), and its batches queue with the server's own on the same workers.
 */
import { Matrix, errorFromJSON, throwIfAborted } from '../core/index.js';
import type { Progress } from '../core/index.js';
import type { Backbone, BackboneUsage, EmbedOptions } from '../backbones/index.js';
import type { FromJobThread, ToJobThread } from './job-protocol.js';

type Answer = Extract<ToJobThread, { type: 'embedded' | 'embed-progress' | 'embed-failed' }>;

interface Waiting {
  rows: number;
  dim: number;
  resolve: (m: Matrix) => void;
  reject: (e: unknown) => void;
  onProgress?: (p: Progress) => void;
}

/** The job thread's end of the embedding requests: numbers them, posts them, settles them from the answers. */
export class EmbedRelay {
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;

  constructor(private readonly post: (m: FromJobThread) => void) {}

  embed(backbone: Backbone, texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    throwIfAborted(opts.signal);
    if (texts.length === 0) return Promise.resolve(new Matrix(0, backbone.dim));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { rows: texts.length, dim: backbone.dim, resolve, reject, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
      this.post({ type: 'embed-request', id, backbone: backbone.id, texts: [...texts] });
    });
  }

  /** Settles the request an answer is for. */
  answer(m: Answer): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    if (m.type === 'embed-progress') {
      w.onProgress?.(m.progress);
      return;
    }
    this.waiting.delete(m.id);
    if (m.type === 'embed-failed') w.reject(errorFromJSON(m.error));
    else if (m.vectors.length !== w.rows * w.dim) w.reject(new Error(`jobs/relay: got ${m.vectors.length} floats for ${w.rows} texts of ${w.dim}`));
    else w.resolve(new Matrix(w.rows, w.dim, m.vectors));
  }
}

export class RelayedBackbone implements Backbone {
  constructor(private readonly local: Backbone, private readonly relay: EmbedRelay) {}

  get id(): string { return this.local.id; }
  get dim(): number { return this.local.dim; }

  countTruncated(texts: readonly string[]): number {
    return this.local.countTruncated?.(texts) ?? 0;
  }

  usage(): BackboneUsage | undefined {
    return this.local.usage?.();
  }

  /** The model is held by the server's thread, not here. */
  weightsBytes(): number {
    return 0;
  }

  embed(texts: readonly string[], opts?: EmbedOptions): Promise<Matrix> {
    return this.relay.embed(this.local, texts, opts);
  }

  close(): Promise<void> {
    return this.local.close();
  }
}
