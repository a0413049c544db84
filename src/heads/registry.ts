/**
 * The head registry: a frozen map of kind → definition (tags, create, restore), one line per
 * kind in `BUILT_IN`. Nothing can be added to or removed from it at run time; an extension
 * builds its own registry with `HEADS.with({ myKind: myDefinition })` and passes it where a
 * `HeadFactory` is taken. Lookups of unknown kinds fail with the list of known ones.
 */

import { DataError, NotFoundError, UsageError } from '../core/index.js';
import type { FittedHead, HeadJSON, Strategy } from './head.js';
import type { HeadDefinition, HeadFactory, LabelNamesOptions, RegularizationPath } from './definition.js';
import type { HeadTags } from './tags.js';
import type { Backbone } from '../backbones/index.js';
import { logistic } from './logistic/index.js';
import { knn } from './knn/index.js';
import { centroid } from './centroid/index.js';
import { calibratedHead } from './calibrated/index.js';
import { mlp } from './mlp/index.js';
import { adapter } from './adapter/index.js';
import { ensemble } from './ensemble/index.js';
import { multiLabel } from './multi-label/index.js';
import { zeroShot } from './zero-shot/index.js';
import { sharded } from './sharded/index.js';

type AnyDefinition = HeadDefinition<any, any, any>;

/** The built-in kinds, in the order `HEAD_KINDS` lists them. */
const BUILT_IN = {
  logistic,
  knn,
  centroid,
  calibrated: calibratedHead,
  mlp,
  adapter,
  ensemble,
  'multi-label': multiLabel,
  'zero-shot': zeroShot,
  sharded,
} satisfies Record<string, AnyDefinition>;

type BuiltIn = typeof BUILT_IN;
/** The head kinds graft has. */
export type HeadKind = keyof BuiltIn;
/**
 * Head kinds a program adds to its own registry (`HEADS.with({ svm })`), named here so they
 * type-check where a kind is asked for: `declare module 'graft-ml' { interface CustomHeadKinds { svm: true } }`.
 */
export interface CustomHeadKinds {}
/** A head kind as the API takes it: graft's own (a typo such as `'logstic'` does not compile) or a custom one. */
export type StrategyName = HeadKind | (keyof CustomHeadKinds & string);
/** What `createStrategy(kind, params)` takes, per kind. */
export type HeadParams = { [K in HeadKind]: BuiltIn[K] extends HeadDefinition<infer P, any, any> ? P : never };
/** What `createStrategy(kind)` returns, per kind. */
export type StrategyOf<K extends HeadKind> = ReturnType<BuiltIn[K]['create']>;
/** What a restored head of the kind is. */
export type FittedHeadOf<K extends HeadKind> = ReturnType<BuiltIn[K]['restore']>;

const KIND_NAME = /^[a-z][a-z0-9-]*$/;

/** A frozen set of head kinds; itself the `HeadFactory` its heads build their inner heads with. */
export class HeadRegistry implements HeadFactory {
  /** Kinds in registration order. */
  readonly kinds: readonly string[];
  private readonly defs: ReadonlyMap<string, AnyDefinition>;

  constructor(definitions: Readonly<Record<string, AnyDefinition>>) {
    for (const kind of Object.keys(definitions)) {
      if (!KIND_NAME.test(kind)) throw new UsageError(`Head kind must be lower-case letters, digits and dashes, got "${kind}".`, 'bad_kind');
    }
    this.defs = new Map(Object.entries(definitions));
    this.kinds = Object.freeze(Object.keys(definitions));
    Object.freeze(this);
  }

  /**
   * A new registry: these kinds and `extra`'s (a kind already here cannot be replaced).
   *
   * @example
   * const heads = HEADS.with({ svm: svmDefinition });
   * heads.createStrategy('ensemble', { members: [{ kind: 'svm' }, { kind: 'logistic' }] });
   */
  with(extra: Readonly<Record<string, AnyDefinition>>): HeadRegistry {
    const taken = Object.keys(extra).filter((k) => this.defs.has(k));
    if (taken.length > 0) throw new UsageError(`Head kind "${taken[0]}" is already registered; give the new kind another name.`, 'bad_kind');
    return new HeadRegistry({ ...Object.fromEntries(this.defs), ...extra });
  }

  /** The kind's definition; NotFoundError listing the known kinds. */
  definition(kind: unknown): AnyDefinition {
    const d = typeof kind === 'string' ? this.defs.get(kind) : undefined;
    if (!d) {
      throw new NotFoundError(`Unknown head kind ${JSON.stringify(kind)}; known kinds are: ${this.kinds.join(', ')}.`, 'unknown_head');
    }
    return d;
  }

  tags(kind: string): Readonly<HeadTags> {
    return this.definition(kind).tags;
  }

