/**
 * The Workspace: the one boundary every shell (CLI, HTTP server, dashboard, a program using the
 * library) calls. Each operation runs the whole path in one place — privacy → embed → head →
 * novelty → audit — and writes its state change and the change's audit record in one
 * transaction, so no caller can skip a stage or leave a change unrecorded.
 */
import type { Matrix, JobOptions } from '../core/index.js';
import { UsageError } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { EmbedStats } from '../backbones/index.js';
import type { FileScanReport, ScanFileOptions, ScanReport } from '../privacy/index.js';
import { scanFile, scanItems } from '../privacy/index.js';
import type { AuditEntry, RunSummary, Run, Task, TaskSummary, VersionSummary } from '../store/index.js';
import { createContext } from './context.js';
import type { WorkspaceContext, WorkspaceDeps } from './context.js';
import { fitTask, createZeroShotTask } from './fit.js';
import type { FitTaskOptions, FitTaskResult, ZeroShotTaskOptions } from './fit.js';
import { evaluateDataset } from './evaluate.js';
import type { EvaluateOptions, LeaderboardRun } from './evaluate.js';
import { bakeoffDataset } from './bakeoff.js';
import type { BakeoffDatasetOptions, BakeoffRun } from './bakeoff.js';
import type { AdviseOptions, AdviseRun } from './advise.js';
import { predictTasks } from './predict.js';
import type { PredictOptions, PredictResult, TaskRef } from './predict.js';
import { explainTask } from './explain.js';
import type { ExplainTaskOptions, ExplainTaskResult } from './explain.js';
import { deployVersion, rollbackVersion } from './deploy.js';
import type { DeployResult } from './deploy.js';
import { forget } from './forget.js';
import type { ForgetOptions, ForgetResult, ForgetSelector } from './forget.js';
import { embedTexts } from './embed.js';
import { deleteTask, renameTask } from './tasks.js';
import type { DeleteTaskResult } from './tasks.js';
import { privatizeInputs } from './privacy.js';

/** What to scan: a data file (CSV, TSV, JSONL, mail), or texts in memory. */
export type ScanInput = { file: string } | { texts: readonly string[] };

/** A task with its versions (newest last). */
export interface TaskDetail extends Task {
  versions: VersionSummary[];
}

export interface EmbedResult {
  matrix: Matrix;
  stats: EmbedStats;
  /** The backbone id the vectors come from. */
  backbone: string;
}

export class Workspace {
  /** Folder of the store (`graft.db`). */
  readonly home: string;

  /** @internal Use `openWorkspace`. */
  constructor(private readonly ctx: WorkspaceContext) {
    this.home = ctx.home;
  }

  /**
   * How this workspace's privacy stage finds private data, as another thread (a server's job
   * thread) can open it: regions and an `onnx:DIR` NER spec. Undefined when the workspace was given
   * an NER stage already loaded, which cannot cross to another thread.
   */
  get detection(): { regions?: readonly string[]; ner?: string } | undefined {
    return this.ctx.detection;
  }

  /** Fits a head on labelled data and saves it as the task's next version, which goes live at once. */
  async fit(dataset: Dataset, opts: FitTaskOptions): Promise<FitTaskResult> {
    checkDatasetCall('fit', dataset, opts);
    return fitTask(this.ctx, dataset, opts);
  }

  /** Starts (or re-versions) a task from label names or descriptions alone: predictions work at once. */
  fitZeroShot(opts: ZeroShotTaskOptions): Promise<FitTaskResult> {
    return createZeroShotTask(this.ctx, opts);
  }

  /** The quick leaderboard: each strategy on each backbone, cross-validated (or scored on `test`). Saved as a run. */
  async evaluate(dataset: Dataset, opts: EvaluateOptions): Promise<LeaderboardRun> {
    checkDatasetCall('evaluate', dataset, opts);
    return evaluateDataset(this.ctx, dataset, opts);
  }

  /** The full bake-off: learning curves, calibration, out-of-distribution detection, significance. Saved as a run. */
  async bakeoff(dataset: Dataset, opts: BakeoffDatasetOptions): Promise<BakeoffRun> {
    checkDatasetCall('bakeoff', dataset, opts);
    return bakeoffDataset(this.ctx, dataset, opts);
  }

