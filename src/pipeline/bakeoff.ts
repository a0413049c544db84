/**
 * `graft eval` as a bake-off: embed once per backbone (through the cache), run every
 * strategy × size × seed, save the run with its seed, data hash and versions. Nothing is
 * saved unless the whole bake-off finished: a cancelled run leaves the store unchanged.
 */
import { availableParallelism } from 'node:os';
import { LabelSet, hashExamples, throwIfAborted } from '../core/index.js';
import type { JobOptions, Matrix } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { BackboneName, EmbedStats } from '../backbones/index.js';
import { DEFAULT_KIND, createStrategy, kindsWhere, regularizationPath } from '../heads/index.js';
import type { Strategy, StrategyName } from '../heads/index.js';
import { runBakeoff } from '../eval/index.js';
import type { BackboneCost, BakeoffEmbeddings, BakeoffOptions, BakeoffResult } from '../eval/index.js';
import type { WorkspaceContext } from './context.js';
import { embedSplit } from './embed.js';
import { embeddingStats, findSavedRun, runVersions, saveRunResult } from './saved-runs.js';
import type { RunSpec } from './saved-runs.js';
import { checkBorder, privatize } from './privacy.js';
import { BACKBONE_JOIN, ensembleAcrossBackbones, hconcat } from './backbones.js';
import type { PrivacyReport } from '../privacy/index.js';

export interface BakeoffDatasetOptions extends JobOptions {
  backbones: readonly BackboneName[];
  /** With `privacy: 'allow'`, let raw texts go to a remote backbone (otherwise a PrivacyError). */
  allowRemotePii?: boolean;
  strategies: readonly StrategyName[];
  seed: number;
  /** Seeds per curve point (default 5). */
  seeds?: number;
  /** Examples per class on the learning curve (default 8, 16, 32, … up to half the rows, then all). */
  sizes?: readonly number[];
  /** Folds when there is no test set (default 5). */
  folds?: number;
  test?: Dataset;
  /** Label marking out-of-scope examples. */
  oodLabel?: string;
  falseAlarmRate?: number;
  calibrate?: boolean;
  /** Privacy policy for every text: redact (default), pseudonymize, refuse, allow. */
  privacy?: string;
  /**
   * Reuse a saved bake-off with the same data hash, settings, seed and versions (default true).
   * The bake-off is deterministic given those, so its numbers would be identical; false recomputes.
   */
  reuse?: boolean;
  /**
   * With several backbones, also measure their cross-backbone ensemble (one DEFAULT_KIND member
   * per backbone on the concatenated embeddings, as `fit --strategy ensemble` across backbones
   * fits it), at the full training set on the same folds and seed, as one more backbone row of
   * the comparison. Default true.
   */
  ensemble?: boolean;
  /**
   * Worker threads for the learning-curve fits (default: 2 from 1,000 training rows, or 1 on a
   * 1-core machine; 1 below that, where starting threads costs more than the fits). Same numbers either way.
   */
  workers?: number;
  /**
   * Measure the regularization path of every kind that declares one (default true): the
   * evidence of the overfitting verdict, several full-set fits each. `graft advise` turns it
   * off: the advice never reads it, and the verdict falls back on the fits' own inner-CV paths.
   */
  paths?: boolean;
  /** Threads each full-set fit may use when `workers` is 1 (`BakeoffOptions.fitThreads`; default 1). */
  fitThreads?: number;
}

export interface BakeoffRun {
  runId: string;
  result: BakeoffResult;
  dataHash: string;
  versions: Record<string, string>;
  embedding: Record<string, EmbedStats>;
  /** What each backbone cost in this run (time or money per 1,000 texts, vector size), by backbone id. */
  costs: Record<string, BackboneCost>;
  /** What the privacy stage found in the training (and test) texts. */
  privacy: PrivacyReport[];
  /** Set when the numbers were reused from this earlier identical run instead of recomputed. */
  reusedFrom?: string;
}

const RUN_KIND = 'bakeoff';
/**
 * Bumped when the bake-off's protocol changes what it measures, so that runs saved by an
 * older protocol are not reused. 2: the full-set point is one fit with a bootstrap interval.
 * 3: the default curve stops below sizes that take more than half the rows; logistic chooses
 * C with inner fits stopped at innerFtol; its path fits stop at a relative 1e-6 too (the logistic head's PATH_FTOL).
 * 4: a path for every kind that declares one (knn's k too), knn's train accuracy leave-one-out,
 * and an overfitting verdict from the path instead of a 10-point gap.
 * 5: the cross-backbone ensemble's members fit at the settings each backbone's own fit chose.
 * 6: with a test set, each learning-curve size chooses C (or k) once, on its first seed's sample,
 * and the other seeds fit that choice (src/eval/chosen.ts).
 */
