export { chooseFolds } from './folds.js';
export type { FoldChoice } from './folds.js';
export {
  accuracy, macroF1, macroF1FromConfusion, logLoss, confusionMatrix, perClassMetrics, perClassFromConfusion,
  argmaxRows, LOG_LOSS_EPS,
} from './metrics.js';
export type { ClassMetrics } from './metrics.js';
export { expectedCalibrationError, reliabilityBins, ECE_BINS } from './calibration.js';
export type { ReliabilityBin } from './calibration.js';
export { crossValidate, crossValidateAndFit, evaluateOnTest, meanStd } from './cross-validate.js';
export { judgeOverfitting, innerCapacityPath, capacityWordsOf, noiseMargin } from './overfitting.js';
export type { CapacityPath, CapacityWords, OverfittingLevel, OverfittingVerdict } from './overfitting.js';
export type { EvalOptions, CrossValidateOptions, FitWithCv, FitWithCvOptions } from './cross-validate.js';
export type { EvalResult, FoldReport, MetricName, MetricSummary, ScoreSummary, Scores } from './result.js';
export { formatLeaderboard, LEADERBOARD_WIDTH } from './leaderboard.js';
export type { LeaderboardRow } from './leaderboard.js';
export { headlineMetrics } from './summary.js';
export { summarize, quantile, tQuantile975 } from './stats.js';
export type { Summary } from './stats.js';
export { sampleFewShot, curveSizes, sampleSize } from './few-shot.js';
export { fitPowerLaw, predictAt, extrapolate } from './extrapolate.js';
export type { CurvePoint, PowerLawFit, Prediction, Extrapolation } from './extrapolate.js';
export { pairedBootstrap, mcnemar } from './significance.js';
export { backboneNamesOf, compareBackbones, cheapestNotWorse, formatBackboneComparison, formatBytes } from './backbone-comparison.js';
export type { BackboneRow, BackboneCost } from './backbone-comparison.js';
export type { PairedComparison } from './significance.js';
export {
  OodDetector, fitOodDetector, refitOodDetector, fitOodScorer, fitMahalanobis, fitKnnDistance, restoreOodScorer,
  thresholdAtFalseAlarmRate, auroc, fprAtTpr, OOD_METHODS, DEFAULT_OOD_METHOD, OOD_KNN_BLOCKS,
} from './ood.js';
export type { OodMethod, OodScorer, OodScorerJSON, OodDetectorJSON, OodDetectorOptions, OodVerdict, OodRefit, OodBlocksJSON } from './ood.js';
export { runBakeoff } from './bakeoff.js';
export { FitPool, registrySpec } from './fit-job.js';
export { strategyWithChosen } from './chosen.js';
export type { FitJob, FitData } from './fit-job.js';
export type { BakeoffOptions, BakeoffEmbeddings } from './bakeoff.js';
export type {
  BakeoffResult, BakeoffEntry, HeldOutPredictions, CurvePointResult, ExtrapolationResult, CalibrationResult, RegularizationPoint, OodResult, Histogram,
} from './bakeoff-result.js';
export { renderBakeoffHtml } from './report/html.js';
export { lineChart, esc } from './report/svg.js';
export type { LineSeries } from './report/svg.js';
export type { ReportMeta } from './report/html.js';
export { formatBakeoffSummary } from './report/terminal.js';
