import type { Estimator } from '../core/estimator.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';

/** Options every dataset-level fit model's `fit` accepts. */
export interface FitModelFitOptions {
  /**
   * Rows for early stopping / calibration. When absent, a model that needs one carves it from the
   * training rows itself (seeded).
   */
  validation?: ColumnarDataset;
  /** Progress messages (one line each); default silent. */
  log?: (message: string) => void;
}

/**
 * A model that predicts fit feedback (small / fit / large) for rows of a {@link ColumnarDataset} with
 * the canonical columns (user_id, item_id, size, category, body fields...). This is what the CLI
 * trains, evaluates and exports, and what a service loads. Rows whose customer, article or fields were
 * never seen in training still get probabilities (priors), never an error.
 */
export interface FitModel extends Estimator {
  /** Class names in `predictProba` column order (FIT_CLASSES for fit models). */
  readonly classes: readonly string[];
  /**
   * Learns from the labelled rows of `data` (column `fit`); returns (or resolves to) `this`. Models
   * may take further optional arguments (see {@link FitModelFitOptions}); callers that treat models
   * generically pass only the data.
   */
  fit(data: ColumnarDataset): this | Promise<this>;
  /** Probabilities, n x classes.length, row-major; rows sum to 1. @throws NotFittedError. */
  predictProba(data: ColumnarDataset): Float64Array;
}
