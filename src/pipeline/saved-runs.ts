/**
 * Saved runs that are found again: an evaluation or a bake-off is a deterministic function of
 * its data, settings, seed, the versions of graft and its backbones, and the protocol that
 * says what it measures. Their hash is the run's key; an identical request reuses the newest
 * saved run with that key instead of recomputing the same numbers. Bump a workflow's protocol
 * whenever what it measures (or the shape of its result) changes, so older runs are not reused.
 */
import { graftVersion, sha256 } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { EmbedStats } from '../backbones/index.js';
import type { WorkspaceContext } from './context.js';
import { embedTexts } from './embed.js';

/** What identifies a run: the same spec gives the same numbers. */
export interface RunSpec {
  /** The run kind in the store, e.g. `bakeoff`. */
  kind: string;
  /** The workflow's protocol version (see the module comment). */
  protocol: number;
  dataHash: string;
  seed: number;
  /** graft's and each backbone's version (`runVersions`). */
  versions: Record<string, string>;
  /** Every setting that changes the numbers. */
  config: Record<string, unknown>;
}

/** A saved run found again. */
export interface SavedRun<R> {
  id: string;
  result: R;
  /** What was saved beside the numbers (`saveRunResult`'s `measured`), if anything. */
  measured?: Record<string, unknown>;
}

/** The run's key: SHA-256 over its data hash, versions, seed and settings with the protocol. */
export function runKey(spec: RunSpec): string {
  return sha256(JSON.stringify({ dataHash: spec.dataHash, versions: spec.versions, seed: spec.seed, config: { ...spec.config, protocol: spec.protocol } }));
}

/** The newest saved run of the spec's kind with the same key, or undefined. */
export function findSavedRun<R>(ws: WorkspaceContext, spec: RunSpec): SavedRun<R> | undefined {
  const key = runKey(spec);
  for (const r of ws.runs.listRuns({ kind: spec.kind })) {
    const config = r.config as { key?: string; measured?: Record<string, unknown> };
    if (r.dataHash === spec.dataHash && config.key === key) {
      return { id: r.id, result: ws.runs.getRun<R>(r.id).result, ...(config.measured ? { measured: config.measured } : {}) };
    }
  }
  return undefined;
}

/**
 * Saves the run's result under its spec and key; returns the run id. `measured`: what the run
 * measured that is not a function of its spec (e.g. seconds per 1,000 texts embedded), kept in
 * the run's config beside the key, so the result stays identical whenever it is recomputed.
 */
export function saveRunResult(ws: WorkspaceContext, spec: RunSpec, result: object, measured?: Record<string, unknown>): string {
  // Through ws.write as every saved result, so that WorkspaceDeps.beforeWrite sees it.
  return ws.write(() => ws.runs.saveRun({
    kind: spec.kind, seed: spec.seed, dataHash: spec.dataHash, versions: spec.versions,
    config: { ...spec.config, protocol: spec.protocol, key: runKey(spec), ...(measured ? { measured } : {}) }, result,
  }));
}

/** graft's version and each backbone's id, as a run records them. */
export async function runVersions(ws: WorkspaceContext, backbones: readonly string[], opts: JobOptions): Promise<Record<string, string>> {
  const versions: Record<string, string> = { graft: graftVersion() };
  for (const b of backbones) {
    const backbone = ws.backbone(b);
    await backbone.open?.(opts); // an hf: id needs its fetched files, a remote's width its first answer
    versions[`backbone:${b}`] = backbone.id;
  }
  return versions;
}

/**
 * A reused run still passes every text through the embedding cache, so that its result shows
 * what a fresh embed would cost now.
 */
export async function embeddingStats(
  ws: WorkspaceContext, backbones: readonly string[], texts: readonly string[], opts: JobOptions,
): Promise<Record<string, EmbedStats>> {
  const stats: Record<string, EmbedStats> = {};
  for (const b of backbones) stats[b] = (await embedTexts(ws, b, texts, opts)).stats;
  return stats;
}
