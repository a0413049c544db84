/**
 * The advice as plain JSON, described once with zod: it validates a stored or received result
 * (`parseAdvice`), gives the JSON Schema document the server and dashboard publish
 * (`adviceJsonSchema`), and is checked at compile time against the TypeScript types the advisor's
 * functions return, so the three cannot drift apart. Accuracies are fractions in [0, 1]; money
 * is USD; times are milliseconds, seconds or hours as each field's name says.
 */
import { z } from 'zod';
import type { Alternatives } from './alternatives.js';
import type { ClassBenefit } from './classes.js';
import type { CurveMeasurement } from './curve.js';
import { ACTIONS } from './decide.js';
import type { Action, Constraints, Decision } from './decide.js';
import type { PrivacyExposure } from './exposure.js';
import type { Forecast } from './forecast.js';
import { CURVE_FAMILIES } from './families.js';
import type { CurveFamily } from './families.js';
import type { RouteEstimate } from './routes.js';
import { ROUTE_IDS } from './routes.js';

const frac = z.number().min(0).max(1);
const interval = z.tuple([z.number(), z.number()]);
const count = z.number().int().nonnegative();

const ForecastPointSchema = z.object({ multiple: z.number().positive(), n: z.number().nonnegative(), mean: frac, ci95: z.tuple([frac, frac]).nullable() });

const ForecastSchema = z.object({
  available: count,
  fit: z.object({ a: z.number(), b: z.number(), c: z.number() }).nullable().describe('the power-law family: acc(n) = a − b·n^(−c), fitted to the proportional curve'),
  families: z.array(z.object({
    family: z.enum(CURVE_FAMILIES as [CurveFamily, ...CurveFamily[]]), weight: frac, backtestPerDoubling: z.number().nonnegative().nullable(), params: z.record(z.string(), z.number()),
  })).default([]).describe('the curve families weighed into the forecast: weight ∝ 1 / (backtest miss per doubling)² (empty in advice saved before they were)'),
  sizes: count.default(0).describe('distinct sizes of the curve, the full-data point included (0 in advice saved before it was kept)'),
  reliable: z.boolean(),
  current: ForecastPointSchema,
  at: z.array(ForecastPointSchema).describe('predictions at 2×, 5× and 10× the labels'),
  ceiling: z.object({ mean: z.number(), ci95: interval.nullable() }).nullable(),
  slackPerDoubling: z.number().nonnegative().describe('largest backtest miss per doubling of data of the weighed curve (fits on the smaller sizes predicting the larger), added to both sides of each interval'),
  target: z.object({
    accuracy: frac, reach: z.enum(['now', 'labels', 'out-of-reach']), moreLabels: count.nullable(),
    totalRange: z.tuple([z.number(), z.number().nullable()]).nullable(),
  }).nullable(),
  warnings: z.array(z.string()),
});

const CurvePointSchema = z.object({
  n: z.number().nonnegative(), fraction: z.number().nullable(), mean: frac, se: z.number().nonnegative(), seeds: count,
  classCounts: z.array(z.number().nonnegative()), confusion: z.array(z.array(count)),
});

const ClassSchema = z.object({
  label: z.string(), share: frac, rows: count, recall: frac.nullable(), slopePerDoubling: z.number().nonnegative(), gainPer100: z.number().nonnegative(),
});

const RouteSchema = z.object({
  id: z.enum(ROUTE_IDS), name: z.string(), model: z.string(), trainableParams: count,
  expected: z.object({ accuracy: frac, range: z.tuple([frac, frac]), gain: z.number(), gainRange: interval }),
  evidence: z.object({ rows: z.array(z.string()), effectiveRows: z.number(), thin: z.boolean(), note: z.string() }),
  compute: z.object({
    trainTokens: z.number().nonnegative(), epochs: z.number().positive(), trials: count, flops: z.number().nonnegative(),
    gpuHours: z.number().nonnegative(), utilisation: frac,
  }).nullable(),
  money: z.object({ trainingUsd: z.number().nonnegative(), basis: z.string(), per1000PredictionsUsd: z.number().nonnegative().nullable() }),
  wallHours: z.number().nonnegative(),
  serving: z.object({ memoryPerTaskBytes: z.number().nonnegative(), sharedBytes: z.number().nonnegative(), latencyMs: z.number().nonnegative(), sharesForwardPass: z.boolean() }),
  withinBudget: z.boolean().nullable(), withinLatency: z.boolean().nullable(), applicable: z.boolean(), notes: z.array(z.string()),
});

