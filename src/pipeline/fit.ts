/**
 * Fitting a task: embed the training set, measure the strategy by cross-validation, fit
 * it on everything, and save the head as the task's next live version — atomically.
 *
 * Three shapes of task share this path:
 * - multi-label data (`dataset.multiLabel`): one-vs-rest heads with per-label thresholds,
 *   measured by micro/macro F1 and subset accuracy;
 * - zero-shot: `createZeroShotTask` starts a task from label names or descriptions alone;
 *   a later fit on examples blends them into the label prior (which fades as n grows);
 * - several backbones (`backbone: ['use-lite', 'hashing']`, strategy `ensemble`): one member
 *   per backbone, kept as an ensemble only when it significantly beats its best member.
 */
import { availableParallelism } from 'node:os';
import { LabelSet, Matrix, UsageError, hashExamples, sha256, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Dataset, LabelSpec } from '../data/index.js';
import { labelProblem } from '../data/index.js';
import type { BackboneName, EmbedStats } from '../backbones/index.js';
import {
  DEFAULT_KIND, createStrategy, describeStrategy, headTagsOf, kindsWhere, multiLabelTargets, strategyFromLabelNames, summaryOf,
  withCalibration, withShards,
} from '../heads/index.js';
import type { EnsembleSummary, FitDiagnostics, FittedHead, HeadJSON, MultiLabelStrategy, Strategy, StrategyName } from '../heads/index.js';
import { crossValidateAndFit, fitOodDetector, headlineMetrics } from '../eval/index.js';
import type { NewTrainingExample, VersionMetrics } from '../store/index.js';
import type { EvalResult } from '../eval/index.js';
import type { WorkspaceContext } from './context.js';
import { embedForFit, embedTexts } from './embed.js';
import { checkBorder, privatize, privatizeInputs } from './privacy.js';
import { DEFAULT_POLICY } from '../privacy/index.js';
import type { PrivacyReport } from '../privacy/index.js';
import { BACKBONE_JOIN, backboneParts, ensembleAcrossBackbones, specsOfName } from './backbones.js';
import { crossValidateMultiLabel } from './multilabel.js';
import type { MultiLabelCv } from './multilabel.js';
import { checkShards, chooseShards, type ShardChoice } from './fit-shards.js';

/**
 * One backbone, or several for an ensemble across backbones: a list (every name checked), or names
 * joined with `+` or `,` as the CLI's --backbone writes them (the first name checked here, the rest
 * when the workspace parses them).
 */
export type BackboneList = BackboneName | `${BackboneName}+${string}` | `${BackboneName},${string}` | readonly BackboneName[];

export interface FitTaskOptions extends JobOptions {
  task: string;
  /** With `privacy: 'allow'`, let raw texts go to a remote backbone (otherwise a PrivacyError). */
  allowRemotePii?: boolean;
  /**
   * Head kind. Default `logistic`; `zero-shot` when the task's live head is zero-shot (so new
   * examples blend into its label prior). For multi-label data it names the per-label head.
   */
  strategy?: StrategyName;
  /** A backbone name, or several (`['use-lite', 'hashing']`, `'use-lite+hashing'` or `'use-lite,hashing'`) for an ensemble across backbones. */
  backbone: BackboneList;
  /** Ensemble across backbones: the head kind of each backbone's member (default `logistic`). */
  member?: StrategyName;
  seed: number;
  /** Folds for the cross-validated metrics saved with the version; 0 skips them. */
  folds: number;
  /** Privacy policy for the training texts: redact (default), pseudonymize, refuse, allow. */
  privacy?: string;
  /** Wrap the head in temperature scaling fitted on out-of-fold predictions (default true). */
  calibrate?: boolean;
  /** Zero-shot: a description per label, embedded instead of its name for the label prior. */
  descriptions?: Record<string, string>;
  /**
   * Sharded training for cheap exact unlearning (SISA): S sub-heads of the strategy (each
   * calibrated as usual), each fitted on the examples a keyed hash puts in its shard, averaged.
   * `forget` then refits only the shards that held the forgotten examples. Costs some accuracy:
   * each sub-head sees n/S examples. 1: one head on all examples. Omitted: chosen from the data
   * (fit-shards.ts: one head for small sets and for kinds other than logistic; above that, enough
   * shards for a forget to refit within about a second).
   */
  shards?: number;
}

