/**
 * `graft advise`: should we fine-tune? Runs the bake-off (every head on every backbone, its
 * full-data point only), then the proportional learning curve of the best entry, measures the
 * heads it serves, and hands everything to the advisor, which forecasts, estimates the
 * fine-tuning routes and decides. Saved as a run; an identical run (same data, settings, seed,
 * versions and advisor tables) is reused. Cancelling saves nothing.
 */
import { availableParallelism } from 'node:os';
import { UsageError, hashExamples, throwIfAborted } from '../core/index.js';
import type { JobOptions, Matrix } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import { isRemoteBackbone, tryParseBackboneSpec } from '../backbones/index.js';
import { createStrategy } from '../heads/index.js';
import type { FitDiagnostics, StrategyName } from '../heads/index.js';
import type { BackboneName } from '../backbones/index.js';
import {
  ADVISOR_TABLES_VERSION, DEFAULT_FRACTIONS, assembleAdvice, measureHead, measuredAlternatives, median, parseAdvice, proportionalCurve, strategyWithChosen, tokensPerText,
} from '../advisor/index.js';
import type { Advice, Constraints, HeadCost } from '../advisor/index.js';
import type { BakeoffResult } from '../eval/index.js';
import type { WorkspaceContext } from './context.js';
import { stratifiedKFold } from '../math/index.js';
import { bakeoffDataset } from './bakeoff.js';
import type { BakeoffRun } from './bakeoff.js';
import { embedSplit } from './embed.js';
import { checkBorder, privatize } from './privacy.js';
import { findSavedRun, runVersions, saveRunResult } from './saved-runs.js';
import type { RunSpec } from './saved-runs.js';

export interface AdviseOptions extends JobOptions, Constraints {
  backbones: readonly string[];
  strategies: readonly string[];
  seed: number;
  /** Score on this held-out set; without it the bake-off cross-validates and the curve holds out a fifth per seed. */
  test?: Dataset;
  folds?: number;
  privacy?: string;
  allowRemotePii?: boolean;
  /** Rows with this label are out of scope (OOD quality is measured; never trained on). */
  oodLabel?: string;
  /** Fewer curve seeds and sizes, no probe of the backbone's speed, heads measured on ≤ 2,000 rows. */
  quick?: boolean;
  /** Seeds per curve point (default 3; quick 2). */
  curveSeeds?: number;
  /** Price overrides (USD). */
  gpuUsdPerHour?: number;
  hostedTrainUsdPerMTokens?: number;
  /** Reuse an identical saved advice (default true). */
  reuse?: boolean;
  /** Threads each full-set and learning-curve fit may use (default 2, or 1 on a 1-core machine); the same numbers for any number. */
  workers?: number;
}

export interface AdviseRun {
  runId: string;
  advice: Advice;
  /** The bake-off run the alternatives come from. */
  bakeoff: { runId: string; result: BakeoffResult };
  /** Set when an identical earlier advice was reused. */
  reusedFrom?: string;
}

const RUN_KIND = 'advise';
/**
 * From this many rows without a test set, the bake-off and the curve score one stratified held-out
 * fifth (fold 1 of 5) instead of cross-validating: five times fewer full-data fits, and at 1,000
 * held-out rows or more the interval is already narrow (± 2 points at 80% accuracy).
 */
export const HOLDOUT_FROM_ROWS = 5000;
/**
 * Bumped when what advise measures changes, so that older saved advice is not reused (3: curve
 * sizes floored at 2 rows a class; 4: curve fits stop at a score's precision, the bake-off
 * measures no regularization path; 5: each curve size chooses C (or k) once, on its first seed,
 * and its other seeds fit that choice).
 */
export const ADVISE_PROTOCOL = 5;
const QUICK_FRACTIONS: readonly number[] = Object.freeze([1 / 16, 1 / 8, 1 / 4, 1 / 2]);
/** In quick mode heads are measured on at most this many rows. */
const QUICK_HEAD_ROWS = 2000;

