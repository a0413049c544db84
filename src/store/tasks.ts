/**
 * Tasks and their versioned heads. A task fixes its backbone and label set when it is
 * created; every saved head is a new version, written in one transaction together with
 * the training examples it was fitted on, and made the live version.
 */
import { DataError, GraftError, LabelSet, NotFoundError, UsageError, sha256 } from '../core/index.js';
import type { Issue } from '../core/index.js';
import type { HeadJSON } from '../heads/index.js';
import type { BackboneSpec } from '../backbones/index.js';
import type { Db } from './db.js';
import { dbFilePath } from './db-path.js';
import { storeErrorOf } from './errors.js';
import { NoveltyStore } from './novelty.js';
import { PartStore } from './parts.js';
import { writeTransaction } from './write.js';

/** Task names: lower-case, start with a letter or digit, at most 64 characters. */
export const TASK_NAME_RULE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Privacy policy name used when a task is created without one. */
export const DEFAULT_PRIVACY = 'redact';

export interface Task {
  name: string;
  backbone: string;
  /** Sorted, unique; column j of every head's probabilities is labels[j]. */
  labels: string[];
  privacy: string;
  /** The version that answers predictions, or null before the first head is saved. */
  liveVersion: number | null;
  createdAt: string;
}

/** Flat scalar metrics kept beside a head version, e.g. `headlineMetrics(result)`. */
export type VersionMetrics = Record<string, number | string | boolean | null>;

export interface TaskSummary extends Task {
  /** Versions not deleted. */
  versions: number;
  /** When the last version was saved (the creation time before any). */
  updatedAt: string;
  /** Metrics of the live version, or null. */
  metrics: VersionMetrics | null;
}

export interface TrainingExample {
  id: string;
  text: string;
  label: string;
}

/** A training example to save, with the keyed digests of the private values its raw text held (the finding index). */
export interface NewTrainingExample extends TrainingExample {
  /** `FindingDigests` of the example's findings (privacy's `findingDigests`): never values. */
  findings?: readonly string[];
}

export interface NewHeadVersion {
  task: string;
  kind: string;
  /** The strategy's parameters (JSON). */
  strategy: object;
  seed: number;
  head: HeadJSON;
  dataHash: string;
  metrics: VersionMetrics;
  examples: readonly NewTrainingExample[];
  /** The backbone(s) the head reads, as data (one spec per part, no secrets), to reopen them later. */
  backboneSpec?: readonly BackboneSpec[];
  /** The version's out-of-distribution detector (eval's JSON), saved in the same transaction. */
  novelty?: object;
  /** Id of the pseudonym key the examples were pseudonymized with (store's `PseudonymKeys`), when one was used. */
  keyId?: string | null;
  /**
   * Take the examples over from this (older) version instead of writing them again: its
   * stored rows, which must be exactly `examples` (same count, same order), are moved to the
   * new version in place. Used by exact unlearning, after the forgotten rows are deleted, so
   * that a forget does not rewrite every example of a large task.
   */
  moveExamplesFrom?: number;
}

export interface VersionSummary {
  task: string;
  version: number;
  kind: string;
  strategy: object;
  seed: number;
  dataHash: string;
  metrics: VersionMetrics;
  /** Training examples the head was fitted on. */
  rows: number;
  createdAt: string;
  /** Set when the version was deleted (its head and examples removed). */
  deletedAt: string | null;
  live: boolean;
  /** The backbone(s) to reopen for this version; null for versions saved before specs were kept. */
  backboneSpec: BackboneSpec[] | null;
  /** The pseudonym key its texts were made with (predict uses the same), or null. */
  keyId: string | null;
}

export interface HeadVersion extends VersionSummary {
  head: HeadJSON;
}

export interface StoreOptions {
  /** Clock, for tests. */
  now?: () => Date;
}

interface TaskRow { name: string; backbone: string; labels: string; privacy: string; live_version: number | null; created_at: string }
interface VersionRow {
  task: string; version: number; kind: string; strategy: string; seed: number; head: string | null;
  data_hash: string; metrics: string; rows: number; created_at: string; deleted_at: string | null; backbone_spec: string | null;
  key_id: string | null;
}

/**
 * Throws UsageError unless `name` is a valid task name.
 *
 * @example
 * validateTaskName('support-tickets'); // ok
 */
export function validateTaskName(name: string): void {
  if (typeof name !== 'string' || !TASK_NAME_RULE.test(name)) {
    throw new UsageError(
      `Task name "${String(name)}" is not allowed: use 1–64 characters from a–z, 0–9, ".", "_" and "-", ` +
        `starting with a letter or digit (rule ${TASK_NAME_RULE.source}).`,
      'bad_task_name',
    );
  }
}

