/** The NER stage's contract: what `detect` needs from a loaded token-classification model. */
import type { Finding } from '../types.js';

export interface NerPrepareOptions {
  signal?: AbortSignal;
  /** Called after each batch with the texts done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * A loaded model that finds PERSON, LOCATION and ORGANIZATION spans. Inference is
 * asynchronous and batched, `detect` is not: `prepare(texts)` runs the model over the texts a
 * caller is about to detect in, and `findings(text)` then answers for each of them.
 */
export interface NerStage {
  /** `onnx:<folder>`, as given. */
  readonly id: string;
  /** Runs the model over the texts (distinct texts once) and keeps their findings until the next `prepare`. */
  prepare(texts: readonly string[], opts?: NerPrepareOptions): Promise<void>;
  /** The model's findings for a prepared text. Throws PrivacyError for a text `prepare` did not see. */
  findings(text: string): readonly Finding[];
  /** Releases the model's session. */
  dispose(): Promise<void>;
}
