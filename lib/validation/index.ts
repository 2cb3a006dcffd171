// Re-exports of lib/validation. Each concept lives in its own file.
export type { Fold, Splitter } from './splitter.js';
export { KFold, type KFoldOptions } from './k-fold.js';
export { StratifiedKFold, type StratifiedKFoldOptions } from './stratified-k-fold.js';
export { GroupKFold, type GroupKFoldOptions } from './group-k-fold.js';
export { TemporalSplit, type TemporalSplitOptions } from './temporal-split.js';
export { HoldoutSplit, type HoldoutSplitOptions } from './holdout-split.js';
export type { ProbabilisticClassifier } from './probabilistic-classifier.js';
export {
  crossValidate,
  type CrossValidationData,
  type CrossValidateOptions,
  type CrossValidationResult,
  type FoldResult,
} from './cross-validate.js';
export type { Metric } from './metric.js';
// The error a metric throws about a row or class of its input, named by the validation drivers as data row / class name.
export { MetricInputError, type MetricErrorWords, type MetricInputErrorOptions } from './metric-input-error.js';
export { rocAuc } from './roc-auc.js';
export { rocCurve, type RocCurve } from './roc-curve.js';
export { oneVsRestAuc, multiclassAuc, avgOvrAuc, ovrAucMetric, type MulticlassAucOptions } from './multiclass-auc.js';
export { accuracy } from './accuracy.js';
export { logLoss } from './log-loss.js';
export { brierScore } from './brier-score.js';
export { predictedLabels } from './predicted-labels.js';
export { confusionMatrix } from './confusion-matrix.js';
export { classReport, macroF1, type ClassReport } from './class-report.js';
export { calibrationBins, type Calibration, type ClassCalibration } from './calibration-bins.js';
export { bootstrapCi, type BootstrapInterval, type BootstrapOptions } from './bootstrap-ci.js';
export { pairedBootstrap, type PairedComparison } from './paired-bootstrap.js';
export { delongTest, type DelongResult } from './delong-test.js';
export { evaluateProbabilities, type EvaluateOptions, type EvaluationReport } from './evaluate-probabilities.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
export { meanInterval, type MeanInterval, type MeanIntervalOptions } from './mean-interval.js';
export {
  repeatedHoldout,
  type HoldoutModel,
  type RepeatedHoldoutData,
  type RepeatedHoldoutOptions,
  type HoldoutSplitOutcome,
  type RepeatedHoldoutResult,
} from './repeated-holdout.js';
export * from './learning-curve.js';
export { metricsByGroup, type GroupMetricsRow, type MetricsByGroupOptions } from './metrics-by-group.js';
export { trainingCounts } from './training-counts.js';
export { coldStartTable, type ColdStartRow, type ColdStartOptions } from './cold-start.js';
