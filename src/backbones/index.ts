/**
 * Backbones: frozen encoders that turn text into vectors, the registry of their kinds, and the
 * cache in front of them.
 *
 * @example
 * const backbone = await openBackbone(parseBackboneSpec('onnx:./models/minilm'));
 * try {
 *   const X = await backbone.embed(['hello world']);
 * } finally {
 *   await backbone.close(); // stops worker threads, frees the model
 * }
 */
export type { Backbone, BackboneUsage, EmbedOptions, EmbedStats } from './backbone.js';
export { addUsage, usageSince } from './backbone.js';
export { CachedBackbone, MemoryEmbeddingCache } from './cache.js';
export type { EmbeddingCache } from './cache.js';
export type { BackboneKindEntry, CachePolicy } from './kind.js';
export type { BackboneContext, BackboneFlags, BackboneKind, BackboneName, BackboneOptions, BackboneSpec, CustomBackbones } from './spec.js';
export {
  BACKBONE_KINDS, DEFAULT_BACKBONE, backboneKind, backboneCachePolicy, isBackboneKind, createBackbone, formatBackboneSpec, isRemoteBackbone,
  openBackbone, parseBackboneList, parseBackboneSpec, tryParseBackboneSpec,
} from './registry.js';
export { HashingBackbone } from './hashing/index.js';
export type { HashingOptions } from './hashing/index.js';
export { UseLiteBackbone, MAX_TOKENS as USE_LITE_MAX_TOKENS } from './use-lite/index.js';
export type { UseLiteOptions } from './use-lite/index.js';
export { OnnxBackbone } from './onnx/index.js';
export type { OnnxOptions, OnnxModelOptions, Pooling } from './onnx/index.js';
export { HfBackbone } from './hf/index.js';
export type { HfOptions } from './hf/options.js';
export { OpenAiBackbone } from './openai/index.js';
export type { OpenAiOptions } from './openai/index.js';

import { BACKBONE_KINDS } from './registry.js';
import type { BackboneKind } from './spec.js';

/** @deprecated Kept for callers written before kinds took arguments: the same list as BACKBONE_KINDS. */
export const BACKBONE_NAMES: readonly BackboneKind[] = BACKBONE_KINDS;
