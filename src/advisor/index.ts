/**
 * The advisor: should we fine-tune? Measured alternatives (from the bake-off), what more labels
 * would buy (a proportional learning curve, extrapolated), what fine-tuning would likely add and
 * cost (from one table of published numbers and prices), and the decision. Pure functions of
 * what the pipeline measured, except `proportionalCurve`, which fits heads.
 */
export { CONSTANTS, FINE_TUNING_EVIDENCE, ADVISOR_TABLES_VERSION, constant } from './constants.js';
export type { Constant, ConstantKind, ConstantName, EvidenceRow, EncoderSize } from './constants.js';
export { estimateGain, applyReduction, rowReduction, leaveOneOut, evidenceSources } from './evidence.js';
export type { GainEstimate, LeaveOneOut, LeaveOneOutRow } from './evidence.js';
export { estimateRoutes, tokensPerText, gpuCost, loraParams, epochsFor, cpuLatencyMs, ROUTE_IDS } from './routes.js';
export type { RouteEstimate, RouteId, RouteOptions, DataFacts } from './routes.js';
export { proportionalCurve, fractionCounts, usableFractions, labelsForSizes, DEFAULT_FRACTIONS, MIN_ROWS_PER_CLASS } from './curve.js';
export type { CurveInput, CurveMeasurement } from './curve.js';
export { forecast, backtestSlack, rowsForAccuracy, rowsToReach, MIN_RELIABLE_SIZES } from './forecast.js';
export { CURVE_FAMILIES, fitFamily, backtestMisses, weighFamilies } from './families.js';
export type { CurveFamily, FamilyFit, WeighedFamily } from './families.js';
export type { Forecast, ForecastOptions, ForecastPoint, TargetForecast } from './forecast.js';
export { planLabels } from './classes.js';
export type { ClassBenefit, LabelPlan } from './classes.js';
export { measuredAlternatives } from './alternatives.js';
export type { Alternatives, AlternativeRow, HeadCost } from './alternatives.js';
export { privacyExposure } from './exposure.js';
export type { PrivacyExposure } from './exposure.js';
export { decide, ACTIONS } from './decide.js';
export type { Action, Constraints, Decision, DecisionInput } from './decide.js';
export { assembleAdvice, reconsider } from './assemble.js';
export { measureHead, median, LATENCY_PROBES } from './measure.js';
/** The rule advise's curve shares with the bake-off's: later seeds fit the first seed's choice. */
export { strategyWithChosen } from '../eval/index.js';
export type { AdviceInput } from './assemble.js';
export { ADVICE_SCHEMA, parseAdvice, adviceJsonSchema } from './schema.js';
export type { Advice } from './schema.js';
export { formatAdvice, formatAdviceBrief, formatBytes } from './format.js';
export { renderAdviceSection, renderAdviceHtml, adviceChart } from './html.js';