function checkOptions(o: AdviseOptions): void {
  const bad = (name: string, v: number | undefined, ok: (v: number) => boolean, rule: string): void => {
    if (v !== undefined && !(Number.isFinite(v) && ok(v))) throw new UsageError(`${name} must be ${rule}, got ${v}.`, 'bad_advise_option');
  };
  bad('targetAccuracy', o.targetAccuracy, (v) => v > 0 && v <= 1, 'a fraction above 0 and at most 1 (e.g. 0.9 for 90%)');
  bad('budgetUsd', o.budgetUsd, (v) => v >= 0, 'a non-negative amount of US dollars');
  bad('latencyMs', o.latencyMs, (v) => v > 0, 'a positive number of milliseconds');
  bad('labelCostUsd', o.labelCostUsd, (v) => v >= 0, 'a non-negative amount of US dollars per label');
  bad('gpuUsdPerHour', o.gpuUsdPerHour, (v) => v >= 0, 'a non-negative price per GPU-hour');
  bad('hostedTrainUsdPerMTokens', o.hostedTrainUsdPerMTokens, (v) => v >= 0, 'a non-negative price per million tokens');
  bad('curveSeeds', o.curveSeeds, (v) => Number.isInteger(v) && v >= 1 && v <= 20, 'a whole number from 1 to 20');
}

/**
 * Advises on a labelled dataset and saves the advice as a run.
 *
 * @example
 * const { advice } = await adviseDataset(ctx, ds, { backbones: ['use-lite'], strategies: ['logistic', 'knn'], seed: 42, targetAccuracy: 0.9 });
 */
export async function adviseDataset(ws: WorkspaceContext, raw: Dataset, opts: AdviseOptions): Promise<AdviseRun> {
  checkOptions(opts);
  checkBorder(opts.backbones, opts.privacy, opts.allowRemotePii);
  const quick = opts.quick ?? false;
  const curveSeeds = opts.curveSeeds ?? (quick ? 2 : 3);
  const { dataset: ds, report } = await privatize(ws, raw, opts.privacy);
  const test = opts.test ? (await privatize(ws, opts.test, opts.privacy)).dataset : undefined;
  const texts = ds.examples.map((e) => e.text), testTexts = test?.examples.map((e) => e.text) ?? [];
  const dataHash = hashExamples([...texts, ...testTexts], [...ds.examples, ...(test?.examples ?? [])].map((e) => e.label));
  const versions = { ...(await runVersions(ws, opts.backbones, opts)), advisorTables: ADVISOR_TABLES_VERSION };
  const constraints: Constraints = Object.fromEntries(
    (['targetAccuracy', 'budgetUsd', 'latencyMs', 'labelCostUsd'] as const).filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]),
  );
  const config = {
    dataset: ds.name, test: test?.name ?? null, backbones: opts.backbones, strategies: opts.strategies, folds: opts.folds ?? null, oodLabel: opts.oodLabel ?? null,
    privacy: report.policy, quick, curveSeeds, split: opts.test ? 'test' : ds.examples.length >= HOLDOUT_FROM_ROWS ? 'holdout' : 'cv', constraints, prices: { gpu: opts.gpuUsdPerHour ?? null, hosted: opts.hostedTrainUsdPerMTokens ?? null },
  };
  const spec: RunSpec = { kind: RUN_KIND, protocol: ADVISE_PROTOCOL, dataHash, seed: opts.seed, versions, config };
  if (opts.reuse !== false) {
    const previous = findSavedRun<unknown>(ws, spec);
    if (previous) {
      const advice = parseAdvice(previous.result);
      const bake = ws.runs.getRun<BakeoffResult>(advice.alternatives.bakeoffRunId);
      return { runId: previous.id, advice, bakeoff: { runId: bake.id, result: bake.result }, reusedFrom: previous.id };
    }
  }
  const split = opts.test ? undefined : holdoutSplit(raw, opts.seed);
  const threads = opts.workers ?? Math.min(2, availableParallelism());
  const bakeoff = await bakeoffDataset(ws, split?.train ?? raw, {
    // advise's options are the CLI's and the server's names; the bake-off refuses an unknown one
    backbones: opts.backbones as readonly BackboneName[], strategies: opts.strategies as readonly StrategyName[], seed: opts.seed, sizes: [], folds: opts.folds, test: opts.test ?? split?.test,
    privacy: opts.privacy, allowRemotePii: opts.allowRemotePii, oodLabel: opts.oodLabel, reuse: opts.reuse,
    // the advice measures one backbone's head (measureBest refits it by backbone name), not the cross-backbone ensemble
    ensemble: false,
    // nor reads the regularization paths (several full-set fits each); without them and without a
    // curve the bake-off has nothing for worker threads to do
    paths: false, workers: 1, fitThreads: threads, signal: opts.signal, onProgress: opts.onProgress,
  });
  const measured = await measureBest(ws, bakeoff, split
    ? { ds: (await privatize(ws, split.train, opts.privacy)).dataset, test: (await privatize(ws, split.test, opts.privacy)).dataset, opts, quick, curveSeeds, threads }
    : { ds, test, opts, quick, curveSeeds, threads });
  throwIfAborted(opts.signal);
  const kept = ds.examples.filter((e) => e.label !== opts.oodLabel);
  const labels = bakeoff.result.labels;
  const advice = parseAdvice(assembleAdvice({
    dataset: {
      name: ds.name, rows: kept.length, testRows: test ? bakeoff.result.testRows : null, labels,
      counts: labels.map((l) => kept.filter((e) => e.label === l).length),
      dataHash, tokensPerExample: tokensPerText(kept.map((e) => e.text)),
    },
    settings: { seed: opts.seed, quick, backbones: [...opts.backbones], strategies: [...opts.strategies], curveSeeds, constraints, tables: ADVISOR_TABLES_VERSION },
    privacy: bakeoff.privacy, bakeoff: { runId: bakeoff.runId, result: bakeoff.result, costs: bakeoff.costs },
    heads: measured.heads, embedMsPerText: measured.embedMsPerText, curve: { points: measured.points, heldOut: opts.test ? 'test' : 'holdout' },
    prices: { gpuUsdPerHour: opts.gpuUsdPerHour, hostedTrainUsdPerMTokens: opts.hostedTrainUsdPerMTokens }, warnings: measured.warnings,
  }));
  throwIfAborted(opts.signal);
  const runId = saveRunResult(ws, spec, advice); // the bake-off it came from: advice.alternatives.bakeoffRunId
  return { runId, advice, bakeoff: { runId: bakeoff.runId, result: bakeoff.result } };
}

