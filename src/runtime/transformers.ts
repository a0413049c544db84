/**
 * Imports `@huggingface/transformers` once and makes its global settings in one place: no
 * remote models unless a cache folder is given, and no console output (library code never logs).
 */
import { BackboneError } from '../core/index.js';

export type Transformers = typeof import('@huggingface/transformers');

export interface RuntimeOptions {
  /** Folder for models fetched by name; absent: remote models are refused. */
  cacheDir?: string;
}

let loading: Promise<Transformers> | undefined;

/**
 * The transformers.js module, imported once, with remote model downloads switched off unless
 * a cache folder for them is given.
 *
 * @example
 * const { AutoTokenizer } = await loadTransformers();
 */
export async function loadTransformers(opts: RuntimeOptions = {}): Promise<Transformers> {
  loading ??= import('@huggingface/transformers').catch((e: unknown) => {
    loading = undefined;
    throw new BackboneError(
      'ONNX models need the package @huggingface/transformers, which is not installed ' +
        `(${(e as Error).message.split('\n')[0]}). Add it with: npm install @huggingface/transformers@4.3.2`,
      e,
    );
  });
  const t = await loading;
  t.env.allowRemoteModels = opts.cacheDir !== undefined;
  if (opts.cacheDir !== undefined) t.env.cacheDir = opts.cacheDir;
  // Errors reach the caller as exceptions; warnings would go to the console.
  t.env.logLevel = t.LogLevel.ERROR;
  return t;
}