export type { EnsembleSummary } from '../heads/index.js';

export interface FitTaskResult {
  task: string;
  version: number;
  backbone: string;
  strategy: string;
  labels: string[];
  examples: number;
  dataHash: string;
  cv?: EvalResult;
  /** Multi-label tasks: cross-validated micro/macro F1 and subset accuracy. */
  multiLabelCv?: MultiLabelCv;
  multiLabel?: boolean;
  /** Ensembles: which of ensemble and members predicts, and why. */
  ensemble?: EnsembleSummary;
  /** Zero-shot heads: how much the label prior still weighs (1 = names alone). */
  zeroShot?: { meanPriorShare: number; examples: number };
  /** Single-label fits on examples: how many sub-heads the head was split into, and why. */
  sharding?: ShardChoice;
  diagnostics: FitDiagnostics;
  embedding: EmbedStats;
  /** What the privacy stage found and did (counts only, never values). */
  privacy: PrivacyReport;
  seconds: number;
}

export async function fitTask(ws: WorkspaceContext, raw: Dataset, opts: FitTaskOptions): Promise<FitTaskResult> {
  const t0 = performance.now();
  checkBorder(opts.backbone, opts.privacy, opts.allowRemotePii);
  if (opts.shards !== undefined) checkShards(opts.shards);
  const { dataset: ds, report: privacy, keyId } = await privatize(ws, raw, opts.privacy);
  const parts = backboneParts(opts.backbone);
  const backboneName = parts.join(BACKBONE_JOIN);
  // Opening resolves what the id needs (a fetched hf: folder, a remote's vector length).
  const opened = ws.backbone(backboneName);
  await opened.open?.(opts);
  const backboneId = opened.id;
  const existing = ws.tasks.listTasks().find((t) => t.name === opts.task);
  const texts = ds.examples.map((e) => e.text);

  if (ds.multiLabel) {
    if (parts.length > 1) throw new UsageError('Multi-label tasks use one backbone; give a single --backbone.', 'bad_backbone');
    if (opts.shards !== undefined && opts.shards !== 1) throw new UsageError('--shards works on single-label tasks; drop it for this multi-label data.', 'bad_shards');
    return fitMultiLabel(ws, ds, opts, { backboneName, backboneId, privacy, keyId, t0 });
  }

  // A head that starts from label names (by --strategy, or as the task's live head, so new examples blend into its prior).
  const namesKind = opts.strategy ?? (existing !== undefined ? liveKind(ws, opts.task) : undefined);
  const zeroShot = namesKind !== undefined && headTagsOf(namesKind).needsLabelNames;
  // A zero-shot task keeps its label set: new examples may cover some labels only.
  const labels = zeroShot && existing ? [...existing.labels] : [...new LabelSet(ds.examples.map((e) => e.label)).labels];
  if (zeroShot && existing) {
    const unknown = [...new Set(ds.examples.map((e) => e.label))].filter((l) => !labels.includes(l));
    if (unknown.length > 0) {
      throw new UsageError(
        `Task "${opts.task}" has the labels ${labels.join(', ')}; this data also has ${unknown.join(', ')}. ` +
          'A task\'s labels are fixed when it is created: relabel those examples, or create a new task.',
        'task_mismatch',
      );
    }
  }
  // an existing task's backbone, labels and policy are checked before any embedding or fitting
  if (existing) ws.tasks.createOrGetTask({ name: opts.task, backbone: backboneId, labels, privacy: privacy.policy });
  const labelSet = new LabelSet(labels);
  const y = labelSet.encode(ds.examples.map((e) => e.label));
  const dataHash = hashExamples(texts, ds.examples.map((e) => e.label));
  const { X, stats } = await embedForFit(ws, backboneName, texts, opts);
  throwIfAborted(opts.signal);

  let strategy: Strategy;
  if (zeroShot) {
    strategy = await zeroShotStrategy(ws, opts, namesKind!, backboneName, backboneId, labels);
  } else if (parts.length > 1) {
    strategy = acrossBackbones(ws, parts, opts);
  } else {
    strategy = createStrategy(opts.strategy ?? DEFAULT_KIND);
  }
  const sharding = chooseShards(strategy, y, labels.length, opts.shards);
  if (sharding.shards > 1) strategy = withShards(strategy, sharding.shards);
  // Heads are calibrated by default; the CV measures the base (temperature keeps the arg-max), but a
  // sharded head as deployed (its sub-heads' temperatures move their mean's arg-max). One set of folds
  // serves CV and head when it can; `final` then refits this head bit-for-bit (forget).
  let final = opts.calibrate !== false ? withCalibration(strategy) : strategy;
  let cv: EvalResult | undefined;
  let head: FittedHead;
  if (opts.folds > 1) {
    ({ cv, head, strategy: final } = await crossValidateAndFit(sharding.shards > 1 ? final : strategy, final, X, y, {
      labels, folds: opts.folds, seed: opts.seed, signal: opts.signal,
      // The folds as `cv KIND`; the head's own phases (logistic's C search, its refit) as they come.
      onProgress: opts.onProgress ? (p) => opts.onProgress!(p.phase === 'cross-validate' ? { ...p, phase: `cv ${strategy.kind}` } : p) : undefined,
    }));
  } else {
    head = await final.fit(X, y, { seed: opts.seed, labels, signal: opts.signal, onProgress: opts.onProgress, threads: Math.min(2, availableParallelism()) });
  }
  throwIfAborted(opts.signal);
  const metrics: VersionMetrics = cv ? headlineMetrics(cv) : {};
  const summary = summaryOf(head);
  if (summary.metrics) Object.assign(metrics, summary.metrics);
  const version = saveVersion(ws, opts, {
    task: { name: opts.task, backbone: backboneId, labels, privacy: privacy.policy },
    kind: final.kind, params: final.params, head: head.toJSON(), dataHash, metrics,
    examples: ds.examples.map((e) => ({ id: e.id, text: e.text, label: e.label, findings: e.findings })), X, y, classes: labels.length, keyId,
  });
  const result: FitTaskResult = {
    task: opts.task, version, backbone: backboneId, labels, examples: texts.length, dataHash, cv,
    strategy: describeStrategy(strategy),
    sharding, diagnostics: head.diagnostics, embedding: stats, privacy, seconds: (performance.now() - t0) / 1000,
  };
  if (summary.ensemble) result.ensemble = summary.ensemble;
  if (summary.zeroShot) result.zeroShot = summary.zeroShot;
  return result;
}