  /**
   * Should we fine-tune? The bake-off's alternatives, what more labels would buy, what fine-tuning
   * would likely add and cost, and the decision, with the constraints given. Saved as a run.
   */
  async advise(dataset: Dataset, opts: AdviseOptions): Promise<AdviseRun> {
    checkDatasetCall('advise', dataset, opts);
    // Loaded on first use, with the advisor and its schemas: no other command needs them.
    const { adviseDataset } = await import('./advise.js');
    return adviseDataset(this.ctx, dataset, opts);
  }

  /** Labels, probabilities and the novelty verdict for each text, from the task's live (or given) version. */
  async predict(task: string, texts: readonly string[], opts: PredictOptions = {}): Promise<PredictResult> {
    return (await predictTasks(this.ctx, [{ task, version: opts.version }], texts, opts))[0]!;
  }

  /** Several tasks on the same texts, embedding each backbone once for all of them. */
  predictMany(tasks: readonly TaskRef[], texts: readonly string[], opts: JobOptions = {}): Promise<PredictResult[]> {
    return predictTasks(this.ctx, tasks, texts, opts);
  }

  /** Why the head predicts what it does: word attributions, nearest training examples, per-label similarity. */
  explain(task: string, texts: readonly string[], opts: ExplainTaskOptions = {}): Promise<ExplainTaskResult> {
    return explainTask(this.ctx, task, texts, opts);
  }

  /** Makes a saved version live (audited). */
  async deploy(task: string, version: number): Promise<DeployResult> {
    return deployVersion(this.ctx, task, version);
  }

  /** Makes the next older saved version live (audited). */
  async rollback(task: string): Promise<DeployResult> {
    return rollbackVersion(this.ctx, task);
  }

  /** Exact unlearning: removes the selected examples, refits what was trained on them, audits. */
  forget(task: string, selector: ForgetSelector, opts: ForgetOptions = {}): Promise<ForgetResult> {
    return forget(this.ctx, task, selector, opts);
  }

  /**
   * Finds private data (counts, masked samples; never raw values). Reads nothing from the store.
   * A file's report also gives its rows and the columns scanned (`opts.columns`, default its text column).
   * Detection is the workspace's (its regions and NER stage) unless `opts` gives its own, so a scan
   * finds what fit and predict would clean.
   */
  async scan(input: { file: string }, opts?: ScanFileOptions): Promise<FileScanReport>;
  async scan(input: ScanInput, opts?: ScanFileOptions): Promise<ScanReport>;
  async scan(input: ScanInput, opts: ScanFileOptions = {}): Promise<ScanReport> {
    // A file's texts are read (and the NER stage prepared on them) inside scanFile; given texts are prepared here.
    const own = await this.ctx.detectionFor('file' in input || opts.ner ? [] : input.texts);
    const detection = { ...own, ...opts };
    if ('file' in input) return scanFile(input.file, detection);
    return scanItems(input.texts.map((text, i) => ({ text, path: `input:${i + 1}`, column: 'text' })), detection);
  }

  /**
   * Vectors for texts from a backbone, through the embedding cache. The texts get the privacy
   * policy first (default `redact`), as every text graft embeds does.
   */
  async embed(backbone: string, texts: readonly string[], opts: JobOptions & { privacy?: string } = {}): Promise<EmbedResult> {
    const safe = await privatizeInputs(this.ctx, texts, opts.privacy ?? 'redact');
    const { X, stats } = await embedTexts(this.ctx, backbone, safe, opts);
    return { matrix: X, stats, backbone: this.ctx.backbone(backbone).id };
  }

  /** Deletes a task with its versions, examples and the cached vectors only it held (audited; the audit log keeps its entries). */
  async deleteTask(name: string): Promise<DeleteTaskResult> {
    return deleteTask(this.ctx, name);
  }

  /** Renames a task; its audit entries follow it. */
  async renameTask(from: string, to: string): Promise<{ from: string; to: string; auditId: number }> {
    return renameTask(this.ctx, from, to);
  }

  /** The task's audit log, oldest first. */
  async audit(task: string): Promise<AuditEntry[]> {
    const entries = this.ctx.audit.list(task);
    if (entries.length === 0) this.ctx.tasks.getTask(task); // NotFoundError for a task that never existed
    return entries;
  }

