/** Explaining a task's predictions: its head, its backbone, and the examples it was fitted on. */
import type { JobOptions } from '../core/index.js';
import { explainTexts } from '../explain/index.js';
import type { TextExplanation } from '../explain/index.js';
import { OodDetector } from '../eval/index.js';
import type { OodDetectorJSON } from '../eval/index.js';
import type { WorkspaceContext } from './context.js';
import { restoreSaved, versionBackbone } from './predict.js';
import { privatizeInputs } from './privacy.js';

/** One text's explanation, with the novelty verdict `predict` gives it. */
export interface TaskExplanation extends TextExplanation {
  outOfDistribution: boolean | null;
  novelty: number | null;
}

export interface ExplainTaskResult {
  task: string;
  version: number;
  explanations: TaskExplanation[];
}

export interface ExplainTaskOptions extends JobOptions {
  version?: number;
  /** Nearest training examples to show per text. */
  neighbours?: number;
  /** Occlude at most this many words per text. */
  maxWords?: number;
}

/**
 * Explains a task's predictions for `texts`: probabilities, per-label similarity, the nearest
 * training examples of the head's version (as stored, i.e. redacted per the task's privacy
 * policy) and word attributions by occlusion. The texts get the task's input policy first, as
 * in `predict`: the words explained, and every variant embedded, are the redacted ones.
 */
export async function explainTask(ws: WorkspaceContext, task: string, texts: readonly string[], opts: ExplainTaskOptions = {}): Promise<ExplainTaskResult> {
  const info = ws.tasks.getTask(task);
  const hv = ws.tasks.getHeadVersion(task, opts.version);
  const head = restoreSaved(ws, hv);
  const safe = await privatizeInputs(ws, texts, info.privacy, hv.keyId);
  const backbone = ws.backbone(versionBackbone(info.backbone, hv.backboneSpec));
  await backbone.open?.(opts);
  const examples = ws.tasks.trainingExamples(task, hv.version);
  const reference = examples.length > 0
    ? { X: await backbone.embed(examples.map((e) => e.text), opts), labels: examples.map((e) => e.label), texts: examples.map((e) => e.text) }
    : undefined;
  const explanations = await explainTexts(backbone, head, safe, {
    reference, neighbours: opts.neighbours, maxWords: opts.maxWords, signal: opts.signal, onProgress: opts.onProgress,
  });
  const saved = ws.novelty.get<OodDetectorJSON>(task, hv.version);
  const verdicts = saved ? OodDetector.fromJSON(saved).detect(await backbone.embed(safe, opts)) : undefined;
  return {
    task, version: hv.version,
    explanations: explanations.map((e, i) => ({ ...e, outOfDistribution: verdicts?.[i]?.outOfDistribution ?? null, novelty: verdicts?.[i]?.score ?? null })),
  };
}
