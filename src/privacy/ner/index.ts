/** The NER stage: a token-classification model's names, places and organizations, merged with the rules'. */
export { loadNer } from './onnx.js';
export type { NerOptions } from './onnx.js';
export type { NerStage, NerPrepareOptions } from './stage.js';
export { mergeModelFindings, MODEL_OVERRULES } from './merge.js';
