/**
 * Heads: small models fitted on frozen embeddings. Each kind is one folder exporting one
 * definition (tags, create, restore) and one line in registry.ts; `createStrategy(kind, params)`
 * builds a strategy, `restoreHead(json)` a saved head. Layers above read a head's tags and call
 * its methods; they never test its kind.
 */

export {
  HEADS, HEAD_KINDS, DEFAULT_KIND, DEFAULT_BAKEOFF_KINDS, HeadRegistry, createStrategy, restoreHead, headTagsOf, kindsWhere, strategyFromLabelNames, regularizationPath,
} from './registry.js';
export type { HeadKind, HeadParams, StrategyOf, FittedHeadOf, StrategyName, CustomHeadKinds } from './registry.js';
export type {
  CrossFit, CrossFitFold, CrossFitOptions, Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, InnerPath, Refitted, Strategy,
} from './head.js';
export { DEFAULT_TAGS, tagsOf } from './tags.js';
export type { HeadTags } from './tags.js';
export { predictLabels, topLabels, summaryOf, describeStrategy } from './describe.js';
export type { HeadPrediction, HeadSummary } from './describe.js';
export { defineHead } from './definition.js';
export type { HeadDefinition, HeadFactory, LabelNamesOptions, RegularizationPath } from './definition.js';
export { readParams, rule } from './params.js';
export type { Rule, HeadSpec } from './params.js';
export { calibrated, withCalibration, withShards } from './compose.js';

export { DEFAULT_CS } from './logistic/index.js';
export type { LogisticParams, LogisticHead, ClassWeight } from './logistic/index.js';
export { DEFAULT_KS } from './knn/index.js';
export type { KnnParams, KnnHead } from './knn/index.js';
export type { CentroidParams, CentroidHead } from './centroid/index.js';
export { fitTemperature, applyTemperature } from './calibrated/index.js';
export type { CalibratedParams, CalibratedInput, CalibratedStrategy, CalibratedHead } from './calibrated/index.js';
export type { MlpParams, MlpStrategy, MlpHead } from './mlp/index.js';
export type { AdapterParams, AdapterStrategy, AdapterHead } from './adapter/index.js';
export type { EnsembleParams, EnsembleMember, EnsembleSelection, EnsembleSummary, EnsembleStrategy, EnsembleHead } from './ensemble/index.js';
export { multiLabelTargets, splitLabels, multiLabelMetrics } from './multi-label/index.js';
export type { MultiLabelParams, MultiLabelMetrics, MultiLabelStrategy, MultiLabelHead } from './multi-label/index.js';
export { labelPrior, encodePrior, DEFAULT_TEMPLATES } from './zero-shot/index.js';
export type { ZeroShotParams, EncodedPrior, LabelPriorOptions, ZeroShotStrategy, ZeroShotHead } from './zero-shot/index.js';
export { shardOf, shardSeed, MAX_SHARDS } from './sharded/index.js';
export type { ShardedParams, ShardedInput, ShardJSON, ShardedRefit, ShardedStrategy, ShardedHead } from './sharded/index.js';