/**
 * Tasks and head versions in the graft database.
 *
 * @example
 * const tasks = new TaskStore(openDb());
 * tasks.createOrGetTask({ name: 'spam', backbone: 'use-lite@1', labels: ['ham', 'spam'] });
 * const v = tasks.saveHeadVersion({ task: 'spam', kind: 'logistic', ... }); // 1
 */
export class TaskStore {
  private readonly now: () => Date;
  /** A head's long strings (weights, rows) are stored once each, shared with the versions that hold the same. */
  private readonly parts: PartStore;

  constructor(private readonly db: Db, opts: StoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.parts = new PartStore(db);
  }

  /**
   * Returns the task, creating it when new. An existing task must have the same backbone
   * and label set (and privacy policy, when one is given); otherwise a UsageError says
   * what differs.
   */
  createOrGetTask(spec: { name: string; backbone: string; labels: readonly string[]; privacy?: string }): Task {
    validateTaskName(spec.name);
    const labels = [...new LabelSet(spec.labels).labels];
    if (labels.length < 2) {
      throw new DataError(`Task "${spec.name}" needs at least 2 labels, got ${labels.length} (${labels.join(', ') || 'none'}).`, 'too_few_labels');
    }
    return writeTransaction(this.db, (): Task => {
      const existing = this.findTask(spec.name);
      if (existing) {
        checkSameTask(existing, spec.backbone, labels, spec.privacy);
        return existing;
      }
      const task: Task = {
        name: spec.name, backbone: spec.backbone, labels, privacy: spec.privacy ?? DEFAULT_PRIVACY,
        liveVersion: null, createdAt: this.now().toISOString(),
      };
      this.db.prepare('INSERT INTO tasks (name, backbone, labels, privacy, live_version, created_at) VALUES (?, ?, ?, ?, NULL, ?)')
        .run(task.name, task.backbone, JSON.stringify(task.labels), task.privacy, task.createdAt);
      return task;
    });
  }

  /** The task, or NotFoundError listing the tasks there are. */
  getTask(name: string): Task {
    const t = this.findTask(name);
    if (!t) throw this.noSuchTask(name);
    return t;
  }

