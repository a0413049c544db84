/** Options of a local ONNX model folder (`onnx:PATH`); `hf:` models take the same minus the path. */
import type { OptionSchema } from '../options.js';

export type Pooling = 'mean' | 'cls' | 'max';

export interface OnnxModelOptions {
  /** Weights file: `fp32` reads onnx/model.onnx (default), `q8` onnx/model_quantized.onnx. */
  dtype?: 'fp32' | 'q8';
  /** How token vectors become one vector, when the folder has no `1_Pooling/config.json`; default mean. */
  pooling?: Pooling;
  /** Scale vectors to unit length; default: as the folder's modules.json says (a Normalize module), else true. */
  normalize?: boolean;
  /** Text put before every input, for models trained with one (`query: ` for E5). */
  prefix?: string;
  /** Token limit, special tokens included; default the model's (sentence_bert_config.json, else tokenizer/config). */
  maxTokens?: number;
  /** onnxruntime intra-op threads; default: every core (measured faster than a worker pool here). */
  threads?: number;
  /** Texts per model call; default 32. */
  batchSize?: number;
}

export interface OnnxOptions extends OnnxModelOptions {
  /** The model folder, absolute (the CLI resolves a relative path against the working folder). */
  path: string;
}

export const MODEL_SCHEMA: OptionSchema = Object.freeze({
  dtype: { type: 'enum', values: ['fp32', 'q8'] },
  pooling: { type: 'enum', values: ['mean', 'cls', 'max'] },
  normalize: { type: 'boolean' },
  prefix: { type: 'string' },
  maxTokens: { type: 'int', min: 2, max: 1 << 16 },
  threads: { type: 'int', min: 1, max: 256 },
  batchSize: { type: 'int', min: 1, max: 4096 },
});

export const ONNX_SCHEMA: OptionSchema = Object.freeze({ path: { type: 'string', nonEmpty: true }, ...MODEL_SCHEMA });
