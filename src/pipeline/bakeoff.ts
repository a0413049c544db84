/**
 * `graft eval` as a bake-off: embed once per backbone (through the cache), run every
 * strategy × size × seed, save the run with its seed, data hash and versions. Nothing is
 * saved unless the whole bake-off finished: a cancelled run leaves the store unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { LabelSet, hashExamples, sha256, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { EmbedStats } from '../backbones/index.js';
import { createStrategy, regularizationPath } from '../heads/index.js';
import type { Strategy } from '../heads/index.js';
import { runBakeoff } from '../eval/index.js';
import type { BackboneCost, BakeoffEmbeddings, BakeoffOptions, BakeoffResult } from '../eval/index.js';
import type { WorkspaceContext } from './context.js';
import { embedSplit, embedTexts } from './embed.js';
import { checkBorder, privatize } from './privacy.js';
import type { PrivacyReport } from '../privacy/index.js';

export interface BakeoffDatasetOptions extends JobOptions {
  backbones: readonly string[];
  /** With `privacy: 'allow'`, let raw texts go to a remote backbone (otherwise a PrivacyError). */
  allowRemotePii?: boolean;
  strategies: readonly string[];
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
   * Worker threads for the learning-curve fits (default: 2 from 1,000 training rows, or 1 on a
   * 1-core machine; 1 below that, where starting threads costs more than the fits). Same numbers either way.
   */
  workers?: number;
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
 */
export const BAKEOFF_PROTOCOL = 3;

/**
 * The strategies `graft eval` bakes off, by kind, and the regularization path of the first
 * kind that declares one (logistic's C; its full-set fit is reused at the chosen value).
 *
 * @example
 * const { strategies, regularizationPath } = bakeoffStrategies(DEFAULT_BAKEOFF_KINDS);
 */
export function bakeoffStrategies(kinds: readonly string[]): Pick<BakeoffOptions, 'strategies' | 'regularizationPath'> {
  const strategies: Record<string, Strategy> = {};
  for (const kind of kinds) strategies[kind] = createStrategy(kind);
  const withPath = kinds.find((k) => regularizationPath(k) !== undefined);
  return { strategies, ...(withPath !== undefined ? { regularizationPath: { strategy: withPath, ...regularizationPath(withPath)! } } : {}) };
}

let cachedVersion: string | undefined;
/** graft's own version, from the nearest package.json named graft-ml (the published name) above this file. */
export function graftVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if ((pkg.name === 'graft' || pkg.name === 'graft-ml') && pkg.version) return (cachedVersion = pkg.version);
    }
    dir = dirname(dir);
  }
  return (cachedVersion = 'unknown');
}

/**
 * Runs and saves a bake-off of a labelled dataset.
 *
 * @example
 * const { runId, result } = await bakeoffDataset(ws, ds, { backbones: ['use-lite'], strategies: ['logistic', 'knn'], seed: 42 });
 */
export async function bakeoffDataset(ws: WorkspaceContext, raw: Dataset, rawOpts: BakeoffDatasetOptions): Promise<BakeoffRun> {
  checkBorder(rawOpts.backbones, rawOpts.privacy, rawOpts.allowRemotePii);
  const { dataset: ds, report } = privatize(ws, raw, rawOpts.privacy);
  const test = rawOpts.test ? privatize(ws, rawOpts.test, rawOpts.privacy) : undefined;
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
  const versions: Record<string, string> = { graft: graftVersion() };
  for (const b of opts.backbones) {
    const backbone = ws.backbone(b);
    await backbone.open?.(opts); // an hf: id needs its fetched files, a remote's width its first answer
    versions[`backbone:${b}`] = backbone.id;
  }
  const config = {
    dataset: ds.name, test: opts.test?.name ?? null, backbones: opts.backbones, strategies: opts.strategies,
    seeds: opts.seeds ?? 5, sizes: opts.sizes ?? null, folds: opts.folds ?? null, oodLabel: opts.oodLabel ?? null,
    falseAlarmRate: opts.falseAlarmRate ?? 0.05, calibrate: opts.calibrate ?? true, privacy: report.policy,
    protocol: BAKEOFF_PROTOCOL,
  };
  const key = sha256(JSON.stringify({ dataHash, versions, seed: opts.seed, config }));
  const previous = rawOpts.reuse === false ? undefined : findRun(ws, key, dataHash);
  if (previous) {
    // Still pass every text through the cache, so the stats show what a fresh embed would cost now.
    for (const b of opts.backbones) embedding[b] = (await embedTexts(ws, b, [...texts, ...testTexts], opts)).stats;
    return { runId: previous.id, result: previous.result, dataHash, versions, embedding, costs: backboneCosts(ws, opts.backbones, embedding), privacy, reusedFrom: previous.id };
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
  const result = await runBakeoff({
    labels, yTrain, yTest, embeddings, ...bakeoffStrategies(opts.strategies), seed: opts.seed,
    seeds: opts.seeds, sizes: opts.sizes, folds: opts.folds, oodLabel: opts.oodLabel,
    falseAlarmRate: opts.falseAlarmRate, calibrate: opts.calibrate, signal: opts.signal, onProgress: opts.onProgress,
    workers: opts.workers ?? (texts.length >= 1000 ? Math.min(2, availableParallelism()) : 1),
  });
  throwIfAborted(opts.signal);
  const runId = ws.runs.saveRun({ kind: RUN_KIND, seed: opts.seed, dataHash, versions, config: { ...config, key }, result });
  return { runId, result, dataHash, versions, embedding, costs: backboneCosts(ws, opts.backbones, embedding), privacy };
}

/** The newest saved bake-off whose data, settings, seed and versions hash to `key`. */
function findRun(ws: WorkspaceContext, key: string, dataHash: string): { id: string; result: BakeoffResult } | undefined {
  for (const r of ws.runs.listRuns({ kind: RUN_KIND })) {
    if (r.dataHash === dataHash && (r.config as { key?: string }).key === key) {
      return { id: r.id, result: ws.runs.getRun<BakeoffResult>(r.id).result };
    }
  }
  return undefined;
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
    };
  }
  return out;
}
