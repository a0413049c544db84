/** The shape of one entry of the backbone registry: how a kind parses, is cached and is built. */
import { UsageError } from '../core/index.js';
import type { Backbone } from './backbone.js';
import type { OptionSchema } from './options.js';
import type { BackboneContext, BackboneFlags, BackboneKind, BackboneOptions } from './spec.js';

/** Where a kind's vectors are cached: the store's embedding cache, or nowhere (computed again each time). */
export type CachePolicy = 'store' | 'none';

export interface BackboneKindEntry<K extends BackboneKind> {
  /** How the CLI writes it, e.g. `onnx:PATH`. */
  readonly usage: string;
  /** One line for help texts. */
  readonly summary: string;
  /** Whether texts leave the machine (the privacy stage must run before them, always). */
  readonly remote: boolean;
  /**
   * Where vectors are cached. `none` for kinds whose vectors cost less to compute than to key,
   * look up and keep, even in memory (hashing).
   */
  readonly cache: CachePolicy;
  /** The options the kind takes, checked on every create. */
  readonly schema: OptionSchema;
  /**
   * Options from the CLI string's argument (after `kind:`) and the flags, with the defaults that
   * depend on where graft runs made explicit (an absolute path, the endpoint), so that the spec
   * reopens the same backbone anywhere.
   */
  parse(arg: string | undefined, flags: BackboneFlags, ctx: BackboneContext): BackboneOptions[K];
  /** A backbone for checked options; loads nothing yet. */
  create(options: BackboneOptions[K], ctx: BackboneContext): Backbone;
}

/** The flags that name options of this schema. */
export function flagsFor(schema: OptionSchema, flags: BackboneFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags)) if (Object.hasOwn(schema, k) && v !== undefined) out[k] = v;
  return out;
}

/** Throws unless the CLI string had no argument (`use-lite`, not `use-lite:x`). */
export function noArgument(kind: string, arg: string | undefined): void {
  if (arg !== undefined) {
    throw new UsageError(`The ${kind} backbone takes nothing after "${kind}:"; write --backbone ${kind}.`, 'bad_backbone');
  }
}

/** The argument after `kind:`, required. */
export function requireArgument(usage: string, arg: string | undefined): string {
  if (arg === undefined || arg.trim().length === 0) {
    throw new UsageError(`Write this backbone as ${usage}.`, 'bad_backbone');
  }
  return arg.trim();
}

/** A registry entry, frozen. */
export function defineKind<K extends BackboneKind>(entry: BackboneKindEntry<K>): BackboneKindEntry<K> {
  return Object.freeze(entry);
}
