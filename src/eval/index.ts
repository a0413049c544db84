export { stratifiedKFold } from './split.js';
export type { Fold } from './split.js';
export {
  accuracy, macroF1, macroF1FromConfusion, logLoss, confusionMatrix, perClassMetrics, perClassFromConfusion,
  argmaxRows, LOG_LOSS_EPS,
} from './metrics.js';
export type { ClassMetrics } from './metrics.js';
export { expectedCalibrationError, reliabilityBins, ECE_BINS } from './calibration.js';
export type { ReliabilityBin } from './calibration.js';
export { crossValidate, evaluateOnTest, meanStd, OVERFITTING_THRESHOLD } from './cross-validate.js';
export type { EvalOptions, CrossValidateOptions } from './cross-validate.js';
export type { EvalResult, FoldReport, MetricName, MetricSummary, ScoreSummary, Scores } from './result.js';
export { formatLeaderboard, LEADERBOARD_WIDTH } from './leaderboard.js';
export type { LeaderboardRow } from './leaderboard.js';
export { headlineMetrics } from './summary.js';
