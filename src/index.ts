/**
 * graft's public library API: everything a TypeScript user imports. Each line re-exports
 * one module's own index; see README.md for a tour.
 */
export * from './core/index.js';
export * from './data/index.js';
export * from './backbones/index.js';
export * from './heads/index.js';
export * from './eval/index.js';
export * from './store/index.js';
export * from './pipeline/index.js';
export * from './explain/index.js';
export * from './privacy/index.js';
