/**
 * A metric of class probabilities: labels `y` (codes 0..k-1, length n), probabilities `P` (n x k,
 * row-major), optional non-negative per-row `weights` (bootstrap resample counts are integer weights).
 * Returns one number.
 *
 * A metric may also carry `prepare(y, P)`, which does the work that does not depend on the weights
 * once (sorting scores for AUC) and returns a function of the weights alone; {@link bootstrapCi} and
 * {@link pairedBootstrap} use it when present. A prepared function returns NaN where the metric is
 * undefined for those weights (e.g. a resample without any positive of a class) instead of throwing.
 *
 * A metric that refuses a row or a class of its input throws a `MetricInputError` (which carries the row and the
 * class code), so that crossValidate, repeatedHoldout and learningCurve can say the data row and the class name;
 * the message of any other InvalidArgumentError is kept as written.
 */
export interface Metric {
  (y: ArrayLike<number>, P: ArrayLike<number>, weights?: ArrayLike<number>): number;
  /** Optional fast path for repeated evaluation with different weights on the same rows. */
  prepare?: (y: ArrayLike<number>, P: ArrayLike<number>) => (weights: ArrayLike<number>) => number;
}
