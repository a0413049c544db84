/**
 * The low module for model selection and linear algebra that heads, eval and the pipeline
 * share: seeded stratified splits, nearest-neighbour search, dense products, row vectors,
 * gathering rows and putting matrices side by side. It imports only core.
 */
export { stratifiedFolds, stratifiedKFold, stratifiedHoldout, foldIndices, shuffledByClass, innerFoldCount, multiLabelFolds } from './split.js';
export type { Fold } from './split.js';
export { nearest, nearestSegments, nearestSparse, crossFoldNearest, sparseColumnsOf, sparseQueries, SPARSE } from './neighbours.js';
export type { Neighbours, CrossFoldNeighbours, SparseColumns } from './neighbours.js';
export { matmulTransB, addMatmulTransA } from './gemm.js';
export { GemmWorkspace, SharedRows } from './wasm-gemm.js';
export * as wasm from './wasm-assembler.js';
export type { SharedRowsHandle } from './wasm-gemm.js';
export { toFloat64, dot, l2NormalizeRows, softmaxRows, softplus, maxAbs, logLoss } from './vectors.js';
export { gather, gatherRows } from './gather.js';
export { hconcat, partColumns, sliceColumns } from './columns.js';
