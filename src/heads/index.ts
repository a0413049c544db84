/**
 * Heads: small models fitted on frozen embeddings. Each kind is registered here once;
 * `createStrategy(kind, params)` builds a strategy, `restoreHead(json)` a saved head.
 */

import { createCentroid, restoreCentroid } from './centroid.js';
import { createKnn, restoreKnn } from './knn.js';
import { createLogistic, restoreLogistic } from './logistic/index.js';
import { registerHead } from './registry.js';
import { createCalibrated, restoreCalibratedHead } from './calibrated.js';
import { MlpStrategy, MlpHead } from './mlp.js';
import { AdapterStrategy, AdapterHead } from './adapter/index.js';
import { EnsembleStrategy, EnsembleHead } from './ensemble.js';
import { MultiLabelStrategy, MultiLabelHead } from './multilabel.js';
import { ZeroShotStrategy, ZeroShotHead } from './zero-shot.js';
import { createSharded, restoreSharded } from './sharded.js';

registerHead('logistic', { create: createLogistic, restore: restoreLogistic });
registerHead('knn', { create: createKnn, restore: restoreKnn });
registerHead('centroid', { create: createCentroid, restore: restoreCentroid });
registerHead('calibrated', { create: createCalibrated, restore: restoreCalibratedHead });
registerHead('mlp', { create: (p) => new MlpStrategy(p as object), restore: (j) => MlpHead.fromJSON(j) });
registerHead('adapter', { create: (p) => new AdapterStrategy(p as object), restore: (j) => AdapterHead.fromJSON(j) });
registerHead('ensemble', { create: (p) => new EnsembleStrategy(p as object), restore: (j) => EnsembleHead.fromJSON(j) });
registerHead('multi-label', { create: (p) => new MultiLabelStrategy(p as object), restore: (j) => MultiLabelHead.fromJSON(j) });
registerHead('zero-shot', { create: (p) => new ZeroShotStrategy(p as object), restore: (j) => ZeroShotHead.fromJSON(j) });
registerHead('sharded', { create: createSharded, restore: restoreSharded });

export { HEAD_KINDS, createStrategy, registerHead, restoreHead } from './registry.js';
export type { HeadEntry } from './registry.js';
export type {
  Explanation, FitDiagnostics, FitOptions, FittedHead, HeadJSON, HeadKind, Strategy,
} from './head.js';
export { createLogistic, restoreLogistic, LogisticHead, DEFAULT_CS } from './logistic/index.js';
export type { LogisticParams, ClassWeight } from './logistic/index.js';
export { createKnn, restoreKnn, KnnHead, DEFAULT_KS } from './knn.js';
export type { KnnParams } from './knn.js';
export { createCentroid, restoreCentroid, CentroidHead } from './centroid.js';
export type { CentroidParams } from './centroid.js';
export {
  CalibratedStrategy, CalibratedHead, createCalibrated, restoreCalibratedHead, restoreCalibrated, fitTemperature, applyTemperature,
} from './calibrated.js';
export type { CalibratedParams } from './calibrated.js';
export { MlpStrategy, MlpHead } from './mlp.js';
export type { MlpParams } from './mlp.js';
export { AdapterStrategy, AdapterHead, LowRankAdapter } from './adapter/index.js';
export type { AdapterParams } from './adapter/index.js';
export { EnsembleStrategy, EnsembleHead } from './ensemble.js';
export type { EnsembleParams, EnsembleMember, EnsembleSelection } from './ensemble.js';
export { MultiLabelStrategy, MultiLabelHead, multiLabelTargets, splitLabels, multiLabelMetrics } from './multilabel.js';
export type { MultiLabelParams, MultiLabelMetrics } from './multilabel.js';
export { ZeroShotStrategy, ZeroShotHead, labelPrior, encodePrior, DEFAULT_TEMPLATES } from './zero-shot.js';
export type { ZeroShotParams, EncodedPrior, LabelPriorOptions } from './zero-shot.js';
export type { HeadFactory } from './factory.js';
export { ShardedStrategy, ShardedHead, createSharded, restoreSharded, shardOf, shardSeed, isSharded, rowDigests, MAX_SHARDS } from './sharded.js';
export type { ShardedParams, ShardJSON, ShardedRefit } from './sharded.js';
export { nearest, nearestSegments } from './neighbours.js';
export type { Neighbours } from './neighbours.js';
