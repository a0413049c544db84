/** Explaining a task's predictions: its head, its backbone, and the examples it was fitted on. */
import type { JobOptions } from '../core/index.js';
import { restoreHead } from '../heads/index.js';
import { explainTexts } from '../explain/index.js';
import type { TextExplanation } from '../explain/index.js';
import type { Workspace } from './workspace.js';
import { backboneNameOf } from './predict.js';

export interface ExplainTaskResult {
  task: string;
  version: number;
  explanations: TextExplanation[];
}

/**
 * Explains a task's predictions for `texts`: probabilities, per-label similarity, the nearest
 * training examples of the head's version (as stored, i.e. redacted per the task's privacy
 * policy) and word attributions by occlusion.
 *
 * @example
 * const r = await explainTask(ws, 'spam', ['win a free phone now']);
 * process.stdout.write(formatExplanation(r.explanations[0]!));
 */
export async function explainTask(
  ws: Workspace, task: string, texts: readonly string[],
  opts: JobOptions & { version?: number; neighbours?: number; maxWords?: number } = {},
): Promise<ExplainTaskResult> {
  const hv = ws.tasks.getHeadVersion(task, opts.version);
  const head = restoreHead(hv.head);
  const backbone = ws.backbone(backboneNameOf(ws.tasks.getTask(task).backbone));
  const examples = ws.tasks.trainingExamples(task, hv.version);
  const reference = examples.length > 0
    ? { X: await backbone.embed(examples.map((e) => e.text), opts), labels: examples.map((e) => e.label), texts: examples.map((e) => e.text) }
    : undefined;
  const explanations = await explainTexts(backbone, head, texts, {
    reference, neighbours: opts.neighbours, maxWords: opts.maxWords, signal: opts.signal, onProgress: opts.onProgress,
  });
  return { task, version: hv.version, explanations };
}
