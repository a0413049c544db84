import type { Matrix, JobOptions } from '../core/index.js';
import { addUsage } from '../backbones/index.js';
import type { EmbedStats } from '../backbones/index.js';
import { SharedRows } from '../math/index.js';
import type { WorkspaceContext } from './context.js';

export interface Embedded {
  X: Matrix;
  stats: EmbedStats;
}

/** Embeds texts with the named backbone through the workspace's cache. */
export async function embedTexts(ws: WorkspaceContext, backbone: string, texts: readonly string[], opts: JobOptions = {}): Promise<Embedded> {
  const b = ws.backbone(backbone);
  const { matrix, stats } = await b.embedWithStats(texts, {
    signal: opts.signal,
    onProgress: opts.onProgress
      ? (p) => opts.onProgress!({ ...p, phase: `embed ${backbone}`, unit: 'texts' })
      : undefined,
  });
  ws.onEmbed(backbone, stats);
  return { X: matrix, stats };
}

/**
 * `embedTexts` for a fit, into shared WebAssembly memory (`SharedRows.matrix`): the fit's folds
 * (on worker threads) and its refit read these rows in place, so X and a shared copy of it
 * never live side by side. The texts go through the cache FIT_EMBED_BLOCK at a time, each
 * block's matrix copied in and dropped: the embedded matrix and the shared one never coexist
 * either (until the garbage collector took it, a whole one did: 156 MB at 10,000 hashing rows,
 * which set the fit's peak through the C search). A text met again in a later block is a cache
 * hit there; the vectors are the same.
 */
export async function embedForFit(ws: WorkspaceContext, backbone: string, texts: readonly string[], opts: JobOptions = {}): Promise<Embedded> {
  const dim = ws.backbone(backbone).dim;
  const X = texts.length > FIT_EMBED_BLOCK && dim > 0 ? SharedRows.matrix(texts.length, dim) : null;
  if (X === null) {
    const { X: embedded, stats } = await embedTexts(ws, backbone, texts, opts);
    return { X: SharedRows.inShared(embedded), stats };
  }
  const parts: EmbedStats[] = [];
  for (let start = 0; start < texts.length; start += FIT_EMBED_BLOCK) {
    const block = texts.slice(start, start + FIT_EMBED_BLOCK);
    const progress = opts.onProgress;
    const { X: part, stats } = await embedTexts(ws, backbone, block, {
      signal: opts.signal,
      onProgress: progress && ((p) => progress({ ...p, done: start + p.done, total: texts.length })),
    });
    if (part.cols !== dim) throw new Error(`embedForFit: backbone ${backbone} gave ${part.cols} columns, not its ${dim}`);
    X.data.set(part.data.subarray(0, part.rows * dim), start * dim);
    parts.push(stats);
  }
  return { X, stats: sumStats(parts) };
}

/** Texts a fit embeds at a time (16 MB of 4096-d rows). */
const FIT_EMBED_BLOCK = 1024;

/** The stats of consecutive passes as one pass's. */
function sumStats(parts: readonly EmbedStats[]): EmbedStats {
  const sum = (f: (s: EmbedStats) => number): number => parts.reduce((n, s) => n + f(s), 0);
  const out: EmbedStats = { texts: sum((s) => s.texts), cacheHits: sum((s) => s.cacheHits), embedded: sum((s) => s.embedded), truncated: sum((s) => s.truncated), seconds: sum((s) => s.seconds) };
  for (const s of parts) if (s.usage) out.usage = addUsage(out.usage, s.usage);
  return out;
}

export interface EmbeddedSplit {
  train: Matrix;
  /** Rows of the test texts (0 rows when there are none). */
  test: Matrix;
  stats: EmbedStats;
}

/** Embeds training and test texts in one pass through the cache, returned as two matrices. */
export async function embedSplit(
  ws: WorkspaceContext, backbone: string, train: readonly string[], test: readonly string[], opts: JobOptions = {},
): Promise<EmbeddedSplit> {
  const { X, stats } = await embedTexts(ws, backbone, [...train, ...test], opts);
  const rows = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { train: X.selectRows(rows(0, train.length)), test: X.selectRows(rows(train.length, train.length + test.length)), stats };
}
