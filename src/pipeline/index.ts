/**
 * The pipeline: the Workspace, the one boundary every shell calls, and the workflows behind it.
 * Only `openWorkspace`, the `Workspace` class and the types of its inputs and results are for
 * users; `workspaceContext` and the helpers below serve graft's own tests and benchmarks.
 */
export { openWorkspace, Workspace, workspaceContext } from './workspace.js';
export type { ScanInput, TaskDetail, EmbedResult } from './workspace.js';
export type { WorkspaceDeps, WorkspaceContext, Logger, BackboneFactory, DetectionSettings } from './context.js';
export type { Embedded, EmbeddedSplit } from './embed.js';
export { embedTexts, embedSplit } from './embed.js';
export type { EvaluateOptions, LeaderboardRun } from './evaluate.js';
export { checkLabelSpecs, ensembleSummary } from './fit.js';
export { chooseShards, refitCpuSeconds, MIN_ROWS_PER_CLASS, REFIT_BUDGET_CPU_S } from './fit-shards.js';
export type { ShardChoice } from './fit-shards.js';
export type { BackboneList, FitTaskOptions, FitTaskResult, ZeroShotTaskOptions, EnsembleSummary } from './fit.js';
export { crossValidateMultiLabel } from './multilabel.js';
export type { MultiLabelCv } from './multilabel.js';
export { ConcatBackbone, backboneParts, splitBackboneId, partColumns, hconcat, BACKBONE_JOIN } from './backbones.js';
export type { WorkspaceBackbone } from './backbones.js';
export { backboneNameOf } from './predict.js';
export type { PredictResult, PredictOptions, TaskRef } from './predict.js';
export { predictionsOf, toPredictions } from './predictions.js';
export type { LabelPrediction, HeadPrediction } from './predictions.js';
export { runDemo, DEMO_SAMPLE, DEMO_EXAMPLES } from './demo.js';
export type { DemoOptions, DemoResult } from './demo.js';
export { graftVersion } from '../core/index.js';
export type { BakeoffDatasetOptions, BakeoffRun } from './bakeoff.js';
export { REPORT_KINDS } from './report-kinds.js';
export type { AdviseOptions, AdviseRun } from './advise.js';
export type { ExplainTaskResult, ExplainTaskOptions, TaskExplanation } from './explain.js';
export type { DeployResult } from './deploy.js';
export type { DeleteTaskResult } from './tasks.js';
export type { ForgetOptions, ForgetSelector, ForgetResult, RefitVersion, ForgetTimings } from './forget.js';
