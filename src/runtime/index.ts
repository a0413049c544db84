/**
 * The inference runtime: the one module that imports `@huggingface/transformers` (which runs
 * ONNX models on onnxruntime-node). Backbones (`onnx:`/`hf:`) and the privacy NER stage reach
 * it only through this module, so the runtime's global settings are made in one place.
 *
 * `@huggingface/transformers` is an optional peer dependency: the bundled backbones do not need
 * it, and a user who asks for an ONNX model is told how to add it.
 */
export { loadTransformers } from './transformers.js';
export type { Transformers, RuntimeOptions } from './transformers.js';
export { loadTokenizer, ModelTokenizer } from './tokenizer.js';
export type { Encoded } from './tokenizer.js';
export { loadModel, modelFileOf } from './session.js';
export type { ModelDtype, ModelOptions, OnnxModel, OutputTensor, TokenBatch } from './session.js';
