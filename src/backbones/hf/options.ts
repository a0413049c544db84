/** Options of a model named on the Hugging Face hub (`hf:ORG/NAME`). */
import type { OptionSchema } from '../options.js';
import { MODEL_SCHEMA } from '../onnx/options.js';
import type { OnnxModelOptions } from '../onnx/options.js';

export interface HfOptions extends OnnxModelOptions {
  /** Repository id, `ORG/NAME`, holding an ONNX export (onnx/model.onnx). */
  model: string;
  /** Branch, tag or commit to fetch; default `main`. */
  revision?: string;
}

export const HF_SCHEMA: OptionSchema = Object.freeze({
  model: { type: 'string', nonEmpty: true },
  revision: { type: 'string', nonEmpty: true },
  ...MODEL_SCHEMA,
});

/** `ORG/NAME` with the characters the hub allows. */
export const HF_MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;
