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
  const labels = i.dataset.labels;
  const plan = planLabels(points, labels, 0);
  const routes = estimateRoutes({
    data: { rows: i.dataset.rows, classes: labels.length, tokensPerExample: i.dataset.tokensPerExample },
    graftAccuracy: best.accuracy, budgetUsd: constraints.budgetUsd, latencyMs: constraints.latencyMs,
    gpuUsdPerHour: i.prices?.gpuUsdPerHour, hostedTrainUsdPerMTokens: i.prices?.hostedTrainUsdPerMTokens,
  });
  const privacy = privacyExposure(i.privacy);
  const { forecast: fc, decision } = forecastAndDecide({ dataset: i.dataset, settings: i.settings, graft, points, routes, privacy });
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

/** The parts of an advice the forecast and the decision are made from. */
type DecisionParts = Pick<Advice, 'dataset' | 'settings' | 'graft' | 'privacy'> & { points: readonly CurveMeasurement[]; routes: Advice['fineTuning']['routes'] };

/** The forecast of the curve and the decision from it, the measured accuracy, the routes and the constraints. */
function forecastAndDecide(a: DecisionParts): { forecast: Advice['curve']['forecast']; decision: Advice['decision'] } {
  const { constraints } = a.settings;
  const labels = a.dataset.labels;
  const points = a.points;
  const fc = forecast(points.map((p) => ({ n: p.n, mean: p.mean, se: p.se })), {
    available: a.dataset.rows, seed: a.settings.seed, target: constraints.targetAccuracy, resamples: a.settings.quick ? 100 : 200,
  });
  const decision = decide({
    graft: { accuracy: a.graft.accuracy, ci95: a.graft.ci95, latencyMs: a.graft.latencyMs, label: `${a.graft.strategy} on ${a.graft.backbone}` },
    rows: a.dataset.rows, forecast: fc, routes: a.routes, privacy: a.privacy, constraints,
    planLabels: (total) => planLabels(points, labels, total).allocation,
    labelsToTell: toTell(points, labels),
  });
  return { forecast: fc, decision };
}

/**
 * A saved advice with its forecast and decision made again by this version's forecast and decision
 * rules, from the advice's own measurements (its curve, graft's measured accuracy, the routes it
 * estimated, its constraints): what this version would have answered on the same run. The
 * forecast's warnings replace the old forecast's; nothing is measured again.
 *
 * @example
 * const now = reconsider(parseAdvice(savedRun.result)); // now.decision.action
 */
export function reconsider(advice: Advice): Advice {
  const { forecast: fc, decision } = forecastAndDecide({ ...advice, points: advice.curve.points, routes: advice.fineTuning.routes });
  const old = new Set(advice.curve.forecast.warnings);
  return {
    ...advice, curve: { ...advice.curve, forecast: fc }, decision,
    warnings: [...new Set([...advice.warnings.filter((w) => !old.has(w)), ...fc.warnings])],
  };
}

/** Labels per class after which the curve (of the default fractions) would have enough sizes to check its forecast. */
function toTell(points: readonly CurveMeasurement[], labels: readonly string[]): { label: string; labels: number }[] | null {
  const full = [...points].sort((a, b) => a.n - b.n).at(-1);
  if (!full) return null;
  const more = labelsForSizes(full.classCounts.map((c) => Math.round(c)), DEFAULT_FRACTIONS, MIN_RELIABLE_SIZES);
  return more ? labels.map((label, k) => ({ label, labels: more[k] ?? 0 })) : null;
}
