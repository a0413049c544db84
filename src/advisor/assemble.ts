/**
 * Puts the measured parts together into the advice: the bake-off's alternatives, the
 * proportional curve and its forecast, the per-class plan, the fine-tuning estimates and the
 * decision. Pure: everything measured comes in as arguments (the pipeline measures it).
 */
import type { BackboneCost, BakeoffResult } from '../eval/index.js';
import type { PrivacyReport } from '../privacy/index.js';
import { measuredAlternatives } from './alternatives.js';
import type { HeadCost } from './alternatives.js';
import { planLabels } from './classes.js';
import { FINE_TUNING_EVIDENCE } from './constants.js';
import type { CurveMeasurement } from './curve.js';
import { decide } from './decide.js';
import { DEFAULT_FRACTIONS, labelsForSizes } from './curve.js';
import { MIN_RELIABLE_SIZES } from './forecast.js';
import { evidenceSources, leaveOneOut } from './evidence.js';
import { privacyExposure } from './exposure.js';
import { forecast } from './forecast.js';
import { estimateRoutes } from './routes.js';
import type { Advice } from './schema.js';

export interface AdviceInput {
  dataset: Advice['dataset'];
  settings: Advice['settings'];
  privacy: readonly PrivacyReport[];
  bakeoff: { runId: string; result: BakeoffResult; costs: Readonly<Record<string, BackboneCost>> };
  /** Measured heads, by bake-off entry index. */
  heads: ReadonlyMap<number, HeadCost>;
  /** One text through the best entry's backbone, in milliseconds (null when not measured). */
  embedMsPerText: number | null;
  curve: { points: CurveMeasurement[]; heldOut: 'test' | 'holdout' };
  /** Price overrides for the route estimates (USD). */
  prices?: { gpuUsdPerHour?: number; hostedTrainUsdPerMTokens?: number };
  /** Extra warnings from the measuring steps. */
  warnings?: readonly string[];
}

/**
 * The advice for measured inputs.
 *
 * @example
 * const advice = assembleAdvice({ dataset, settings, privacy, bakeoff, heads, embedMsPerText, curve });
 * advice.decision.action;
 */
export function assembleAdvice(i: AdviceInput): Advice {
  const { constraints } = i.settings;
  const alt = measuredAlternatives(i.bakeoff.result, i.bakeoff.costs, i.heads);
  const best = alt.rows[alt.best]!;
  const head = best.cost?.head ?? null;
  const latencyMs = i.embedMsPerText === null || head === null ? null : i.embedMsPerText + head.msPerText;
  const graft: Advice['graft'] = {
    backbone: best.backbone, strategy: best.strategy, accuracy: best.accuracy, ci95: best.ci95,
    headBytes: head?.bytes ?? null, headMsPerText: head?.msPerText ?? null, embedMsPerText: i.embedMsPerText, latencyMs,
  };
  const points = i.curve.points;
  const fc = forecast(points.map((p) => ({ n: p.n, mean: p.mean, se: p.se })), {
    available: i.dataset.rows, seed: i.settings.seed, target: constraints.targetAccuracy, resamples: i.settings.quick ? 100 : 200,
  });
  const labels = i.dataset.labels;
  const plan = planLabels(points, labels, 0);
  const routes = estimateRoutes({
    data: { rows: i.dataset.rows, classes: labels.length, tokensPerExample: i.dataset.tokensPerExample },
    graftAccuracy: best.accuracy, budgetUsd: constraints.budgetUsd, latencyMs: constraints.latencyMs,
    gpuUsdPerHour: i.prices?.gpuUsdPerHour, hostedTrainUsdPerMTokens: i.prices?.hostedTrainUsdPerMTokens,
  });
  const privacy = privacyExposure(i.privacy);
  const decision = decide({
    graft: { accuracy: best.accuracy, ci95: best.ci95, latencyMs, label: `${best.strategy} on ${best.backbone}` },
    rows: i.dataset.rows, forecast: fc, routes, privacy, constraints,
    planLabels: (total) => planLabels(points, labels, total).allocation,
    labelsToTell: toTell(points, labels),
  });
  const loo = leaveOneOut();
  const warnings = [...(i.warnings ?? []), ...fc.warnings];
  if (routes.some((r) => r.evidence.thin)) warnings.push('fine-tuning evidence is thin at this number of examples per class: treat its range as a rough guide');
  return {
    format: 1, dataset: i.dataset, settings: i.settings, privacy,
    alternatives: { bakeoffRunId: i.bakeoff.runId, ...alt }, graft,
    curve: { kind: 'proportional', heldOut: i.curve.heldOut, points, forecast: fc, classes: plan.classes },
    fineTuning: { routes, evidenceRows: FINE_TUNING_EVIDENCE.length, evidenceSources: evidenceSources(), leaveOneOut: { meanAbsError: loo.meanAbsError, coverage: loo.coverage } },
    decision, warnings: [...new Set(warnings)],
  };
}

/** Labels per class after which the curve (of the default fractions) would have enough sizes to check its forecast. */
function toTell(points: readonly CurveMeasurement[], labels: readonly string[]): { label: string; labels: number }[] | null {
  const full = [...points].sort((a, b) => a.n - b.n).at(-1);
  if (!full) return null;
  const more = labelsForSizes(full.classCounts.map((c) => Math.round(c)), DEFAULT_FRACTIONS, MIN_RELIABLE_SIZES);
  return more ? labels.map((label, k) => ({ label, labels: more[k] ?? 0 })) : null;
}