export const BAKEOFF_PROTOCOL = 6;

/**
 * The strategies `graft eval` bakes off, by kind, and the regularization path of every kind
 * that declares one (logistic's C, knn's k; the full-set fit is reused at the chosen value):
 * the evidence of the overfitting verdict.
 *
 * @example
 * const { strategies, regularizationPaths } = bakeoffStrategies(DEFAULT_BAKEOFF_KINDS);
 */
export function bakeoffStrategies(kinds: readonly string[]): Pick<BakeoffOptions, 'strategies' | 'regularizationPaths'> {
  const strategies: Record<string, Strategy> = {};
  for (const kind of kinds) strategies[kind] = createStrategy(kind);
  const regularizationPaths = kinds.flatMap((k) => {
    const path = regularizationPath(k);
    return path ? [{ strategy: k, ...path }] : [];
  });
  return { strategies, regularizationPaths };
}

function withoutPaths(s: ReturnType<typeof bakeoffStrategies>, drop: boolean): ReturnType<typeof bakeoffStrategies> {
  return drop ? { strategies: s.strategies } : s;
}

/**
 * Runs and saves a bake-off of a labelled dataset.
 *
 * @example
 * const { runId, result } = await bakeoffDataset(ws, ds, { backbones: ['use-lite'], strategies: ['logistic', 'knn'], seed: 42 });
 */
export async function bakeoffDataset(ws: WorkspaceContext, raw: Dataset, rawOpts: BakeoffDatasetOptions): Promise<BakeoffRun> {
  checkBorder(rawOpts.backbones, rawOpts.privacy, rawOpts.allowRemotePii);
  const { dataset: ds, report } = await privatize(ws, raw, rawOpts.privacy);
  const test = rawOpts.test ? await privatize(ws, rawOpts.test, rawOpts.privacy) : undefined;
  const opts = { ...rawOpts, test: test?.dataset };
  const privacy = test ? [report, test.report] : [report];
  const labelSet = new LabelSet([...ds.examples.map((e) => e.label), ...(opts.test?.examples.map((e) => e.label) ?? [])]);
  const labels = [...labelSet.labels];
  const texts = ds.examples.map((e) => e.text);
  const testTexts = opts.test?.examples.map((e) => e.text) ?? [];
  const yTrain = labelSet.encode(ds.examples.map((e) => e.label));
  const yTest = opts.test ? labelSet.encode(opts.test.examples.map((e) => e.label)) : undefined;
  const dataHash = hashExamples([...texts, ...testTexts], [...ds.examples, ...(opts.test?.examples ?? [])].map((e) => e.label));
  const embeddings: BakeoffEmbeddings[] = [];
  const embedding: Record<string, EmbedStats> = {};
  const versions = await runVersions(ws, opts.backbones, opts);
  // The cross-backbone ensemble's head: a combiner kind over one default member per backbone.
  const combined = opts.backbones.length > 1 && opts.ensemble !== false
    ? { kind: kindsWhere((t) => t.acrossBackbones)[0]!, member: DEFAULT_KIND } : undefined;
  const spec: RunSpec = {
    kind: RUN_KIND, protocol: BAKEOFF_PROTOCOL, dataHash, seed: opts.seed, versions,
    config: {
      dataset: ds.name, test: opts.test?.name ?? null, backbones: opts.backbones, strategies: opts.strategies,
      seeds: opts.seeds ?? 5, sizes: opts.sizes ?? null, folds: opts.folds ?? null, oodLabel: opts.oodLabel ?? null,
      falseAlarmRate: opts.falseAlarmRate ?? 0.05, calibrate: opts.calibrate ?? true, privacy: report.policy,
      // only in runs that have it, so single-backbone runs keep their key
      ...(combined ? { ensemble: combined } : {}),
      ...(opts.paths === false ? { paths: false } : {}),
    },
  };
  const previous = rawOpts.reuse === false ? undefined : findSavedRun<BakeoffResult>(ws, spec);
  if (previous) {
    const stats = await embeddingStats(ws, opts.backbones, [...texts, ...testTexts], opts);
    // The costs the run measured when it embedded (now every text would come from the cache).
    const costs = (previous.measured?.costs as Record<string, BackboneCost> | undefined) ?? backboneCosts(ws, opts.backbones, stats);
    return { runId: previous.id, result: previous.result, dataHash, versions, embedding: stats, costs, privacy, reusedFrom: previous.id };
  }
  for (const name of opts.backbones) {
    throwIfAborted(opts.signal);
    const split = await embedSplit(ws, name, texts, testTexts, opts);
    embedding[name] = split.stats;
    const id = ws.backbone(name).id;
    embeddings.push({
      backbone: id,
      train: split.train,
      ...(opts.test ? { test: split.test } : {}),
    });
  }
  if (combined) embeddings.push(acrossBackbones(ws, opts.backbones, embeddings, combined));
  const result = await runBakeoff({
    labels, yTrain, yTest, embeddings, ...withoutPaths(bakeoffStrategies(opts.strategies), opts.paths === false), seed: opts.seed,
    seeds: opts.seeds, sizes: opts.sizes, folds: opts.folds, oodLabel: opts.oodLabel,
    falseAlarmRate: opts.falseAlarmRate, calibrate: opts.calibrate, signal: opts.signal, onProgress: opts.onProgress,
    workers: opts.workers ?? (texts.length >= 1000 ? Math.min(2, availableParallelism()) : 1),
    fitThreads: opts.fitThreads,
  });
  throwIfAborted(opts.signal);
  if (result.predictions) {
    // The texts as stored (privacy applied), so the run shows which examples its best entry gets wrong.
    const source = result.predictions.split === 'test' ? testTexts : texts;
    result.predictions.texts = result.predictions.rows.map((r) => source[r]!);
  }
  const costs = backboneCosts(ws, opts.backbones, embedding);
  if (combined) costs[embeddings.at(-1)!.backbone] = sumCosts(opts.backbones.map((name) => costs[ws.backbone(name).id]!));
  const runId = saveRunResult(ws, spec, result, { costs });
  return { runId, result, dataHash, versions, embedding, costs, privacy };
}