const AlternativeSchema = z.object({
  entry: count, backbone: z.string(), strategy: z.string(), accuracy: frac, ci95: interval, macroF1: frac,
  ece: z.number().nonnegative().nullable(), oodAuroc: frac.nullable(),
  vsBest: z.object({ diff: z.number(), ci95: interval, p: z.number().nullable(), significant: z.boolean(), test: z.enum(['paired-bootstrap', 'intervals']) }).nullable(),
  cost: z.object({
    dim: count, embedSecondsPer1000: z.number().nonnegative().nullable(), moneyPer1000: z.number().nonnegative().nullable(),
    head: z.object({ bytes: count, msPerText: z.number().nonnegative(), rows: count }).nullable(),
  }).nullable(),
});

const ConstraintsSchema = z.object({
  targetAccuracy: frac.optional(), budgetUsd: z.number().nonnegative().optional(), latencyMs: z.number().positive().optional(), labelCostUsd: z.number().nonnegative().optional(),
});

export const ADVICE_SCHEMA = z.object({
  format: z.literal(1),
  dataset: z.object({
    name: z.string(), rows: count, testRows: count.nullable(), labels: z.array(z.string()), counts: z.array(count), dataHash: z.string(),
    tokensPerExample: z.number().nonnegative().describe('mean tokens per text as a reference encoder reads it'),
  }),
  settings: z.object({
    seed: z.number().int(), quick: z.boolean(), backbones: z.array(z.string()), strategies: z.array(z.string()), curveSeeds: count,
    constraints: ConstraintsSchema, tables: z.string().describe('version of the constants and evidence tables'),
  }),
  privacy: z.object({
    policy: z.string(), texts: count, textsWithFindings: count, share: frac, findings: count,
    byType: z.array(z.object({ type: z.string(), count: count })), graft: z.string(), fineTuning: z.string(), hosted: z.string(),
  }),
  alternatives: z.object({
    bakeoffRunId: z.string(), method: z.enum(['holdout', 'cv']), rows: z.array(AlternativeSchema), best: count, cheapest: count, cheapestWhy: z.string(),
  }),
  graft: z.object({
    backbone: z.string(), strategy: z.string(), accuracy: frac, ci95: interval,
    headBytes: count.nullable(), headMsPerText: z.number().nonnegative().nullable(),
    embedMsPerText: z.number().nonnegative().nullable().describe('one text through the backbone, measured here or in the run'),
    latencyMs: z.number().nonnegative().nullable().describe('embedding + head, per text'),
  }),
  curve: z.object({
    kind: z.literal('proportional'), heldOut: z.enum(['test', 'holdout']), points: z.array(CurvePointSchema),
    forecast: ForecastSchema, classes: z.array(ClassSchema),
  }),
  fineTuning: z.object({
    routes: z.array(RouteSchema), evidenceRows: count, evidenceSources: z.array(z.string()),
    leaveOneOut: z.object({ meanAbsError: z.number().nonnegative(), coverage: frac }),
  }),
  decision: z.object({
    action: z.enum(ACTIONS as [Action, ...Action[]]), headline: z.string(), reasons: z.array(z.string()),
    moreLabels: count.nullable(), labelClasses: z.array(z.object({ label: z.string(), labels: count })),
    route: z.enum(ROUTE_IDS).nullable(), constraints: z.array(z.string()), wouldChange: z.array(z.string()),
  }),
  warnings: z.array(z.string()),
});

/** The advice: everything `graft advise` found and decided, as stored in its run. */
export interface Advice {
  format: 1;
  dataset: { name: string; rows: number; testRows: number | null; labels: string[]; counts: number[]; dataHash: string; tokensPerExample: number };
  settings: { seed: number; quick: boolean; backbones: string[]; strategies: string[]; curveSeeds: number; constraints: Constraints; tables: string };
  privacy: PrivacyExposure;
  alternatives: Alternatives & { bakeoffRunId: string };
  graft: { backbone: string; strategy: string; accuracy: number; ci95: [number, number]; headBytes: number | null; headMsPerText: number | null; embedMsPerText: number | null; latencyMs: number | null };
  curve: { kind: 'proportional'; heldOut: 'test' | 'holdout'; points: CurveMeasurement[]; forecast: Forecast; classes: ClassBenefit[] };
  fineTuning: { routes: RouteEstimate[]; evidenceRows: number; evidenceSources: string[]; leaveOneOut: { meanAbsError: number; coverage: number } };
  decision: Decision;
  warnings: string[];
}

// Compile-time check: the schema and the types describe the same JSON.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<z.infer<typeof ADVICE_SCHEMA>, Advice> = true;
void schemaMatchesTypes;

/**
 * Checks a stored or received advice object; throws zod's error listing each bad field.
 *
 * @example
 * const advice = parseAdvice((await ws.run(id)).result);
 */
export function parseAdvice(value: unknown): Advice {
  return ADVICE_SCHEMA.parse(value) as Advice;
}

/** The JSON Schema (draft 2020-12) of the advice, for the HTTP API's documentation and other languages. */
export function adviceJsonSchema(): object {
  return z.toJSONSchema(ADVICE_SCHEMA);
}
