/**
 * A backbone as data: `{ kind, options }`, what a task version stores to reopen its backbone
 * later. Secrets never appear in it: an API key is named by the environment variable that holds
 * it, and read when the backbone is created. The CLI's strings (`use-lite`, `hashing`,
 * `onnx:PATH`, `hf:ORG/NAME`, `openai:MODEL`) parse into specs here.
 */
import { UsageError } from '../core/index.js';
import type { HashingOptions } from './hashing/index.js';
import type { UseLiteOptions } from './use-lite/index.js';
import type { OnnxOptions } from './onnx/options.js';
import type { HfOptions } from './hf/options.js';
import type { OpenAiOptions } from './openai/options.js';

/** Options of each backbone kind. */
export interface BackboneOptions {
  'use-lite': UseLiteOptions;
  hashing: HashingOptions;
  onnx: OnnxOptions;
  hf: HfOptions;
  openai: OpenAiOptions;
}

export type BackboneKind = keyof BackboneOptions;

/**
 * Backbone names a program opens through its own factory (`openWorkspace({ backbones })`), named
 * here so they type-check: `declare module 'graft-ml' { interface CustomBackbones { 'my-encoder': true } }`.
 */
export interface CustomBackbones {}

/**
 * A backbone as the API and the CLI write it: a kind with its argument and options (`use-lite`,
 * `hashing?dim=512`, `onnx:./models/minilm`, `hf:ORG/NAME`, `openai:MODEL`) or a custom name.
 * A typo in the kind (`use-lit`, `onxx:./m`) does not compile.
 */
export type BackboneName = BackboneKind | `${BackboneKind}:${string}` | `${BackboneKind}?${string}` | (keyof CustomBackbones & string);

/** A backbone as data, JSON-safe and free of secrets. */
export type BackboneSpec = { [K in BackboneKind]: { kind: K; options: BackboneOptions[K] } }[BackboneKind];

/** What creating a backbone may read besides its spec. Nothing here is ever stored. */
export interface BackboneContext {
  /** Environment for API keys and defaults (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `HF_ENDPOINT`, `HF_HUB_OFFLINE`); default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** graft's home folder: `hf:` models are kept in its `models/` folder. Default `$GRAFT_HOME` or `./.graft`. */
  home?: string;
  /** Folder that relative `onnx:` paths start from; default `process.cwd()`. */
  cwd?: string;
  /** An API key given in code instead of an environment variable; used for the call, never stored or shown. */
  apiKey?: string;
}

/**
 * Option values from the command line (`--dtype q8`, `--endpoint URL`, …), keyed by option name.
 * Each applies to every listed backbone whose kind has that option.
 */
export type BackboneFlags = Readonly<Record<string, unknown>>;

/**
 * Characters escaped in a spec string's argument and values, so that lists (`,`), joins (`+`),
 * options (`?&=`) and edge blanks (a prefix's trailing space) survive parsing.
 */
const RESERVED = /[%?&=,+#\s]/g;

export function escapeSpecPart(v: string): string {
  return v.replace(RESERVED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function unescapeSpecPart(v: string): string {
  return v.replace(/%([0-9A-Fa-f]{2})/g, (m, h: string) => {
    const c = String.fromCharCode(parseInt(h, 16));
    return /[%?&=,+#\s]/.test(c) ? c : m;
  });
}

/**
 * Splits a spec string: `onnx:./m?dtype=q8&prefix=query%3A` → kind `onnx`, argument `./m`,
 * options `{ dtype: 'q8', prefix: 'query:' }` (values still strings). Reserved characters in the
 * argument or values are percent-escaped (`%2C` for a comma).
 */
export function splitSpecString(text: string): { kind: string; arg: string | undefined; query: Record<string, string> } {
  const t = text.trim();
  if (t.length === 0) throw new UsageError('Give a backbone, e.g. use-lite, hashing, onnx:PATH, hf:ORG/NAME or openai:MODEL.', 'no_backbone');
  const q = t.indexOf('?');
  const head = q < 0 ? t : t.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const pair of t.slice(q + 1).split('&').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`"${pair}" in "${t}" is not an option; write ?name=value&name=value.`, 'bad_backbone');
      query[pair.slice(0, eq)] = unescapeSpecPart(pair.slice(eq + 1));
    }
  }
  const at = head.indexOf(':');
  return at < 0
    ? { kind: head, arg: undefined, query }
    : { kind: head.slice(0, at), arg: unescapeSpecPart(head.slice(at + 1)), query };
}
