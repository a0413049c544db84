/**
 * The registry of backbone kinds: a frozen map from kind to its entry (parse, cache policy,
 * options, factory). Adding a kind is one folder plus one line here.
 */
import { NotFoundError, UsageError } from '../core/index.js';
import type { Backbone } from './backbone.js';
import type { BackboneKindEntry, CachePolicy } from './kind.js';
import { checkOptions } from './options.js';
import type { OptionSchema } from './options.js';
import { escapeSpecPart, splitSpecString } from './spec.js';
import type { BackboneContext, BackboneFlags, BackboneKind, BackboneName, BackboneOptions, BackboneSpec } from './spec.js';
import { useLiteKind } from './use-lite/kind.js';
import { hashingKind } from './hashing/kind.js';
import { onnxKind } from './onnx/kind.js';
import { hfKind } from './hf/kind.js';
import { openaiKind } from './openai/kind.js';

const REGISTRY: Readonly<{ [K in BackboneKind]: BackboneKindEntry<K> }> = Object.freeze({
  'use-lite': useLiteKind,
  hashing: hashingKind,
  onnx: onnxKind,
  hf: hfKind,
  openai: openaiKind,
});

/** Kinds `createBackbone` accepts; the first is the default. */
export const BACKBONE_KINDS: readonly BackboneKind[] = Object.freeze(Object.keys(REGISTRY) as BackboneKind[]);

/** The backbone used when none is named: the first registered kind, bundled and local. */
export const DEFAULT_BACKBONE: BackboneKind = BACKBONE_KINDS[0]!;

/** Whether a name is a registered kind. */
export function isBackboneKind(name: string): name is BackboneKind {
  return Object.hasOwn(REGISTRY, name);
}

/** The registry entry of a kind; NotFoundError listing the kinds for any other name. */
export function backboneKind<K extends BackboneKind>(kind: K): BackboneKindEntry<K>;
export function backboneKind(kind: string): BackboneKindEntry<BackboneKind>;
export function backboneKind(kind: string): BackboneKindEntry<BackboneKind> {
  if (!Object.hasOwn(REGISTRY, kind)) {
    throw new NotFoundError(
      `Unknown backbone "${kind}"; valid kinds are: ${BACKBONE_KINDS.map((k) => REGISTRY[k].usage).join(', ')}.`,
      'unknown_backbone',
    );
  }
  return REGISTRY[kind as BackboneKind] as unknown as BackboneKindEntry<BackboneKind>;
}

/**
 * Parses one CLI backbone string into a spec. Flags apply when the kind has that option.
 *
 * @example
 * parseBackboneSpec('onnx:./models/minilm', { flags: { dtype: 'q8' } });
 * // { kind: 'onnx', options: { path: '/abs/models/minilm', dtype: 'q8' } }
 */
export function parseBackboneSpec(text: string, opts: { flags?: BackboneFlags } & BackboneContext = {}): BackboneSpec {
  const { kind, arg, query } = splitSpecString(text);
  const entry = backboneKind(kind);
  // Options written in the string win over flags given for the whole list.
  const options = entry.parse(arg, { ...opts.flags, ...typedQuery(kind, query, entry.schema) }, opts);
  return { kind, options: checkOptions(kind, options, entry.schema) } as BackboneSpec;
}

/** The spec of a name when its kind is registered, else undefined (a name a custom factory knows). */
export function tryParseBackboneSpec(text: string, opts: BackboneContext = {}): BackboneSpec | undefined {
  const kind = text.trim().split(/[:?]/, 1)[0]!;
  return isBackboneKind(kind) ? parseBackboneSpec(text, opts) : undefined;
}

/**
 * Parses a comma-separated list (`use-lite,onnx:./m,openai:text-embedding-3-small`). A flag
 * that no listed kind takes is a UsageError, so a mistyped `--dtype` is not silently ignored.
 */
export function parseBackboneList(text: string, opts: { flags?: BackboneFlags } & BackboneContext = {}): BackboneSpec[] {
  const specs = text.split(',').map((t) => t.trim()).filter((t) => t.length > 0).map((t) => parseBackboneSpec(t, opts));
  if (specs.length === 0) throw new UsageError('Give at least one backbone, e.g. --backbone use-lite.', 'no_backbone');
  for (const [flag, value] of Object.entries(opts.flags ?? {})) {
    if (value === undefined) continue;
    if (!specs.some((s) => Object.hasOwn(REGISTRY[s.kind].schema, flag))) {
      const takers = BACKBONE_KINDS.filter((k) => Object.hasOwn(REGISTRY[k].schema, flag));
      throw new UsageError(
        `The option ${flag} applies to ${takers.length > 0 ? takers.join(', ') : 'no'} backbones, and none is listed in "${text}".`,
        'bad_backbone_option',
      );
    }
  }
  return specs;
}

