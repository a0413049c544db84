/**
 * How meta-heads (adapter, ensemble, multi-label) build and restore the heads they contain:
 * the head registry by default, or a factory a caller passes (tests use small ones).
 */
import { createStrategy, restoreHead } from './registry.js';
import type { FittedHead, HeadJSON, Strategy } from './head.js';

export interface HeadFactory {
  createStrategy(kind: string, params?: object): Strategy;
  restoreHead(json: HeadJSON): FittedHead;
}

const registryFactory: HeadFactory = { createStrategy, restoreHead };

/** The given factory, else the head registry. */
export function headFactory(given?: HeadFactory): HeadFactory {
  return given ?? registryFactory;
}
