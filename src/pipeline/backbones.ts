/**
 * Several backbones as one: a task may read the concatenation of several backbones'
 * embeddings (e.g. use-lite's 512 columns, then hashing's 4096), which an ensemble splits
 * again, one member per backbone. Such a task's backbone id joins the parts' ids with `+`
 * (`use-lite@1+hashing@1-d4096`); each part is embedded once, through its own cache.
 */
import { UsageError } from '../core/index.js';
import type { Matrix } from '../core/index.js';
import { hconcat, partColumns } from '../math/index.js';

export { hconcat, partColumns } from '../math/index.js';
import { addUsage, tryParseBackboneSpec } from '../backbones/index.js';
import { createStrategy } from '../heads/index.js';
import type { EnsembleMember, Strategy } from '../heads/index.js';
import type { Backbone, BackboneSpec, EmbedOptions, EmbedStats } from '../backbones/index.js';

/** Joins the parts of a multi-backbone name or id. */
export const BACKBONE_JOIN = '+';

/** A backbone as the workspace hands it out: embeds, and says what the embedding pass did. */
export interface WorkspaceBackbone extends Backbone {
  embedWithStats(texts: readonly string[], opts?: EmbedOptions): Promise<{ matrix: Matrix; stats: EmbedStats }>;
}

/**
 * The backbone names of a spec: `'use-lite'`, `'use-lite+hashing'`, `'use-lite,hashing'` or a list.
 *
 * @example
 * backboneParts('use-lite,hashing'); // ['use-lite', 'hashing']
 */
export function backboneParts(spec: string | readonly string[]): string[] {
  const parts = (typeof spec === 'string' ? spec.split(/[+,]/) : [...spec]).map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError('Give at least one backbone name.', 'no_backbone');
  const twice = parts.find((p, i) => parts.indexOf(p) !== i);
  if (twice) throw new UsageError(`Backbone "${twice}" is listed twice; list each backbone once.`, 'bad_backbone');
  return parts;
}

/**
 * The cross-backbone ensemble: a head of `kind` (a kind tagged acrossBackbones) with one `member`
 * head per backbone, each reading that backbone's columns of the concatenated embeddings, as
 * `graft fit --backbone a,b --strategy ensemble` fits and the bake-off measures it. A part's
 * `params` fix its member's settings (the bake-off's: what that backbone's own fit chose).
 *
 * @example
 * ensembleAcrossBackbones(combiner, DEFAULT_KIND, [{ name: 'use-lite', dim: 512 }, { name: 'hashing', dim: 4096 }]);
 */
export function ensembleAcrossBackbones(kind: string, member: string, parts: readonly { name: string; dim: number; params?: object }[]): Strategy {
  const cols = partColumns(parts.map((p) => p.dim));
  const members: EnsembleMember[] = parts.map((p, i) => ({ kind: member, ...(p.params ? { params: p.params } : {}), columns: cols[i]!, name: `${member} on ${p.name}` }));
  return createStrategy(kind, { members });
}

/** The specs of a backbone name (parts joined with `+`), or undefined when a part is no registered kind. */
export function specsOfName(name: string): BackboneSpec[] | undefined {
  const specs = backboneParts(name).map((p) => tryParseBackboneSpec(p));
  return specs.every((s): s is BackboneSpec => s !== undefined) ? specs : undefined;
}

/** The ids (or names) of a multi-backbone id, in column order. */
export function splitBackboneId(id: string): string[] {
  return id.split(BACKBONE_JOIN);
}

/**
 * Several backbones read as one: vectors are the parts' vectors side by side. Closing it
 * closes nothing (the parts belong to the workspace).
 */
export class ConcatBackbone implements WorkspaceBackbone {
  constructor(readonly parts: readonly WorkspaceBackbone[]) {
    if (parts.length < 2) throw new UsageError('ConcatBackbone needs at least two backbones.', 'bad_backbone');
  }

  /** Read after `open()`: a part's id or width may need it (a fetched model, a remote's vector length). */
  get id(): string {
    return this.parts.map((p) => p.id).join(BACKBONE_JOIN);
  }

  get dim(): number {
    return this.parts.reduce((s, p) => s + p.dim, 0);
  }

  async open(opts: EmbedOptions = {}): Promise<void> {
    for (const p of this.parts) await p.open?.(opts);
  }

  /** Each part's column range. */
  get columns(): [number, number][] {
    return partColumns(this.parts.map((p) => p.dim));
  }

  countTruncated(texts: readonly string[]): number {
    return Math.max(0, ...this.parts.map((p) => p.countTruncated?.(texts) ?? 0));
  }

  /** The parts' weights together; unknown when any part's is. */
  weightsBytes(): number | undefined {
    let sum = 0;
    for (const p of this.parts) {
      const b = p.weightsBytes?.();
      if (b === undefined) return undefined;
      sum += b;
    }
    return sum;
  }

  async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Matrix> {
    return (await this.embedWithStats(texts, opts)).matrix;
  }

  /** Embeds with each part in turn; the statistics add up over the parts (texts counted once per part). */
  async embedWithStats(texts: readonly string[], opts: EmbedOptions = {}): Promise<{ matrix: Matrix; stats: EmbedStats }> {
    const mats: Matrix[] = [];
    const stats: EmbedStats = { texts: 0, cacheHits: 0, embedded: 0, truncated: 0, seconds: 0 };
    for (const p of this.parts) {
      const r = await p.embedWithStats(texts, opts);
      mats.push(r.matrix);
      stats.texts += r.stats.texts;
      stats.cacheHits += r.stats.cacheHits;
      stats.embedded += r.stats.embedded;
      stats.truncated = Math.max(stats.truncated, r.stats.truncated);
      stats.seconds += r.stats.seconds;
      if (r.stats.usage) stats.usage = addUsage(stats.usage, r.stats.usage);
    }
    return { matrix: hconcat(mats), stats };
  }

  async close(): Promise<void> {}
}
