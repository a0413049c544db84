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
import { BACKBONE_NAMES } from '../backbones/index.js';

export interface LabelPrediction {
  label: string;
  confidence: number;
  /** Probability of every label, in the task's label order. */
  probabilities: Record<string, number>;
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
  const P = head.predictProba(X);
  const saved = new NoveltyStore(ws.db).get<OodDetectorJSON>(task, hv.version);
  const verdicts = saved ? OodDetector.fromJSON(saved).detect(X) : undefined;
  const predictions: LabelPrediction[] = [];
  for (let i = 0; i < P.rows; i++) {
    const row = P.row(i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
    const probabilities: Record<string, number> = {};
    head.labels.forEach((l, j) => (probabilities[l] = row[j]!));
    const v = verdicts?.[i];
    predictions.push({
      label: head.labels[best]!, confidence: row[best]!, probabilities,
      outOfDistribution: v ? v.outOfDistribution : null, novelty: v ? v.score : null,
    });
  }
  return { task, version: hv.version, backbone: backboneId, predictions };
}

/** Backbone ids look like `use-lite@…`; the name before `@` opens it. */
export function backboneNameOf(id: string): string {
  const name = id.split('@')[0]!;
  if (!(BACKBONE_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`This task was trained on backbone "${id}", which this graft does not have (it has ${BACKBONE_NAMES.join(', ')}).`);
  }
  return name;
}
