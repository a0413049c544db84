/**
 * Heads: small models fitted on frozen embeddings. Each kind is registered here once;
 * `createStrategy(kind, params)` builds a strategy, `restoreHead(json)` a saved head.
 */

import { createCentroid, restoreCentroid } from './centroid.js';
import { createKnn, restoreKnn } from './knn.js';
import { createLogistic, restoreLogistic } from './logistic/index.js';
import { registerHead } from './registry.js';
import { createCalibrated, restoreCalibratedHead } from './calibrated.js';

registerHead('logistic', { create: createLogistic, restore: restoreLogistic });
registerHead('knn', { create: createKnn, restore: restoreKnn });
registerHead('centroid', { create: createCentroid, restore: restoreCentroid });
registerHead('calibrated', { create: createCalibrated, restore: restoreCalibratedHead });

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
