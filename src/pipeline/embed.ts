import type { Matrix, JobOptions } from '../core/index.js';
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
 * `embedTexts` for a fit: the rows moved into shared WebAssembly memory (`SharedRows.inShared`)
 * as soon as they are embedded, and the embedded copy dropped. The fit's folds (on worker
 * threads) and its refit read these rows in place, so X and a shared copy of it never live
 * side by side (one 4096-d matrix less at the fit's peak: 156 MB at 10,000 rows).
 */
export async function embedForFit(ws: WorkspaceContext, backbone: string, texts: readonly string[], opts: JobOptions = {}): Promise<Embedded> {
  const { X, stats } = await embedTexts(ws, backbone, texts, opts);
  return { X: SharedRows.inShared(X), stats };
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