  /**
   * Saves a head as the task's next version (1, 2, …) with its training examples (and their
   * finding index, and the novelty detector when given), in one IMMEDIATE transaction retried
   * while another process writes, and makes it live. On any failure nothing is written.
   * Returns the version.
   */
  saveHeadVersion(v: NewHeadVersion): number {
    const task = this.getTask(v.task);
    checkHeadFits(task, v);
    const createdAt = this.now().toISOString();
    let version = 0;
    try {
      writeTransaction(this.db, () => {
        const row = this.db.prepare('SELECT MAX(version) AS v FROM head_versions WHERE task = ?').get(task.name) as { v: number | null };
        // Numbers are never reused, even after a deletion, so "version 3" always means one head.
        version = (row.v ?? 0) + 1;
        this.db.prepare(
          `INSERT INTO head_versions (task, version, kind, strategy, seed, head, data_hash, metrics, rows, created_at, deleted_at, backbone_spec, key_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
        ).run(task.name, version, v.kind, JSON.stringify(v.strategy), v.seed, this.parts.write(v.head, 'head_links', task.name, version), v.dataHash,
          JSON.stringify(v.metrics), v.examples.length, createdAt, v.backboneSpec === undefined ? null : JSON.stringify(v.backboneSpec), v.keyId ?? null);
        if (v.moveExamplesFrom !== undefined) {
          // Positions keep their gaps where rows were deleted: the order is what counts.
          const moved = this.db.prepare('UPDATE training_examples SET version = ? WHERE task = ? AND version = ?')
            .run(version, task.name, v.moveExamplesFrom).changes;
          if (moved !== v.examples.length) {
            throw new Error(`version ${v.moveExamplesFrom} holds ${moved} examples, not the ${v.examples.length} given`);
          }
        } else {
          const insert = this.db.prepare(
            'INSERT INTO training_examples (task, version, position, id, text, text_hash, label) VALUES (?, ?, ?, ?, ?, ?, ?)',
          );
          const index = this.db.prepare('INSERT OR IGNORE INTO finding_index (task, digest, text_hash) VALUES (?, ?, ?)');
          v.examples.forEach((e, i) => {
            const hash = sha256(e.text);
            insert.run(task.name, version, i, e.id, e.text, hash, e.label);
            for (const d of e.findings ?? []) index.run(task.name, d, hash);
          });
        }
        if (v.novelty !== undefined) new NoveltyStore(this.db).save(task.name, version, v.novelty);
        this.db.prepare('UPDATE tasks SET live_version = ? WHERE name = ?').run(version, task.name);
      });
    } catch (e) {
      // A fault of the disk or file says so (StoreError); anything else is a failed save.
      throw storeErrorOf(e, dbFilePath(this.db) ?? ':memory:') ?? new GraftError(
        `Could not save ${version > 0 ? `version ${version}` : 'a new version'} of task "${task.name}": ${(e as Error).message}. Nothing was saved; ` +
          'fix the cause and train again.',
        { code: 'store_write_failed', cause: e },
      );
    }
    return version;
  }

  /** A saved head: the live version when `version` is omitted. NotFoundError lists what exists. */
  getHeadVersion(task: string, version?: number): HeadVersion {
    const t = this.getTask(task);
    const n = version ?? t.liveVersion;
    if (n === null) {
      throw new NotFoundError(`Task "${task}" has no head yet. Fit one with \`graft fit FILE --task ${task}\`.`, 'no_version');
    }
    const row = this.versionRow(t, n);
    if (row.head === null) {
      throw new NotFoundError(
        `Version ${n} of task "${task}" was deleted at ${row.deleted_at ?? 'an unknown time'}. ${this.versionList(t)}`,
        'version_deleted',
      );
    }
    return { ...toSummary(row, t), head: this.parts.read<HeadJSON>(row.head) };
  }

  /**
   * Makes a saved (not deleted) version the live one, so predictions use it. Returns the
   * version that was live before (null when none was).
   *
   * @example
   * tasks.deploy('spam', 2); // { from: 3, to: 2 }
   */
  deploy(task: string, version: number): { from: number | null; to: number } {
    return writeTransaction(this.db, () => {
      const t = this.getTask(task);
      const row = this.versionRow(t, version);
      if (row.head === null) {
        throw new NotFoundError(`Version ${version} of task "${task}" was deleted and cannot be deployed. ${this.versionList(t)}`, 'version_deleted');
      }
      this.db.prepare('UPDATE tasks SET live_version = ? WHERE name = ?').run(version, t.name);
      return { from: t.liveVersion, to: version };
    });
  }

  /**
   * Makes the next older saved (not deleted) version live: undoes a retrain or a deploy of a
   * newer head. NotFoundError when the live version is the oldest one left.
   */
  rollback(task: string): { from: number; to: number } {
    return writeTransaction(this.db, () => {
      const t = this.getTask(task);
      if (t.liveVersion === null) throw new NotFoundError(`Task "${task}" has no live head to roll back.`, 'no_version');
      const prev = this.db.prepare(
        'SELECT MAX(version) AS v FROM head_versions WHERE task = ? AND version < ? AND deleted_at IS NULL',
      ).get(t.name, t.liveVersion) as { v: number | null };
      if (prev.v === null) {
        throw new NotFoundError(`Task "${task}" is on version ${t.liveVersion}, its oldest saved version; there is nothing to roll back to. ${this.versionList(t)}`, 'no_version');
      }
      this.db.prepare('UPDATE tasks SET live_version = ? WHERE name = ?').run(prev.v, t.name);
      return { from: t.liveVersion, to: prev.v };
    });
  }

  /** Every task with its live version, version count, last update and live metrics, by name. */
  listTasks(): TaskSummary[] {
    const rows = this.db.prepare(
      `SELECT t.*,
         (SELECT COUNT(*) FROM head_versions v WHERE v.task = t.name AND v.deleted_at IS NULL) AS versions,
         (SELECT MAX(v.created_at) FROM head_versions v WHERE v.task = t.name) AS updated_at,
         (SELECT v.metrics FROM head_versions v WHERE v.task = t.name AND v.version = t.live_version) AS metrics
       FROM tasks t ORDER BY t.name`,
    ).all() as (TaskRow & { versions: number; updated_at: string | null; metrics: string | null })[];
    return rows.map((r) => ({
      ...toTask(r),
      versions: r.versions,
      updatedAt: r.updated_at ?? r.created_at,
      metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as VersionMetrics),
    }));
  }

  /** The task's versions, oldest first, deleted ones included (marked). */
  listVersions(task: string): VersionSummary[] {
    const t = this.getTask(task);
    const rows = this.db.prepare('SELECT * FROM head_versions WHERE task = ? ORDER BY version').all(t.name) as VersionRow[];
    return rows.map((r) => toSummary(r, t));
  }

  /** The examples a version was fitted on, in their original order. */
  trainingExamples(task: string, version: number): TrainingExample[] {
    const t = this.getTask(task);
    this.versionRow(t, version);
    return this.db.prepare(
      'SELECT id, text, label FROM training_examples WHERE task = ? AND version = ? ORDER BY position',
    ).all(t.name, version) as TrainingExample[];
  }

  private findTask(name: string): Task | undefined {
    const r = this.db.prepare('SELECT * FROM tasks WHERE name = ?').get(name) as TaskRow | undefined;
    return r && toTask(r);
  }

  private versionRow(t: Task, version: number): VersionRow {
    const row = this.db.prepare('SELECT * FROM head_versions WHERE task = ? AND version = ?').get(t.name, version) as VersionRow | undefined;
    if (!row) throw new NotFoundError(`Task "${t.name}" has no version ${version}. ${this.versionList(t)}`, 'no_version');
    return row;
  }

  private versionList(t: Task): string {
    const vs = this.db.prepare('SELECT version FROM head_versions WHERE task = ? AND deleted_at IS NULL ORDER BY version')
      .all(t.name) as { version: number }[];
    if (vs.length === 0) return 'It has no saved versions.';
    return `Its versions are ${vs.map((v) => v.version).join(', ')}${t.liveVersion === null ? '' : ` (live: ${t.liveVersion})`}.`;
  }

  private noSuchTask(name: string): NotFoundError {
    const names = (this.db.prepare('SELECT name FROM tasks ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const known = names.length === 0 ? 'There are no tasks yet' : `Tasks: ${names.join(', ')}`;
    return new NotFoundError(`No task named "${name}". ${known}. Create one with \`graft fit FILE --task NAME\`.`, 'no_task');
  }
}

function toTask(r: TaskRow): Task {
  return {
    name: r.name, backbone: r.backbone, labels: JSON.parse(r.labels) as string[], privacy: r.privacy,
    liveVersion: r.live_version, createdAt: r.created_at,
  };
}

function toSummary(r: VersionRow, t: Task): VersionSummary {
  return {
    task: r.task, version: r.version, kind: r.kind, strategy: JSON.parse(r.strategy) as object, seed: r.seed,
    dataHash: r.data_hash, metrics: JSON.parse(r.metrics) as VersionMetrics, rows: r.rows, createdAt: r.created_at,
    deletedAt: r.deleted_at, live: t.liveVersion === r.version,
    backboneSpec: r.backbone_spec === null ? null : JSON.parse(r.backbone_spec) as BackboneSpec[],
    keyId: r.key_id ?? null,
  };
}

function checkSameTask(t: Task, backbone: string, labels: string[], privacy: string | undefined): void {
  const diffs: string[] = [];
  if (t.backbone !== backbone) diffs.push(`its backbone is "${t.backbone}", not "${backbone}"`);
  const added = labels.filter((l) => !t.labels.includes(l));
  const missing = t.labels.filter((l) => !labels.includes(l));
  if (added.length > 0 || missing.length > 0) {
    const parts = [added.length ? `new label(s) ${added.join(', ')}` : '', missing.length ? `missing label(s) ${missing.join(', ')}` : ''];
    diffs.push(`its labels are ${t.labels.join(', ')} (this data has ${parts.filter(Boolean).join(' and ')})`);
  }
  if (privacy !== undefined && privacy !== t.privacy) diffs.push(`its privacy policy is "${t.privacy}", not "${privacy}"`);
  if (diffs.length > 0) {
    throw new UsageError(
      `Task "${t.name}" already exists and ${diffs.join('; ')}. A task's backbone, labels and privacy policy are fixed ` +
        'when it is created: use the same ones, or choose a new task name.',
      'task_mismatch',
    );
  }
}

function checkHeadFits(t: Task, v: NewHeadVersion): void {
  if (v.head.labels.length !== t.labels.length || v.head.labels.some((l, i) => l !== t.labels[i])) {
    throw new UsageError(
      `The head's labels (${v.head.labels.join(', ')}) differ from task "${t.name}"'s labels (${t.labels.join(', ')}); ` +
        'fit the head with the task\'s labels.',
      'label_mismatch',
    );
  }
  const issues: Issue[] = [];
  v.examples.forEach((e, i) => {
    if (!t.labels.includes(e.label)) {
      issues.push({ code: 'unknown_label', path: `examples[${i}]`, message: `label "${e.label}" is not one of task "${t.name}"'s labels (${t.labels.join(', ')}).` });
    }
  });
  if (issues.length > 0) throw new DataError(issues, 'unknown_label');
}
