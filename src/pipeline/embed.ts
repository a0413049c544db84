import type { Matrix, JobOptions } from '../core/index.js';
import type { EmbedStats } from '../backbones/index.js';
import type { Workspace } from './workspace.js';

export interface Embedded {
  X: Matrix;
  stats: EmbedStats;
}

/** Embeds texts with the named backbone through the workspace's cache. */
export async function embedTexts(ws: Workspace, backbone: string, texts: readonly string[], opts: JobOptions = {}): Promise<Embedded> {
  const b = ws.backbone(backbone);
  const { matrix, stats } = await b.embedWithStats(texts, {
    signal: opts.signal,
    onProgress: opts.onProgress
      ? (p) => opts.onProgress!({ ...p, phase: `embed ${backbone}`, unit: 'texts' })
      : undefined,
  });
  return { X: matrix, stats };
}