/** What each backbone cost in this run, by backbone id: measured on the texts it embedded (not the cache hits). */
function backboneCosts(ws: WorkspaceContext, names: readonly string[], embedding: Record<string, EmbedStats>): Record<string, BackboneCost> {
  const out: Record<string, BackboneCost> = {};
  for (const name of names) {
    const s = embedding[name];
    if (s === undefined) continue;
    const b = ws.backbone(name);
    const u = s.usage;
    out[b.id] = {
      dim: b.dim,
      secondsPer1000: s.embedded > 0 ? (s.seconds / s.embedded) * 1000 : null,
      moneyPer1000: u === undefined ? 0 : u.cost === null || s.embedded === 0 ? null : (u.cost / s.embedded) * 1000,
      latency: u === undefined ? null : u.requests > 0 ? u.seconds / u.requests : null,
      memoryBytes: b.weightsBytes?.() ?? null,
    };
  }
  return out;
}

/** The backbones' embeddings side by side (the id a multi-backbone task gets), with the ensemble across them as their one strategy. */
function acrossBackbones(
  ws: WorkspaceContext, names: readonly string[], parts: readonly BakeoffEmbeddings[], combined: { kind: string; member: string },
): BakeoffEmbeddings {
  const make = (params?: readonly (object | undefined)[]): Strategy =>
    ensembleAcrossBackbones(combined.kind, combined.member, names.map((name, i) => ({ name, dim: parts[i]!.train.cols, params: params?.[i] })));
  const tests = parts.map((p) => p.test);
  return {
    backbone: names.map((name) => ws.backbone(name).id).join(BACKBONE_JOIN),
    train: hconcat(parts.map((p) => p.train)),
    ...(tests.every((t): t is Matrix => t !== undefined) ? { test: hconcat(tests) } : {}),
    strategies: { [combined.kind]: make() },
    // each member at the settings its backbone's own fit chose on the same split (logistic's C), not searched again per ensemble fold
    across: {
      parts: names.map((_, i) => i),
      strategies: (heads) => ({ [combined.kind]: make(heads.map((h) => h.get(combined.member)?.diagnostics.chosen)) }),
    },
  };
}

/** What embedding with every part costs: the parts' costs added up (the slowest request's latency). */
function sumCosts(parts: readonly BackboneCost[]): BackboneCost {
  const add = (get: (c: BackboneCost) => number | null | undefined): number | null =>
    parts.reduce<number | null>((s, c) => { const v = get(c); return s === null || v === null || v === undefined ? null : s + v; }, 0);
  const latencies = parts.map((c) => c.latency).filter((v): v is number => v !== null);
  return {
    dim: parts.reduce((s, c) => s + c.dim, 0), secondsPer1000: add((c) => c.secondsPer1000), moneyPer1000: add((c) => c.moneyPer1000),
    latency: latencies.length ? Math.max(...latencies) : null, memoryBytes: add((c) => c.memoryBytes),
  };
}
