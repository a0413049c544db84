/**
 * The inference runtime: the one module that imports `@huggingface/transformers` (which runs
 * ONNX models on onnxruntime-node). Backbones (`onnx:`/`hf:`) and the privacy NER stage reach
 * it only through `loadTransformers`, so the runtime's global settings are made in one place.
 *
 * `@huggingface/transformers` is an optional peer dependency: the bundled backbones do not need
 * it, and a user who asks for an ONNX model is told how to add it.
 */
import { BackboneError } from '../core/index.js';

export type Transformers = typeof import('@huggingface/transformers');

export interface RuntimeOptions {
  /** Folder for models fetched by name (`hf:ORG/NAME`); absent: remote models are refused. */
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
  return t;
}