export interface ZeroShotTaskOptions extends JobOptions {
  task: string;
  /** With `privacy: 'allow'`, let raw label texts go to a remote backbone. */
  allowRemotePii?: boolean;
  labels: readonly (string | LabelSpec)[];
  /** The backbone: a zero-shot task uses one (a list of several is refused). */
  backbone: BackboneList;
  seed?: number;
  /** Templates such as "This text is about {label}." (default: graft's four). */
  templates?: readonly string[];
  /** Privacy policy the task's later data and inputs get (default redact). */
  privacy?: string;
}

/**
 * Starts (or re-versions) a task from its label names or descriptions alone: no examples.
 * The head is the zero-shot prior, so `predictTask` works at once; a later `fitTask` on
 * examples blends them in as a new version.
 *
 * @example
 * await createZeroShotTask(ws, { task: 'intents', backbone: 'use-lite',
 *   labels: ['refund', { label: 'card_arrival', description: 'when will my new card arrive' }] });
 */
export async function createZeroShotTask(ws: WorkspaceContext, opts: ZeroShotTaskOptions): Promise<FitTaskResult> {
  const t0 = performance.now();
  const specs = checkLabelSpecs(opts.labels);
  const parts = backboneParts(opts.backbone);
  if (parts.length > 1) throw new UsageError('A zero-shot task uses one backbone; give a single --backbone.', 'bad_backbone');
  checkBorder(parts, opts.privacy, opts.allowRemotePii);
  const backbone = ws.backbone(parts[0]!);
  await backbone.open?.(opts);
  const labels = [...new LabelSet(specs.map((s) => s.label)).labels];
  const descriptions = Object.fromEntries(specs.filter((s) => s.description?.trim()).map((s) => [s.label, s.description!.trim()]));
  let stats: EmbedStats = { texts: 0, cacheHits: 0, embedded: 0, truncated: 0, seconds: 0 };
  // labelPrior embeds the templated names and descriptions: they get the task's policy first,
  // as every text does, and go through embedWithStats to report that pass.
  const policy = opts.privacy ?? DEFAULT_POLICY;
  const counting = {
    id: backbone.id, dim: backbone.dim, close: async () => {},
    embed: async (t: readonly string[], o?: JobOptions) => {
      const r = await backbone.embedWithStats(await privatizeInputs(ws, t, policy), o);
      stats = r.stats;
      return r.matrix;
    },
  };
  const strategy = await strategyFromLabelNames(counting, labels, { descriptions, templates: opts.templates, signal: opts.signal, onProgress: opts.onProgress });
  throwIfAborted(opts.signal);
  const head = strategy.priorOnly!(labels);
  const privacy = (await privatize(ws, { name: opts.task, source: 'labels', examples: [], labels: [], duplicates: 0, dropped: 0 }, opts.privacy)).report;
  const dataHash = sha256(JSON.stringify(labels.map((l) => [l, descriptions[l] ?? null])));
  const version = ws.write(() => {
    ws.tasks.createOrGetTask({ name: opts.task, backbone: backbone.id, labels, privacy: privacy.policy });
    const n = ws.tasks.saveHeadVersion({
      task: opts.task, kind: strategy.kind, strategy: strategy.params, seed: opts.seed ?? 0, head: head.toJSON(), dataHash,
      metrics: { zeroShot: 1, examples: 0 }, examples: [], backboneSpec: specsOfName(parts[0]!),
    });
    ws.audit.append(opts.task, 'fit', fitRecord(n, strategy.kind, dataHash, 0, opts.seed ?? 0));
    return n;
  });
  return {
    task: opts.task, version, backbone: backbone.id, strategy: describeStrategy(strategy), labels, examples: 0, dataHash,
    diagnostics: head.diagnostics, embedding: stats, privacy,
    zeroShot: { meanPriorShare: 1, examples: 0 },
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Label names (and descriptions) for a zero-shot task, trimmed; UsageError for an empty or
 * repeated name or fewer than two labels.
 */
export function checkLabelSpecs(labels: readonly (string | LabelSpec)[]): LabelSpec[] {
  const specs = labels.map((l) => (typeof l === 'string' ? { label: l } : l)).map((l) => ({ ...l, label: l.label.trim() }));
  const empty = specs.findIndex((s) => s.label === '');
  if (empty >= 0) throw new UsageError(`Label ${empty + 1} of the list is empty; give every label a name.`, 'empty_label');
  const bad = specs.findIndex((s) => labelProblem(s.label) !== undefined);
  if (bad >= 0) throw new UsageError(`Label ${bad + 1} of the list ${labelProblem(specs[bad]!.label)}, which would act on a terminal that prints it; remove it.`, 'bad_label');
  const twice = specs.find((s, i) => specs.findIndex((t) => t.label === s.label) !== i);
  if (twice) throw new UsageError(`Label "${twice.label}" is listed twice; list each label once.`, 'duplicate_label');
  if (specs.length < 2) throw new UsageError(`A task needs at least 2 labels, got ${specs.length}; list them all, e.g. --labels "refund,card arrival".`, 'too_few_labels');
  return specs;
}

async function fitMultiLabel(
  ws: WorkspaceContext, ds: Dataset, opts: FitTaskOptions,
  ctx: { backboneName: string; backboneId: string; privacy: PrivacyReport; keyId: string | null; t0: number },
): Promise<FitTaskResult> {
  const multi = kindsWhere((t) => t.output === 'independent')[0]!;
  const kind = opts.strategy === undefined || headTagsOf(opts.strategy).output === 'independent' ? DEFAULT_KIND : opts.strategy;
  if (!headTagsOf(kind).member) {
    throw new UsageError(`Multi-label tasks fit one binary head per label; --strategy ${kind} cannot be that head. Use ${memberKinds()}.`, 'bad_strategy');
  }
  const strategy = createStrategy(multi, { base: { kind } }) as MultiLabelStrategy;
  const sets = ds.examples.map((e) => e.labels ?? [e.label]);
  const { labels, Y } = multiLabelTargets(sets);
  if (ws.tasks.listTasks().some((t) => t.name === opts.task)) {
    ws.tasks.createOrGetTask({ name: opts.task, backbone: ctx.backboneId, labels, privacy: ctx.privacy.policy });
  }
  const texts = ds.examples.map((e) => e.text);
  const dataHash = hashExamples(texts, ds.examples.map((e) => e.label));
  const { X, stats } = await embedTexts(ws, ctx.backboneName, texts, opts);
  throwIfAborted(opts.signal);
  const cv = opts.folds > 1
    ? await crossValidateMultiLabel(strategy, X, Y, {
        labels, folds: opts.folds, seed: opts.seed, signal: opts.signal,
        onProgress: opts.onProgress ? (p) => opts.onProgress!({ phase: `cv multi-label ${kind}`, done: p.done, total: p.total, unit: 'folds' }) : undefined,
      })
    : undefined;
  throwIfAborted(opts.signal);
  const head = await strategy.fitMulti(X, Y, { seed: opts.seed, labels, signal: opts.signal });
  throwIfAborted(opts.signal);
  const metrics: VersionMetrics = cv
    ? { multiLabel: 1, microF1: cv.microF1.mean, microF1Std: cv.microF1.std, macroF1: cv.macroF1.mean, macroF1Std: cv.macroF1.std,
        subsetAccuracy: cv.subsetAccuracy.mean, subsetAccuracyStd: cv.subsetAccuracy.std, folds: cv.folds, rows: cv.rows }
    : { multiLabel: 1 };
  // The store keeps one row per (text, label): a text listed with several labels carries all
  // of them, which is how the multi-label head reads repeated rows when it is refitted.
  const examples: NewTrainingExample[] = ds.examples.flatMap((e) => (e.labels ?? [e.label]).map((l) => ({ id: e.id, text: e.text, label: l, findings: e.findings })));
  const at = new Map(labels.map((l, j) => [l, j]));
  const version = saveVersion(ws, opts, {
    task: { name: opts.task, backbone: ctx.backboneId, labels, privacy: ctx.privacy.policy },
    kind: strategy.kind, params: strategy.params, head: head.toJSON(), dataHash, metrics, examples, X,
    y: Int32Array.from(sets, (s) => at.get(s[0]!)!), classes: labels.length, keyId: ctx.keyId,
  });
  const result: FitTaskResult = {
    task: opts.task, version, backbone: ctx.backboneId, strategy: `multi-label ${kind}`, labels, examples: texts.length, dataHash,
    multiLabel: true, diagnostics: head.diagnostics, embedding: stats, privacy: ctx.privacy, seconds: (performance.now() - ctx.t0) / 1000,
  };
  if (cv) result.multiLabelCv = cv;
  return result;
}

/** Saves the head, its examples and its novelty detector as one new live version, with the task on its first fit, and audits it. */
function saveVersion(
  ws: WorkspaceContext, opts: FitTaskOptions,
  v: {
    task: { name: string; backbone: string; labels: string[]; privacy: string }; kind: string; params: object; head: HeadJSON; dataHash: string;
    metrics: VersionMetrics; examples: NewTrainingExample[]; X: Matrix; y: Int32Array; classes: number; keyId: string | null;
  },
): number {
  // The novelty detector predict uses to flag inputs unlike these examples (5% false alarms).
  opts.onProgress?.({ phase: 'novelty detector', done: 0, total: 1, unit: 'fits' });
  const detector = fitOodDetector(v.X, v.y, v.classes, { seed: opts.seed, signal: opts.signal });
  opts.onProgress?.({ phase: 'novelty detector', done: 1, total: 1, unit: 'fits' });
  throwIfAborted(opts.signal);
  return ws.write(() => {
    ws.tasks.createOrGetTask(v.task);
    const n = ws.tasks.saveHeadVersion({
      task: opts.task, kind: v.kind, strategy: v.params, seed: opts.seed, head: v.head, dataHash: v.dataHash, metrics: v.metrics, examples: v.examples,
      backboneSpec: specsOfName(backboneParts(opts.backbone).join(BACKBONE_JOIN)),
      novelty: detector.toJSON(), keyId: v.keyId,
    });
    ws.audit.append(opts.task, 'fit', fitRecord(n, v.kind, v.dataHash, v.examples.length, opts.seed));
    return n;
  });
}

/** The audit detail of a new version: what was fitted on how much data, never the data. */
function fitRecord(version: number, kind: string, dataHash: string, rows: number, seed: number): Record<string, unknown> {
  return { version, kind, rows, dataHash, seed, live: version };
}

/** The live version's head kind, read from the version list (without parsing any head). */
function liveKind(ws: WorkspaceContext, task: string): string | undefined {
  return ws.tasks.listVersions(task).find((v) => v.live)?.kind;
}

/**
 * The strategy for a fit on examples of a task that starts from label names: the prior saved
 * with the task's newest such version (same backbone), else one built from the label names
 * (and descriptions).
 */
async function zeroShotStrategy(
  ws: WorkspaceContext, opts: FitTaskOptions, kind: string, backboneName: string, backboneId: string, labels: string[],
): Promise<Strategy> {
  if (backboneName.includes(BACKBONE_JOIN)) throw new UsageError('A zero-shot task uses one backbone; give a single --backbone.', 'bad_backbone');
  const task = ws.tasks.listTasks().find((t) => t.name === opts.task);
  const saved = task && task.backbone === backboneId
    ? ws.tasks.listVersions(opts.task).reverse().find((v) => v.kind === kind && v.deletedAt === null)?.strategy
    : undefined;
  const backbone = ws.backbone(backboneName);
  const policy = opts.privacy ?? DEFAULT_POLICY;
  const safe = { id: backbone.id, dim: backbone.dim, close: async () => {}, embed: async (t: readonly string[], o?: JobOptions) => backbone.embed(await privatizeInputs(ws, t, policy), o) };
  return strategyFromLabelNames(safe, labels, { kind, saved, descriptions: opts.descriptions, signal: opts.signal });
}

/** The kinds that can be one part of another head, for messages. */
function memberKinds(): string {
  return kindsWhere((t) => t.member).map((k) => (k === DEFAULT_KIND ? `${k} (default)` : k)).join(', ');
}

/** One ensemble member per backbone, each reading its backbone's columns. */
function acrossBackbones(ws: WorkspaceContext, parts: readonly string[], opts: FitTaskOptions): Strategy {
  if (opts.strategy === undefined || !headTagsOf(opts.strategy).acrossBackbones) {
    const combiner = kindsWhere((t) => t.acrossBackbones)[0]!;
    throw new UsageError(
      `${parts.length} backbones (${parts.join(', ')}) are combined by an ${combiner} with one member per backbone: ` +
        `add --strategy ${combiner}${opts.strategy ? ` (not ${opts.strategy})` : ''}, or give one --backbone.`,
      'bad_strategy',
    );
  }
  const kind = opts.member ?? DEFAULT_KIND;
  if (!headTagsOf(kind).member) {
    throw new UsageError(`An ensemble member cannot be ${kind}; use ${memberKinds()}.`, 'bad_strategy');
  }
  return ensembleAcrossBackbones(opts.strategy, kind, parts.map((p) => ({ name: p, dim: ws.backbone(p).dim })));
}

/** The ensemble's selection, found in the head or inside a calibrated wrapper. */
export function ensembleSummary(head: FittedHead): EnsembleSummary | undefined {
  return summaryOf(head).ensemble;
}
