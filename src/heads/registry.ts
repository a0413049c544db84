/**
 * The head registry: kind → how to create its strategy and restore a saved head. Built-in
 * kinds are registered in index.ts; a new kind (mlp, adapter, ensemble, calibrated, ...)
 * adds one `registerHead` line there. An entry can never be replaced or removed, and lookups
 * of unknown kinds fail with the list of known ones. Meta-heads (ensemble, calibrated) import
 * `createStrategy`/`restoreHead` from this file, not from index.ts, to avoid import cycles.
 */

import { DataError, NotFoundError, UsageError } from '../core/index.js';
import type { FittedHead, HeadJSON, HeadKind, Strategy } from './head.js';

export interface HeadEntry {
  /** Validates params (UsageError quoting the value and the allowed set) and returns a strategy. */
  create(params?: unknown): Strategy;
  /** Rebuilds a fitted head from its saved JSON, predicting bit-for-bit as before. */
  restore(json: HeadJSON): FittedHead;
}

const entries = new Map<string, Readonly<HeadEntry>>();

/** Kinds registered so far, in registration order (a live, frozen snapshot). */
export let HEAD_KINDS: readonly HeadKind[] = Object.freeze([]);

/**
 * Adds a head kind.
 *
 * @example
 * registerHead('mlp', { create: createMlp, restore: restoreMlp });
 */
export function registerHead(kind: string, entry: HeadEntry): void {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) {
    throw new UsageError(`Head kind must be lower-case letters, digits and dashes, got "${kind}".`);
  }
  if (entries.has(kind)) throw new UsageError(`Head kind "${kind}" is already registered.`);
  entries.set(kind, Object.freeze({ create: entry.create, restore: entry.restore }));
  HEAD_KINDS = Object.freeze([...HEAD_KINDS, kind]);
}

function entry(kind: unknown): Readonly<HeadEntry> {
  const e = typeof kind === 'string' ? entries.get(kind) : undefined;
  if (!e) {
    throw new NotFoundError(`Unknown head kind ${JSON.stringify(kind)}; known kinds are: ${HEAD_KINDS.join(', ')}.`, 'unknown_head');
  }
  return e;
}

/**
 * A strategy of the given kind with validated params.
 *
 * @example
 * const s = createStrategy('logistic', { C: 1 });
 * const head = await s.fit(X, y, { seed: 1, labels: ['ham', 'spam'] });
 */
export function createStrategy(kind: string, params?: object): Strategy {
  return entry(kind).create(params ?? {});
}

/**
 * The strategy a wrapping head (calibrated, sharded) is given as its `base` param: a head kind
 * (`'logistic'`) or `{ kind, params }`. `hint` ends the error, e.g. an example of a valid value.
 */
export function baseStrategy(wrapper: string, base: unknown, hint = ''): Strategy {
  if (typeof base === 'string') return createStrategy(base);
  if (typeof base === 'object' && base !== null && typeof (base as { kind?: unknown }).kind === 'string') {
    const b = base as { kind: string; params?: object };
    return createStrategy(b.kind, b.params ?? {});
  }
  throw new UsageError(`${wrapper}: params.base must be a head kind or { kind, params }, got ${JSON.stringify(base)}${hint}.`, 'bad_param');
}

/**
 * Rebuilds a saved head (from `head.toJSON()`, possibly via JSON.stringify/parse).
 *
 * @example
 * const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
 */
export function restoreHead(json: HeadJSON): FittedHead {
  if (typeof json !== 'object' || json === null) throw new DataError('Saved head must be a JSON object.', 'bad_head');
  if (json.format !== 1) {
    throw new DataError(`Saved head has format ${JSON.stringify(json.format)}; this version of graft reads format 1.`, 'bad_head');
  }
  const e = entry(json.kind);
  const okLabels = Array.isArray(json.labels) && json.labels.length >= 2 && json.labels.every((l) => typeof l === 'string');
  if (!okLabels || !Number.isInteger(json.dim) || json.dim < 1 || typeof json.state !== 'object' || json.state === null ||
    typeof json.diagnostics !== 'object' || json.diagnostics === null || typeof json.params !== 'object' || json.params === null) {
    throw new DataError(`Saved ${json.kind} head lacks labels, dim, params, diagnostics or state; the file is damaged.`, 'bad_head');
  }
  return e.restore(json);
}
