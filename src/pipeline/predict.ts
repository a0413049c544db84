/** Predicting with a task's saved head: embed with the task's backbone, apply the head. */
import { UsageError } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import { restoreHead } from '../heads/index.js';
import { OodDetector } from '../eval/index.js';
import type { OodDetectorJSON } from '../eval/index.js';
import { NoveltyStore } from '../store/index.js';
import type { Workspace } from './workspace.js';
import { embedTexts } from './embed.js';
import { privatizeInputs } from './privacy.js';
import { predictionsOf } from '../multitask/index.js';
import { BACKBONE_NAMES } from '../backbones/index.js';
import { BACKBONE_JOIN, splitBackboneId } from './backbones.js';

export interface LabelPrediction {
  /** The most likely label; for a multi-label task, the predicted set joined with `|` (`''` when none). */
  label: string;
  confidence: number;
  /** Probability of every label, in the task's label order (multi-label: each label's own probability). */
  probabilities: Record<string, number>;
  /** Multi-label tasks: the predicted label set, most probable first. */
  labels?: string[];
  /** Multi-label tasks: each label's decision threshold. */
  thresholds?: Record<string, number>;
  /** Whether the input looks unlike the training data (null: the version has no detector). */
  outOfDistribution: boolean | null;
  /** The novelty score behind that flag (higher = more unusual), or null. */
  novelty: number | null;
}

export interface PredictResult {
  task: string;
  version: number;
  backbone: string;
  predictions: LabelPrediction[];
}

export async function predictTask(
  ws: Workspace,
  task: string,
  texts: readonly string[],
  opts: JobOptions & { version?: number } = {},
): Promise<PredictResult> {
  if (texts.length === 0) throw new UsageError('Nothing to predict: give texts as arguments or --file FILE.');
  const hv = ws.tasks.getHeadVersion(task, opts.version);
  const taskInfo = ws.tasks.getTask(task);
  const backboneId = taskInfo.backbone;
  const head = restoreHead(hv.head);
  const backboneName = backboneNameOf(backboneId);
  const { X } = await embedTexts(ws, backboneName, privatizeInputs(ws, texts, taskInfo.privacy), opts);
  const saved = new NoveltyStore(ws.db).get<OodDetectorJSON>(task, hv.version);
  const verdicts = saved ? OodDetector.fromJSON(saved).detect(X) : undefined;
  const predictions: LabelPrediction[] = predictionsOf(head, X).map((p, i) => {
    const v = verdicts?.[i];
    return { ...p, outOfDistribution: v ? v.outOfDistribution : null, novelty: v ? v.score : null };
  });
  return { task, version: hv.version, backbone: backboneId, predictions };
}

/**
 * Backbone ids look like `use-lite@…`; the name before `@` opens it. A multi-backbone id
 * (`use-lite@1+hashing@1-d4096`) gives the names joined the same way (`use-lite+hashing`).
 */
export function backboneNameOf(id: string): string {
  if (id.includes(BACKBONE_JOIN)) return splitBackboneId(id).map(backboneNameOf).join(BACKBONE_JOIN);
  const name = id.split('@')[0]!;
  if (!(BACKBONE_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`This task was trained on backbone "${id}", which this graft does not have (it has ${BACKBONE_NAMES.join(', ')}).`);
  }
  return name;
}
