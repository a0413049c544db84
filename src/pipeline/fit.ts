/**
 * Fitting a task: embed the training set, measure the strategy by cross-validation, fit
 * it on everything, and save the head as the task's next live version — atomically.
 */
import { LabelSet, hashExamples, throwIfAborted } from '../core/index.js';
import type { JobOptions } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { EmbedStats } from '../backbones/index.js';
import { CalibratedStrategy, createStrategy } from '../heads/index.js';
import type { FitDiagnostics } from '../heads/index.js';
import { crossValidate, fitOodDetector, headlineMetrics } from '../eval/index.js';
import { NoveltyStore } from '../store/index.js';
import type { EvalResult } from '../eval/index.js';
import type { Workspace } from './workspace.js';
import { embedTexts } from './embed.js';
import { privatize } from './privacy.js';
import type { PrivacyReport } from '../privacy/index.js';

export interface FitTaskOptions extends JobOptions {
  task: string;
  strategy: string;
  backbone: string;
  seed: number;
  /** Folds for the cross-validated metrics saved with the version; 0 skips them. */
  folds: number;
  /** Privacy policy for the training texts: redact (default), pseudonymize, refuse, allow. */
  privacy?: string;
  /** Wrap the head in temperature scaling fitted on out-of-fold predictions (default true). */
  calibrate?: boolean;
}

/** Kinds whose outputs are not one softmax row per input, so temperature scaling does not apply. */
const NOT_CALIBRATED = new Set(['calibrated', 'multi-label']);

export interface FitTaskResult {
  task: string;
  version: number;
  backbone: string;
  strategy: string;
  labels: string[];
  examples: number;
  dataHash: string;
  cv?: EvalResult;
  diagnostics: FitDiagnostics;
  embedding: EmbedStats;
  /** What the privacy stage found and did (counts only, never values). */
  privacy: PrivacyReport;
  seconds: number;
}

export async function fitTask(ws: Workspace, raw: Dataset, opts: FitTaskOptions): Promise<FitTaskResult> {
  const t0 = performance.now();
  const { dataset: ds, report: privacy } = privatize(ws, raw, opts.privacy);
  const labelSet = new LabelSet(ds.examples.map((e) => e.label));
  const labels = [...labelSet.labels];
  const texts = ds.examples.map((e) => e.text);
  const y = labelSet.encode(ds.examples.map((e) => e.label));
  const dataHash = hashExamples(texts, ds.examples.map((e) => e.label));
  const strategy = createStrategy(opts.strategy);
  const { X, stats } = await embedTexts(ws, opts.backbone, texts, opts);
  throwIfAborted(opts.signal);
  const cv = opts.folds > 1
    ? await crossValidate(strategy, X, y, {
        labels, folds: opts.folds, seed: opts.seed, signal: opts.signal,
        onProgress: opts.onProgress ? (p) => opts.onProgress!({ phase: `cv ${opts.strategy}`, done: p.done, total: p.total, unit: 'folds' }) : undefined,
      })
    : undefined;
  throwIfAborted(opts.signal);
  // Heads are calibrated by default; the CV above measures the base (temperature keeps the arg-max).
  const final = opts.calibrate === false || NOT_CALIBRATED.has(strategy.kind) ? strategy : new CalibratedStrategy(strategy);
  const head = await final.fit(X, y, { seed: opts.seed, labels, signal: opts.signal });
  throwIfAborted(opts.signal);
  const backboneId = ws.backbone(opts.backbone).id;
  ws.tasks.createOrGetTask({ name: opts.task, backbone: backboneId, labels, privacy: privacy.policy });
  // The novelty detector predict uses to flag inputs unlike these examples (5% false alarms).
  const detector = fitOodDetector(X, y, labels.length, { seed: opts.seed, signal: opts.signal });
  throwIfAborted(opts.signal);
  const version = ws.db.transaction(() => {
    const v = ws.tasks.saveHeadVersion({
      task: opts.task,
      kind: final.kind,
      strategy: final.params,
      seed: opts.seed,
      head: head.toJSON(),
      dataHash,
      metrics: cv ? headlineMetrics(cv) : {},
      examples: ds.examples.map((e) => ({ id: e.id, text: e.text, label: e.label })),
    });
    new NoveltyStore(ws.db).save(opts.task, v, detector.toJSON());
    return v;
  })();
  return {
    task: opts.task,
    version,
    backbone: backboneId,
    strategy: opts.strategy,
    labels,
    examples: texts.length,
    dataHash,
    cv,
    diagnostics: head.diagnostics,
    embedding: stats,
    privacy,
    seconds: (performance.now() - t0) / 1000,
  };
}
