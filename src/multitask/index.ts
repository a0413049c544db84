/**
 * Many tasks on one backbone: the modular payoff. Loading a task reads only its head (a small
 * JSON document); `predictMany` embeds the texts once per backbone and runs every task's head
 * on the same matrix, so ten tasks cost one embedding pass plus ten small matrix products.
 */
import { Matrix, UsageError } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Backbone } from '../backbones/index.js';
import { restoreHead } from '../heads/index.js';
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
  label: string;
  confidence: number;
  /** Probability of every label, in the task's label order. */
  probabilities: Record<string, number>;
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
 * Predicts every task on the same texts, embedding them once per distinct backbone.
 * Results come back in the order of `tasks`.
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
  const embedded = new Map<string, Matrix>();
  for (const t of tasks) {
    if (embedded.has(t.backbone)) continue;
    embedded.set(t.backbone, await backboneFor(t.backbone).embed(texts, opts));
  }
  return tasks.map((t) => ({
    task: t.name, version: t.version, backbone: t.backbone,
    predictions: toPredictions(t.head, t.head.predictProba(embedded.get(t.backbone)!)),
  }));
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