/**
 * Without a test set, from HOLDOUT_FROM_ROWS rows: the training rows and a held-out fifth (fold 1
 * of a seeded stratified 5-fold split); undefined below that, or when a class has fewer than 5 rows.
 */
function holdoutSplit(ds: Dataset, seed: number): { train: Dataset; test: Dataset } | undefined {
  if (ds.examples.length < HOLDOUT_FROM_ROWS) return undefined;
  const labels = [...new Set(ds.examples.map((e) => e.label))].sort();
  const y = Int32Array.from(ds.examples, (e) => labels.indexOf(e.label));
  const counts = labels.map((_, k) => y.filter((v) => v === k).length);
  if (counts.some((c) => c < 5)) return undefined;
  const fold = stratifiedKFold(y, 5, seed, labels)[0]!;
  const pick = (rows: Int32Array, part: string): Dataset => ({ ...ds, name: `${ds.name} (${part})`, examples: Array.from(rows, (i) => ds.examples[i]!) });
  return { train: pick(fold.train, 'training 4/5'), test: pick(fold.test, 'held-out 1/5') };
}

interface MeasureContext {
  /** Threads a curve fit may use. */
  threads: number;
  ds: Dataset;
  test?: Dataset;
  opts: AdviseOptions;
  quick: boolean;
  curveSeeds: number;
}

/** The backbone name (as given) whose id an entry carries. */
function nameOf(run: BakeoffRun, id: string, names: readonly string[]): string {
  return names.find((n) => run.versions[`backbone:${n}`] === id) ?? id;
}

