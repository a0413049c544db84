/**
 * Predicting with saved heads: the inputs go through each task's privacy policy, are embedded
 * with the task's backbone (once per backbone and policy, however many tasks read them), run
 * through the head, and are checked by the version's novelty detector.
 */
import { GraftError, Matrix, UsageError } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import { restoreHead } from '../heads/index.js';
import type { FittedHead } from '../heads/index.js';
import { OodDetector } from '../eval/index.js';
import type { OodDetectorJSON } from '../eval/index.js';
import { parsePolicy } from '../privacy/index.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../data/index.js';
import { BACKBONE_NAMES, formatBackboneSpec } from '../backbones/index.js';
import type { BackboneSpec } from '../backbones/index.js';
import { StoreError } from '../store/index.js';
import type { HeadVersion } from '../store/index.js';
import type { WorkspaceContext } from './context.js';
import { embedTexts } from './embed.js';
import { privatizeInputs } from './privacy.js';
import { BACKBONE_JOIN, backboneParts, hconcat, splitBackboneId } from './backbones.js';
import { predictionsOf } from './predictions.js';
import type { LabelPrediction } from './predictions.js';

export interface PredictResult {
  task: string;
  version: number;
  backbone: string;
  predictions: LabelPrediction[];
}

/** A task to predict with: its name, or its name and a saved version other than the live one. */
export type TaskRef = string | { task: string; version?: number };

export interface PredictOptions extends JobOptions {
  /** A saved version instead of the live one. */
  version?: number;
}

/** One task's saved head, ready to predict. */
interface LoadedTask {
  name: string;
  version: number;
  backbone: string;
  /** The backbone name(s) to open: the version's stored spec. */
  backboneName: string;
  /** The policy its inputs get: the task's own, except that `refuse` redacts (a prediction must not fail on a stray e-mail). */
  policy: 'allow' | 'redact' | 'pseudonymize';
  /** The pseudonym key the version's texts were made with (null: the current key). */
  keyId: string | null;
  head: FittedHead;
  /** The version's novelty detector, when it has one. */
  novelty: OodDetector | undefined;
}

/** The task's head and novelty detector, restored once and kept in the workspace's head cache. */
function loadTask(ws: WorkspaceContext, ref: TaskRef): LoadedTask {
  const name = typeof ref === 'string' ? ref : ref.task;
  const version = typeof ref === 'string' ? undefined : ref.version;
  return ws.heads.get(`${name}\u0000${version ?? 'live'}`, (): LoadedTask => {
    const task = ws.tasks.getTask(name);
    const hv = ws.tasks.getHeadVersion(name, version);
    const p = parsePolicy(task.privacy);
    return {
      name, version: hv.version, backbone: task.backbone, backboneName: versionBackbone(task.backbone, hv.backboneSpec),
      policy: p === 'refuse' ? 'redact' : p, keyId: hv.keyId, head: restoreSaved(ws, hv), novelty: servedDetector(ws, name, hv.version),
    };
  }) as LoadedTask;
}

/**
 * A version's novelty detector as predictions use it: its scorer, threshold and rate, read
 * without the saved searches a refit after a forget reuses (`blocks`: ~0.5 MB of strings on a
 * 200-row use-lite task, more than its reference rows), which a server would otherwise keep for
 * every task it has loaded.
 */
function servedDetector(ws: WorkspaceContext, task: string, version: number): OodDetector | undefined {
  const scorer = ws.novelty.get<OodDetectorJSON['scorer']>(task, version, '$.scorer');
  if (scorer === undefined) return undefined;
  const threshold = ws.novelty.get<number>(task, version, '$.threshold')!;
  const falseAlarmRate = ws.novelty.get<number>(task, version, '$.falseAlarmRate')!;
  return OodDetector.fromJSON({ format: 1, scorer, threshold, falseAlarmRate });
}

/**
 * A saved head, restored. SQLite keeps no checksum of a row's contents, so bytes damaged in the
 * file can reach the head's own decoder: what it cannot read is named as a damaged store.
 */
export function restoreSaved(ws: WorkspaceContext, hv: HeadVersion): FittedHead {
  try {
    return restoreHead(hv.head);
  } catch (e) {
    if (e instanceof GraftError) throw e;
    throw new StoreError(
      `The saved head of task "${hv.task}" version ${hv.version} in ${ws.home} cannot be read (${(e as Error).message}): the database file ` +
        'was damaged. Restore graft.db from a backup (with its graft.db-wal, if any), or fit the task again.',
      'store_corrupt', e,
    );
  }
}

/**
 * Predicts every task on the same texts. Each distinct backbone is embedded once per distinct
 * input policy (a task on several backbones reads each of them), so ten tasks on one backbone
 * cost one embedding pass and ten small matrix products. Results come back in task order.
 */
export async function predictTasks(
  ws: WorkspaceContext, refs: readonly TaskRef[], texts: readonly string[], opts: JobOptions = {},
): Promise<PredictResult[]> {
  if (refs.length === 0) throw new UsageError('Give at least one task to predict with.', 'no_task');
  checkInputs(texts);
  const tasks = refs.map((r) => loadTask(ws, r));
  const inputs = new Map<string, string[]>();
  const embedded = new Map<string, Matrix>();
  const out: PredictResult[] = [];
  for (const t of tasks) {
    const input = t.policy === 'pseudonymize' ? `${t.policy}\u0000${t.keyId ?? ''}` : t.policy;
    let safe = inputs.get(input);
    if (!safe) inputs.set(input, (safe = await privatizeInputs(ws, texts, t.policy, t.keyId)));
    const parts: Matrix[] = [];
    for (const name of backboneParts(t.backboneName)) {
      const key = `${input}\u0000${name}`;
      let X = embedded.get(key);
      if (!X) embedded.set(key, (X = (await embedTexts(ws, name, safe, opts)).X));
      parts.push(X);
    }
    const X = hconcat(parts);
    const verdicts = t.novelty?.detect(X);
    const predictions = predictionsOf(t.head, X).map((p, i): LabelPrediction => {
      const v = verdicts?.[i];
      return { ...p, outOfDistribution: v ? v.outOfDistribution : null, novelty: v ? v.score : null };
    });
    out.push({ task: t.name, version: t.version, backbone: t.backbone, predictions });
  }
  return out;
}

/**
 * The backbone name(s) a version reopens: its stored spec(s) as spec strings, joined with `+`;
 * for versions saved before specs were kept, the kind named in the task's backbone id.
 */
export function versionBackbone(taskBackboneId: string, spec: readonly BackboneSpec[] | null): string {
  return spec !== null && spec.length > 0 ? spec.map(formatBackboneSpec).join(BACKBONE_JOIN) : backboneNameOf(taskBackboneId);
}

/**
 * Inputs get the rules training texts get: not empty, not longer than a data file's text may be.
 * Errors name positions, never the text.
 */
function checkInputs(texts: readonly string[]): void {
  if (texts.length === 0) throw new UsageError('Nothing to predict: give texts as arguments or --file FILE.', 'no_texts');
  texts.forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') {
      throw new UsageError(`Text ${i + 1} of ${texts.length} is empty; a head predicts from words, so give it some (fit refuses empty texts too).`, 'empty_text');
    }
    if (t.length > DEFAULT_MAX_TEXT_CHARS) {
      throw new UsageError(
        `Text ${i + 1} of ${texts.length} has ${t.length.toLocaleString('en-US')} characters, over the limit of ${DEFAULT_MAX_TEXT_CHARS.toLocaleString('en-US')} ` +
          'that data files have too; split it, or keep its first part.', 'text_too_long');
    }
  });
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
