/**
 * graft's public library API: a deliberate surface. The workflow is the Workspace; below it,
 * the contracts a program can implement or call (backbones, strategies and fitted heads, the
 * embedding cache), the errors, and the types of every input and result. Everything else in
 * src/ is internal and may change without notice.
 *
 * @example
 * import { openWorkspace, loadDataset } from 'graft-ml';
 * const ws = openWorkspace();
 * await ws.fit(await loadDataset('tickets.csv'), { task: 'tickets', backbone: 'use-lite', seed: 42, folds: 5 });
 * const { predictions } = await ws.predict('tickets', ['my card is lost']);
 * await ws.close();
 */

// The workflow: one boundary for every operation.
export { openWorkspace, Workspace, runDemo } from './pipeline/index.js';
export type {
  WorkspaceDeps, DetectionSettings, Logger, BackboneFactory, TaskRef, ScanInput, TaskDetail, EmbedResult,
  BackboneList, FitTaskOptions, FitTaskResult, ZeroShotTaskOptions, EnsembleSummary, MultiLabelCv, ShardChoice,
  EvaluateOptions, LeaderboardRun, BakeoffDatasetOptions, BakeoffRun,
  PredictOptions, PredictResult, LabelPrediction,
  ExplainTaskOptions, ExplainTaskResult, TaskExplanation,
  DeployResult, ForgetOptions, ForgetSelector, ForgetResult, RefitVersion,
  DemoOptions, DemoResult, AdviseOptions, AdviseRun,
} from './pipeline/index.js';

// Should we fine-tune? The advice's shape and its checked parser (a saved advice run's result).
export { parseAdvice, adviceJsonSchema } from './advisor/index.js';
export type { Advice, Constraints, Decision, Action } from './advisor/index.js';

// Data in.
export { loadDataset, datasetFromExamples, loadLabelSpecs } from './data/index.js';
export type { Dataset, Example, ExampleInput, LoadOptions, DataFormat, LabelSpec } from './data/index.js';

// Backbones: the contract, the registry, the cache wrapper.
export { createBackbone, BACKBONE_NAMES, CachedBackbone, MemoryEmbeddingCache } from './backbones/index.js';
export type { Backbone, BackboneName, BackboneKind, CustomBackbones, BackboneOptions, EmbedOptions, EmbedStats, EmbeddingCache } from './backbones/index.js';

// Heads: the contract and the registry.
export { createStrategy, restoreHead, HEAD_KINDS } from './heads/index.js';
export type { Strategy, FittedHead, HeadJSON, HeadKind, StrategyName, CustomHeadKinds, FitOptions, FitDiagnostics, Explanation } from './heads/index.js';

// Evaluation of a strategy on data it did not see.
export { crossValidate, evaluateOnTest } from './eval/index.js';
export type { EvalResult, MetricSummary, ScoreSummary, Scores, ClassMetrics, LeaderboardRow, BakeoffResult } from './eval/index.js';

// Privacy: detection and policies.
export { detect, redact, applyPrivacy, PII_TYPES, PRIVACY_POLICIES, DEFAULT_POLICY } from './privacy/index.js';
export type { PiiType, Finding, PrivacyPolicy, PrivacyReport, ScanReport, ScanOptions } from './privacy/index.js';

// What the store keeps, as read through the Workspace.
export type { Task, TaskSummary, VersionSummary, VersionMetrics, AuditEntry, Run, RunSummary } from './store/index.js';

// Core values and errors.
export { Matrix, LabelSet } from './core/index.js';
export type { JobOptions, Progress, ProgressFn, Issue } from './core/index.js';
export { GraftError, UsageError, DataError, PrivacyError, BackboneError, NotFoundError, CancelledError } from './core/index.js';
