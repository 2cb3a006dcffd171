/**
 * The least a classifier must offer to be cross-validated or evaluated here (a structural type: any
 * model of lib/models with these members fits, whatever else it has).
 *
 * @typeParam D - the data the model reads: a numeric matrix, a ColumnarDataset, ...
 */
export interface ProbabilisticClassifier<D> {
  /**
   * Learns from data `x` and class codes `y` (0..k-1); by the estimator contract it returns `this`, or a
   * Promise of it when it trains asynchronously (worker threads, TensorFlow.js): callers await it.
   */
  fit(x: D, y: Int32Array): unknown;
  /** Class probabilities, n x classes.length, row-major, in the column order of `classes`. */
  predictProba(x: D): Float64Array;
  /**
   * The classes, in column order of `predictProba`: class codes (numbers) or class names (strings,
   * mapped to codes through the class names given to {@link crossValidate}).
   */
  readonly classes: ArrayLike<string | number>;
}