/** The proportional curve of the best entry, its head and the heads not significantly worse, the backbone's speed. */
async function measureBest(ws: WorkspaceContext, run: BakeoffRun, m: MeasureContext): Promise<{ points: Awaited<ReturnType<typeof proportionalCurve>>; heads: Map<number, HeadCost>; embedMsPerText: number | null; warnings: string[] }> {
  const r = run.result;
  const labels = r.labels;
  const index = new Map(labels.map((l, k) => [l, k]));
  const keep = m.ds.examples.map((e, i) => (index.has(e.label) ? i : -1)).filter((i) => i >= 0);
  const y = Int32Array.from(keep, (i) => index.get(m.ds.examples[i]!.label)!);
  const testKeep = m.test ? m.test.examples.map((e, i) => (index.has(e.label) ? i : -1)).filter((i) => i >= 0) : [];
  const yTest = m.test ? Int32Array.from(testKeep, (i) => index.get(m.test!.examples[i]!.label)!) : undefined;
  const embedded = new Map<string, { X: Matrix; Xtest: Matrix }>();
  const embed = async (name: string): Promise<{ X: Matrix; Xtest: Matrix }> => {
    let e = embedded.get(name);
    if (!e) {
      const texts = m.ds.examples.map((x) => x.text), testTexts = m.test?.examples.map((x) => x.text) ?? [];
      const both = await embedSplit(ws, name, texts, testTexts, m.opts);
      e = { X: both.train.selectRows(keep), Xtest: both.test.selectRows(testKeep) };
      embedded.set(name, e);
    }
    return e;
  };
  const bestIndex = r.ranking[0]!;
  const best = r.entries[bestIndex]!;
  const bestName = nameOf(run, best.backbone, m.opts.backbones);
  const { X, Xtest } = await embed(bestName);
  const full = best.points.at(-1)!;
  let chosen: FitDiagnostics['chosen'];
  const points = await proportionalCurve({
    strategy: createStrategy(best.strategy), X, y, labels, ...(yTest ? { test: { X: Xtest, y: yTest } } : {}),
    seed: m.opts.seed, seeds: m.curveSeeds, fractions: m.quick ? QUICK_FRACTIONS : DEFAULT_FRACTIONS,
    full: { n: full.n, accuracy: full.accuracy.mean, se: full.accuracy.se, confusion: best.confusion },
    signal: m.opts.signal, onProgress: m.opts.onProgress, threads: m.threads,
    // Each size searches once (its first seed); the other seeds fit that choice on worker threads meanwhile
    retune: (head) => strategyWithChosen(best.strategy, head.diagnostics.chosen), workers: m.threads,
    onHead: (_, round, head) => { if (round === 0) chosen = head.diagnostics.chosen; }, // ends at the largest fraction's
  });
  // Heads worth serving: the best, and (unless quick) every entry not significantly worse.
  const unpriced = measuredAlternatives(r, run.costs);
  const candidates = unpriced.rows.filter((row, i) => i === 0 || (!m.quick && (row.vsBest === null || !row.vsBest.significant)));
  const heads = new Map<number, HeadCost>();
  const total = candidates.length;
  m.opts.onProgress?.({ phase: 'advise: measuring heads', done: 0, total, unit: 'heads' });
  for (const [done, c] of candidates.entries()) {
    throwIfAborted(m.opts.signal);
    const e = await embed(nameOf(run, c.backbone, m.opts.backbones));
    const rows = m.quick && e.X.rows > QUICK_HEAD_ROWS ? Int32Array.from({ length: QUICK_HEAD_ROWS }, (_, i) => Math.floor((i * e.X.rows) / QUICK_HEAD_ROWS)) : undefined;
    const Xfit = rows ? e.X.selectRows(rows) : e.X, yFit = rows ? Int32Array.from(rows, (i) => y[i]!) : y;
    const probe = e.Xtest.rows > 0 ? e.Xtest : e.X;
    // The best entry's head at the hyper-parameters the curve's largest fit chose: one fit instead of a search (size and speed are the same)
    const strategy = c.entry === bestIndex ? strategyWithChosen(c.strategy, chosen) : createStrategy(c.strategy);
    heads.set(c.entry, await measureHead(strategy, Xfit, yFit, labels, m.opts.seed, probe, m.opts.signal));
    m.opts.onProgress?.({ phase: 'advise: measuring heads', done: done + 1, total, unit: 'heads' });
  }
  const warnings: string[] = [];
  const embedMsPerText = await backboneSpeed(ws, run, bestName, best.backbone, m, warnings);
  return { points, heads, embedMsPerText, warnings };
}

/** Milliseconds to embed one text: the run's own measurement, else (unless quick) a probe of the local model, one text at a time. */
async function backboneSpeed(ws: WorkspaceContext, run: BakeoffRun, name: string, id: string, m: MeasureContext, warnings: string[]): Promise<number | null> {
  const cost = run.costs[id];
  if (cost?.latency !== null && cost?.latency !== undefined) return cost.latency * 1000;
  if (cost?.secondsPer1000 !== null && cost?.secondsPer1000 !== undefined) return cost.secondsPer1000;
  const spec = tryParseBackboneSpec(name);
  const backbone = ws.backbone(name) as { inner?: { embed(texts: readonly string[], o?: JobOptions): Promise<Matrix> } };
  if (m.quick || !spec || isRemoteBackbone(spec) || !backbone.inner) {
    warnings.push(`embedding time of ${name} not measured (every text came from the cache)`);
    return null;
  }
  const texts = m.ds.examples.slice(0, 9).map((e) => e.text);
  if (texts.length === 0) return null;
  await backbone.inner.embed([texts[0]!], { signal: m.opts.signal }); // loads the model
  const times: number[] = [];
  for (const t of texts) {
    const t0 = performance.now();
    await backbone.inner.embed([t], { signal: m.opts.signal });
    times.push(performance.now() - t0);
  }
  return median(times);
}