/**
 * The spec as one string that parses back to the same spec: kind, argument, then every option
 * (`onnx:/models/minilm?dtype=q8&prefix=query%3A%20`). It names the backbone in the workspace
 * and in reports, and fits in a comma-separated list.
 *
 * @example
 * formatBackboneSpec({ kind: 'hashing', options: { dim: 1024 } }); // 'hashing?dim=1024'
 */
export function formatBackboneSpec(spec: BackboneSpec): BackboneName {
  const o = { ...spec.options } as Record<string, unknown>;
  let head: string = spec.kind;
  const argKey = ({ onnx: 'path', hf: 'model', openai: 'model' } as Record<string, string>)[spec.kind];
  if (argKey !== undefined) {
    head += `:${escapeSpecPart(String(o[argKey]))}`;
    delete o[argKey];
  }
  const entry = backboneKind(spec.kind);
  const keys = Object.keys(entry.schema).filter((k) => o[k] !== undefined);
  // the kind, then `:argument` and/or `?options`: a BackboneName by construction
  return (keys.length === 0 ? head : `${head}?${keys.map((k) => `${k}=${escapeSpecPart(String(o[k]))}`).join('&')}`) as BackboneName;
}

/**
 * Creates a backbone from a spec, or from a kind name or CLI string plus options. Nothing is
 * loaded until `open()` or the first `embed`.
 *
 * @example
 * createBackbone('hashing', { dim: 4096 });
 * createBackbone({ kind: 'onnx', options: { path: '/models/minilm' } });
 */
export function createBackbone<K extends BackboneKind>(kind: K, opts?: BackboneOptions[K], ctx?: BackboneContext): Backbone;
export function createBackbone(spec: BackboneSpec | string, opts?: object, ctx?: BackboneContext): Backbone;
export function createBackbone(spec: BackboneSpec | string, opts?: object, ctx: BackboneContext = {}): Backbone {
  const s = typeof spec === 'string' ? specOf(spec, opts, ctx) : spec;
  const entry = backboneKind(s.kind);
  return entry.create(checkOptions(s.kind, s.options, entry.schema), ctx);
}

/**
 * Creates a backbone and opens it: its `id` and `dim` are then known (a remote endpoint that
 * was not told its dimensions answers one short probe text to learn them).
 */
export async function openBackbone(spec: BackboneSpec | string, ctx: BackboneContext = {}): Promise<Backbone> {
  const b = createBackbone(spec, undefined, ctx);
  try {
    await b.open?.();
  } catch (e) {
    await b.close();
    throw e;
  }
  return b;
}

/** Where a kind's vectors are cached. */
export function backboneCachePolicy(spec: BackboneSpec | BackboneKind): CachePolicy {
  return backboneKind(typeof spec === 'string' ? spec : spec.kind).cache;
}

/** Whether a backbone of this kind sends texts off the machine. */
export function isRemoteBackbone(spec: BackboneSpec | BackboneKind): boolean {
  return backboneKind(typeof spec === 'string' ? spec : spec.kind).remote;
}

/** Option values of a spec string, typed by the kind's schema. */
function typedQuery(kind: string, query: Record<string, string>, schema: OptionSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    const rule = Object.hasOwn(schema, k) ? schema[k] : undefined;
    if (rule === undefined) {
      throw new UsageError(`${kind} has no option "${k}"; its options are: ${Object.keys(schema).join(', ')}.`, 'bad_backbone_option');
    }
    out[k] = rule.type === 'int' || rule.type === 'number' ? (v.trim() === '' ? NaN : Number(v))
      : rule.type === 'boolean' ? (v === 'true' ? true : v === 'false' ? false : v)
      : v;
  }
  return out;
}

/** A name like `hashing` with options, or a spec string like `onnx:./m` (options as flags). */
function specOf(text: string, opts: object | undefined, ctx: BackboneContext): BackboneSpec {
  const { kind, arg, query } = splitSpecString(text);
  if (arg === undefined && opts !== undefined && Object.keys(query).length === 0) {
    const entry = backboneKind(kind);
    return { kind, options: checkOptions(kind, opts, entry.schema) } as BackboneSpec;
  }
  return parseBackboneSpec(text, { ...ctx, flags: opts as BackboneFlags | undefined });
}
