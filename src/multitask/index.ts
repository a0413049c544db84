/**
 * Many tasks on one backbone: the modular payoff. Loading a task reads only its head (a small
 * JSON document); `predictMany` embeds the texts once per backbone and runs every task's head
 * on the same matrix, so ten tasks cost one embedding pass plus ten small matrix products.
 */
import { Matrix, UsageError } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Backbone } from '../backbones/index.js';
import { MultiLabelHead, restoreHead } from '../heads/index.js';
import type { FittedHead } from '../heads/index.js';
import type { TaskStore } from '../store/index.js';

/** A task ready to predict: its live (or chosen) head, restored. */
export interface LoadedTask {
  name: string;
  version: number;
  /** Backbone id the head was trained on, e.g. `use-lite@…`. */
  backbone: string;
  head: FittedHead;
}

export interface TaskPrediction {
  /** The most likely label; for a multi-label task, the predicted set joined with `|` (`''` when none). */
  label: string;
  confidence: number;
  /**
   * Probability of every label, in the task's label order: they sum to 1, except for a
   * multi-label task, where each is that label's own probability of being present.
   */
  probabilities: Record<string, number>;
  /** Multi-label tasks: the predicted set (labels whose probability reaches their threshold), most probable first. */
  labels?: string[];
  /** Multi-label tasks: each label's threshold, chosen by cross-validation when the head was fitted. */
  thresholds?: Record<string, number>;
}

export interface TaskPredictions {
  task: string;
  version: number;
  backbone: string;
  predictions: TaskPrediction[];
}

/**
 * Loads one task's head: the live version, or `version`. Reads the head and nothing else
 * (no training examples, no other task).
 *
 * @example
 * const spam = loadTask(ws.tasks, 'spam');
 */
export function loadTask(tasks: TaskStore, name: string, version?: number): LoadedTask {
  const task = tasks.getTask(name);
  const hv = tasks.getHeadVersion(name, version);
  return { name, version: hv.version, backbone: task.backbone, head: restoreHead(hv.head) };
}

/**
 * Predicts every task on the same texts, embedding them once per distinct backbone (a task
 * on several backbones reads each of them, still embedded once for all tasks). Results come
 * back in the order of `tasks`; multi-label tasks give label sets.
 *
 * @example
 * const [spam, topic] = await predictMany(texts, [loadTask(ws.tasks, 'spam'), loadTask(ws.tasks, 'topic')],
 *   (id) => ws.backbone(backboneNameOf(id)));
 */
export async function predictMany(
  texts: readonly string[],
  tasks: readonly LoadedTask[],
  backboneFor: (id: string) => Backbone,
  opts: JobOptions = {},
): Promise<TaskPredictions[]> {
  if (tasks.length === 0) throw new UsageError('predictMany: give at least one task.', 'no_task');
  // A task on several backbones (`use-lite@1+hashing@1-d4096`) reads their embeddings side by
  // side: each backbone is still embedded once, however many tasks read it.
  const embedded = new Map<string, Matrix>();
  for (const t of tasks) {
    for (const id of t.backbone.split('+')) {
      if (!embedded.has(id)) embedded.set(id, await backboneFor(id).embed(texts, opts));
    }
  }
  const inputOf = (backbone: string): Matrix => concatColumns(backbone.split('+').map((id) => embedded.get(id)!));
  return tasks.map((t) => ({
    task: t.name, version: t.version, backbone: t.backbone,
    predictions: predictionsOf(t.head, inputOf(t.backbone)),
  }));
}

/** A head's predictions for embedded rows: multi-label heads give label sets, others the top label. */
export function predictionsOf(head: FittedHead, X: Matrix): TaskPrediction[] {
  if (head instanceof MultiLabelHead) return toMultiLabelPredictions(head, head.predictScores(X));
  return toPredictions(head, head.predictProba(X));
}

/** Per-label probabilities → the label set above the head's thresholds, most probable first. */
export function toMultiLabelPredictions(head: MultiLabelHead, S: Matrix): TaskPrediction[] {
  const thresholds = Object.fromEntries(head.labels.map((l, j) => [l, head.thresholds[j]!]));
  const out: TaskPrediction[] = [];
  for (let i = 0; i < S.rows; i++) {
    const row = S.row(i);
    const order = head.labels.map((_, j) => j).sort((a, b) => row[b]! - row[a]!);
    const chosen = order.filter((j) => row[j]! >= head.thresholds[j]!);
    out.push({
      label: chosen.map((j) => head.labels[j]!).join('|'),
      confidence: row[order[0]!]!,
      probabilities: Object.fromEntries(head.labels.map((l, j) => [l, row[j]!])),
      labels: chosen.map((j) => head.labels[j]!),
      thresholds,
    });
  }
  return out;
}

function concatColumns(parts: readonly Matrix[]): Matrix {
  if (parts.length === 1) return parts[0]!;
  const cols = parts.reduce((s, m) => s + m.cols, 0);
  const out = new Matrix(parts[0]!.rows, cols);
  for (let r = 0; r < out.rows; r++) {
    let at = r * cols;
    for (const m of parts) { out.data.set(m.row(r), at); at += m.cols; }
  }
  return out;
}

/** Rows of probabilities → the top label, its probability and every label's probability. */
export function toPredictions(head: FittedHead, P: Matrix): TaskPrediction[] {
  const out: TaskPrediction[] = [];
  for (let i = 0; i < P.rows; i++) {
    const row = P.row(i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
    out.push({
      label: head.labels[best]!,
      confidence: row[best]!,
      probabilities: Object.fromEntries(head.labels.map((l, j) => [l, row[j]!])),
    });
  }
  return out;
}
