/**
 * The bake-off: every requested strategy on every requested backbone, cross-validated
 * (or scored on a given test set), best first.
 */
import { LabelSet, hashExamples, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { BackboneName, EmbedStats } from '../backbones/index.js';
import { createStrategy } from '../heads/index.js';
import type { StrategyName } from '../heads/index.js';
import { crossValidate, evaluateOnTest } from '../eval/index.js';
import type { LeaderboardRow } from '../eval/index.js';
import type { WorkspaceContext } from './context.js';
import { embedSplit } from './embed.js';
import { embeddingStats, findSavedRun, runVersions, saveRunResult } from './saved-runs.js';
import type { RunSpec } from './saved-runs.js';
import { checkBorder, privatize } from './privacy.js';
import type { PrivacyReport } from '../privacy/index.js';

export interface EvaluateOptions extends JobOptions {
  backbones: readonly BackboneName[];
  /** With `privacy: 'allow'`, let raw texts go to a remote backbone (otherwise a PrivacyError). */
  allowRemotePii?: boolean;
  strategies: readonly StrategyName[];
  folds: number;
  seed: number;
  /** Score on this held-out set instead of cross-validating. */
  test?: Dataset;
  /** Privacy policy for every text: redact (default), pseudonymize, refuse, allow. */
  privacy?: string;
  /**
   * Reuse a saved evaluation with the same data hash, settings, seed and versions (default
   * true). Evaluation is deterministic, so its numbers would be identical; false recomputes.
   */
  reuse?: boolean;
}

export interface LeaderboardRun {
  dataset: { name: string; examples: number; labels: string[]; counts: number[]; dataHash: string };
  protocol: string;
  seed: number;
  rows: LeaderboardRow[];
  embedding: Record<string, EmbedStats>;
  /** What the privacy stage found in the training (and test) texts. */
  privacy: PrivacyReport[];
  /** The best row's backbone and strategy (by mean accuracy, then macro-F1). */
  best: { backbone: BackboneName; strategy: StrategyName };
  /** The run this evaluation is saved as. */
  runId: string;
  /** Set when the numbers were reused from this earlier identical run instead of recomputed. */
  reusedFrom?: string;
}

export async function evaluateDataset(ws: WorkspaceContext, raw: Dataset, rawOpts: EvaluateOptions): Promise<LeaderboardRun> {
  checkBorder(rawOpts.backbones, rawOpts.privacy, rawOpts.allowRemotePii);
  const { dataset: ds, report } = await privatize(ws, raw, rawOpts.privacy);
  const test = rawOpts.test ? await privatize(ws, rawOpts.test, rawOpts.privacy) : undefined;
  const opts = { ...rawOpts, test: test?.dataset };
  const labelSet = new LabelSet(ds.examples.map((e) => e.label));
  const labels = labelSet.labels;
  const texts = ds.examples.map((e) => e.text);
  const y = labelSet.encode(ds.examples.map((e) => e.label));
  const testTexts = opts.test?.examples.map((e) => e.text) ?? [];
  const yTest = opts.test ? labelSet.encode(opts.test.examples.map((e) => e.label)) : undefined;
  const dataHash = hashExamples([...texts, ...testTexts], [...ds.examples, ...(opts.test?.examples ?? [])].map((e) => e.label));
  const spec: RunSpec = {
    kind: RUN_KIND, protocol: EVALUATE_PROTOCOL, dataHash, seed: opts.seed, versions: await runVersions(ws, opts.backbones, opts),
    config: {
      backbones: opts.backbones, strategies: opts.strategies, privacy: report.policy,
      split: opts.test ? { test: opts.test.examples.length } : { folds: opts.folds },
    },
  };
  const previous = rawOpts.reuse === false ? undefined : findSavedRun<Omit<LeaderboardRun, 'runId'>>(ws, spec);
  const privacy = test ? [report, test.report] : [report];
  if (previous) {
    const embedding = await embeddingStats(ws, opts.backbones, [...texts, ...testTexts], opts);
    return { ...previous.result, runId: previous.id, embedding, privacy, reusedFrom: previous.id };
  }
  const rows: LeaderboardRow[] = [];
  const embedding: Record<string, EmbedStats> = {};
  for (const backbone of opts.backbones) {
    throwIfAborted(opts.signal);
    const { train: X, test: Xtest, stats } = await embedSplit(ws, backbone, texts, testTexts, opts);
    embedding[backbone] = stats;
    for (const kind of opts.strategies) {
      throwIfAborted(opts.signal);
      const strategy = createStrategy(kind);
      const onProgress = opts.onProgress
        ? (p: { done: number; total: number }) => opts.onProgress!({ phase: `${backbone}/${kind}`, done: p.done, total: p.total, unit: 'folds' })
        : undefined;
      const result = yTest
        ? await evaluateOnTest(strategy, X, y, Xtest, yTest, { labels, seed: opts.seed, signal: opts.signal })
        : await crossValidate(strategy, X, y, { labels, folds: opts.folds, seed: opts.seed, signal: opts.signal, onProgress });
      rows.push({ backbone, strategy: kind, result });
    }
  }
  rows.sort((a, b) => score(b) - score(a));
  const best = rows[0]!;
  const result: Omit<LeaderboardRun, 'runId'> = {
    dataset: {
      name: ds.name,
      examples: ds.examples.length,
      labels: [...labels],
      counts: labelSet.counts(y),
      dataHash,
    },
    protocol: opts.test ? `held-out test set (${opts.test.examples.length} examples)` : `stratified ${best.result.folds}-fold cross-validation`,
    seed: opts.seed,
    rows,
    embedding,
    privacy,
    // the row's names are the ones asked for in opts
    best: { backbone: best.backbone as BackboneName, strategy: best.strategy as StrategyName },
  };
  const runId = saveRunResult(ws, spec, result);
  return { ...result, runId };
}

const RUN_KIND = 'evaluate';
/**
 * Bumped when what an evaluation measures, or its result, changes, so that runs saved by an
 * older one are not reused. 2: a held-out test set gets a percentile-bootstrap interval over
 * its rows (was a standard deviation over one fold); the key now holds the protocol (1 had none).
 * 3: knn's train accuracy is leave-one-out, and overfitting is a verdict from the inner-CV path.
 */
export const EVALUATE_PROTOCOL = 3;

function score(r: LeaderboardRow): number {
  return r.result.metrics.accuracy.mean + 1e-3 * r.result.metrics.macroF1.mean;
}