  /** Kinds whose tags pass `test`, in registration order. */
  kindsWhere(test: (tags: Readonly<HeadTags>) => boolean): string[] {
    return this.kinds.filter((k) => test(this.tags(k)));
  }

  createStrategy(kind: string, params?: object): Strategy {
    return this.definition(kind).create(params ?? {}, this) as Strategy;
  }

  restoreHead(json: HeadJSON): FittedHead {
    if (typeof json !== 'object' || json === null) throw new DataError('Saved head must be a JSON object.', 'bad_head');
    if (json.format !== 1) {
      throw new DataError(`Saved head has format ${JSON.stringify(json.format)}; this version of graft reads format 1.`, 'bad_head');
    }
    const d = this.definition(json.kind);
    const okLabels = Array.isArray(json.labels) && json.labels.length >= 2 && json.labels.every((l) => typeof l === 'string');
    if (!okLabels || !Number.isInteger(json.dim) || json.dim < 1 || typeof json.state !== 'object' || json.state === null ||
      typeof json.diagnostics !== 'object' || json.diagnostics === null || typeof json.params !== 'object' || json.params === null) {
      throw new DataError(`Saved ${json.kind} head lacks labels, dim, params, diagnostics or state; the file is damaged.`, 'bad_head');
    }
    return d.restore(json, this) as FittedHead;
  }
}

/** graft's head kinds. */
export const HEADS = new HeadRegistry(BUILT_IN);

/** The kind a task is fitted with when none is given. */
export const DEFAULT_KIND: HeadKind = 'logistic';

/** The kinds a bake-off compares when none are given: the three that fit in seconds at any size. */
export const DEFAULT_BAKEOFF_KINDS: readonly HeadKind[] = Object.freeze(['logistic', 'knn', 'centroid']);

/** Kinds `createStrategy` accepts, in registration order. */
export const HEAD_KINDS = HEADS.kinds as readonly HeadKind[];

/**
 * A strategy of the given kind with validated params (typed per kind; any text kind is
 * accepted too, e.g. from a command line, and checked at run time).
 *
 * @example
 * const s = createStrategy('logistic', { C: 1 });
 * const head = await s.fit(X, y, { seed: 1, labels: ['ham', 'spam'] });
 */
export function createStrategy<K extends HeadKind>(kind: K, params?: HeadParams[K]): StrategyOf<K>;
export function createStrategy(kind: string, params?: object): Strategy;
export function createStrategy(kind: string, params?: object): Strategy {
  return HEADS.createStrategy(kind, params);
}

/**
 * Rebuilds a saved head (from `head.toJSON()`, possibly via JSON.stringify/parse).
 *
 * @example
 * const again = restoreHead(JSON.parse(JSON.stringify(head.toJSON())));
 */
export function restoreHead(json: HeadJSON): FittedHead {
  return HEADS.restoreHead(json);
}

/** A kind's tags; NotFoundError for an unknown kind. */
export function headTagsOf(kind: string): Readonly<HeadTags> {
  return HEADS.tags(kind);
}

/** The registered kinds whose tags pass `test`, e.g. every kind `--shards` can split. */
export function kindsWhere(test: (tags: Readonly<HeadTags>) => boolean): string[] {
  return HEADS.kindsWhere(test);
}

/**
 * The strategy for a task that starts from label names: `kind` (default: the first kind tagged
 * `needsLabelNames`) with parameters built from the names through `backbone`.
 *
 * @example
 * const s = await strategyFromLabelNames(backbone, ['refund', 'card arrival']);
 * const head = s.priorOnly!(['refund', 'card arrival']);
 */
export async function strategyFromLabelNames(
  backbone: Backbone, labels: readonly string[], opts: LabelNamesOptions & { kind?: string } = {},
): Promise<Strategy> {
  const kind = opts.kind ?? HEADS.kindsWhere((t) => t.needsLabelNames)[0];
  const d = HEADS.definition(kind);
  if (!d.fromLabelNames) throw new UsageError(`Head kind "${kind}" does not start from label names; use ${HEADS.kindsWhere((t) => t.needsLabelNames).join(', ')}.`, 'bad_strategy');
  return HEADS.createStrategy(kind!, await d.fromLabelNames(backbone, labels, opts));
}

/** The parameter a bake-off sweeps for `kind` (logistic's C, knn's k), with the strategy at each value; undefined when it has none. */
export function regularizationPath(kind: string): (Omit<RegularizationPath, 'params'> & { make(value: number): Strategy }) | undefined {
  const path = HEADS.definition(kind).regularizationPath;
  if (!path) return undefined;
  return {
    param: path.param, values: path.values, reuseChosen: path.reuseChosen, capacity: path.capacity, advice: path.advice,
    make: (v) => HEADS.createStrategy(kind, path.params(v)),
  };
}