  /** Every task with its live version and metrics, by name. */
  async tasks(): Promise<TaskSummary[]> {
    return this.ctx.tasks.listTasks();
  }

  /** One task with its versions. */
  async task(name: string): Promise<TaskDetail> {
    return { ...this.ctx.tasks.getTask(name), versions: this.ctx.tasks.listVersions(name) };
  }

  /** Saved evaluations, newest first. */
  async runs(filter: { kind?: string; limit?: number } = {}): Promise<RunSummary[]> {
    return this.ctx.runs.listRuns(filter);
  }

  /** One saved evaluation with its result. */
  async run<R = unknown>(id: string): Promise<Run<R>> {
    return this.ctx.runs.getRun<R>(id);
  }

  /** A saved bake-off's or advice's self-contained HTML page (GraftError `no_report`, 409, for other kinds). */
  async runReport(id: string): Promise<string> {
    // Loaded on first use, with the advisor's page: only `graft report --html` and the server's report route need it.
    const { runReportHtml } = await import('./run-report.js');
    return runReportHtml(this.ctx, id);
  }

  /** Stops backbone workers and closes the store. Safe to call twice. */
  close(): Promise<void> {
    return this.ctx.close();
  }
}

/**
 * Opens a workspace. With no argument: the store in `$GRAFT_HOME` (default `./.graft`), graft's
 * backbones, the store's pseudonymization key, the system clock, no logging.
 *
 * @example
 * const ws = openWorkspace({ home: '/var/lib/graft' });
 * try {
 *   await ws.fit(dataset, { task: 'tickets', backbone: 'use-lite', seed: 42, folds: 5 });
 *   const { predictions } = await ws.predict('tickets', ['my card has not arrived']);
 * } finally {
 *   await ws.close();
 * }
 */
export function openWorkspace(deps: WorkspaceDeps | string = {}): Workspace {
  return new Workspace(createContext(typeof deps === 'string' ? { home: deps } : deps));
}

/**
 * The context behind a workspace, for graft's own tests and benchmarks (store repositories,
 * backbones). Not part of the public API: state changes made through it skip the audit.
 */
export function workspaceContext(ws: Workspace): WorkspaceContext {
  return (ws as unknown as { ctx: WorkspaceContext }).ctx;
}

/**
 * The checks TypeScript's types make for a TypeScript caller, made at run time for a JavaScript
 * one: a Dataset first (not a task name or raw rows), then an options object naming the task
 * where one is needed. Without them a wrong call fails deep inside with a TypeError.
 */
function checkDatasetCall(method: string, dataset: unknown, opts: unknown): void {
  const d = dataset as Partial<Dataset> | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.examples) || !Array.isArray(d.labels)) {
    const got = typeof dataset === 'string' ? `the string "${dataset.slice(0, 40)}"` : Array.isArray(dataset) ? 'an array (raw rows?)' : String(typeof dataset);
    throw new UsageError(
      `workspace.${method}(dataset, options) takes a Dataset first, got ${got}: make one with ` +
      `loadDataset('file.csv') or datasetFromExamples(rows, { name: 'mine' }), and pass the task name in the options` +
      (method === 'fit' ? ` ({ task: 'name' }).` : '.'),
    );
  }
  if (opts === null || typeof opts !== 'object') {
    throw new UsageError(`workspace.${method}(dataset, options) needs an options object as its second argument, got ${opts === null ? 'null' : typeof opts}.`);
  }
  if (method === 'fit') {
    const o = opts as { task?: unknown; seed?: unknown; folds?: unknown; backbone?: unknown };
    if (typeof o.task !== 'string') {
      throw new UsageError(`workspace.fit(dataset, options) needs options.task, the task's name as a string (e.g. { task: 'spam' }).`);
    }
    if (!Number.isInteger(o.seed)) {
      throw new UsageError(`workspace.fit(dataset, options) needs options.seed, an integer (the CLI's default is 42), got ${String(o.seed)}.`);
    }
    if (!Number.isInteger(o.folds) || (o.folds as number) < 0 || o.folds === 1) {
      throw new UsageError(`workspace.fit(dataset, options) needs options.folds: the folds for the saved cross-validated metrics (the CLI's default is 5), or 0 to skip them; got ${String(o.folds)}.`);
    }
  }
}
