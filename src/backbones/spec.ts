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
 * Splits a CLI string at its first colon: `onnx:./m` → ['onnx', './m'], `use-lite` → ['use-lite', undefined].
 */
export function splitSpecString(text: string): [string, string | undefined] {
  const t = text.trim();
  if (t.length === 0) throw new UsageError('Give a backbone, e.g. use-lite, hashing, onnx:PATH, hf:ORG/NAME or openai:MODEL.', 'no_backbone');
  const at = t.indexOf(':');
  return at < 0 ? [t, undefined] : [t.slice(0, at), t.slice(at + 1)];
}
