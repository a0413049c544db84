/**
 * Backbones: frozen encoders that turn text into vectors, and the cache in front of them.
 *
 * @example
 * const backbone = createBackbone('use-lite');
 * try {
 *   const X = await backbone.embed(['hello world']);
 * } finally {
 *   await backbone.close(); // stops worker threads
 * }
 */
import { NotFoundError } from '../core/index.js';
import type { Backbone } from './backbone.js';
import { HashingBackbone, type HashingOptions } from './hashing/index.js';
import { UseLiteBackbone, type UseLiteOptions } from './use-lite/index.js';

export type { Backbone, EmbedOptions, EmbedStats } from './backbone.js';
export { CachedBackbone, MemoryEmbeddingCache } from './cache.js';
export type { EmbeddingCache } from './cache.js';
export { HashingBackbone } from './hashing/index.js';
export type { HashingOptions } from './hashing/index.js';
export { UseLiteBackbone, MAX_TOKENS as USE_LITE_MAX_TOKENS } from './use-lite/index.js';
export type { UseLiteOptions } from './use-lite/index.js';

export interface BackboneOptions {
  'use-lite': UseLiteOptions;
  hashing: HashingOptions;
}

export type BackboneName = keyof BackboneOptions;

const REGISTRY: Readonly<{ [N in BackboneName]: (opts?: BackboneOptions[N]) => Backbone }> = Object.freeze({
  'use-lite': (opts?: UseLiteOptions) => new UseLiteBackbone(opts),
  hashing: (opts?: HashingOptions) => new HashingBackbone(opts),
});

/** Names `createBackbone` accepts; the first is the default. */
export const BACKBONE_NAMES: readonly BackboneName[] = Object.freeze(Object.keys(REGISTRY) as BackboneName[]);

/**
 * Creates a backbone by name. Nothing is loaded until the first `embed`.
 *
 * @example
 * createBackbone('hashing', { dim: 4096 });
 */
export function createBackbone<N extends BackboneName>(name: N, opts?: BackboneOptions[N]): Backbone;
export function createBackbone(name: string, opts?: object): Backbone;
export function createBackbone(name: string, opts?: object): Backbone {
  if (!Object.hasOwn(REGISTRY, name)) {
    throw new NotFoundError(`Unknown backbone "${name}"; valid names are: ${BACKBONE_NAMES.join(', ')}.`, 'unknown_backbone');
  }
  return (REGISTRY[name as BackboneName] as (o?: object) => Backbone)(opts);
}
