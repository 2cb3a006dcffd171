import type { Estimator } from '../core/estimator.js';
import { FIT_CLASSES } from '../core/labels.js';
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
 *
 * A model that reads a numeric feature matrix instead (a matrix classifier: GradientBoostedTrees,
 * LogisticRegression, GbdtBag) says so by its `numFeatures`, the column count it was fitted on; a fit model has
 * none, so it is never mistaken for one, even when built with the class names small, fit, large. Code that
 * takes models it did not build (a loaded ensemble's members) checks them with {@link fitModelProblem}.
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
  /** Never present: `numFeatures` marks a model that reads a feature matrix (see above). */
  readonly numFeatures?: never;
}

/**
 * What keeps `model` from being used as a {@link FitModel} over the classes small, fit, large, or undefined when
 * nothing does. It is checked structurally, from what the model has, never from its class: `fit` and
 * `predictProba` methods, no `numFeatures` (the mark of a model that reads a feature matrix, not a dataset), and
 * `classes` equal to FIT_CLASSES (read only when the rest holds).
 * @returns the missing capability in words, e.g. "it reads a feature matrix (it has numFeatures), not a dataset".
 */
export function fitModelProblem(model: unknown): string | undefined {
  if (typeof model !== 'object' || model === null) return `it is ${model === null ? 'null' : typeof model}`;
  const m = model as Partial<Record<'fit' | 'predictProba' | 'classes', unknown>>;
  if (typeof m.fit !== 'function') return 'it has no fit method';
  if (typeof m.predictProba !== 'function') return 'it has no predictProba method';
  if ('numFeatures' in model) return 'it reads a feature matrix (it has numFeatures), not a dataset';
  const classes = m.classes;
  if (!Array.isArray(classes)) return 'it has no classes array';
  if (classes.length !== FIT_CLASSES.length || classes.some((c, j) => c !== FIT_CLASSES[j]))
    return `its classes are ${JSON.stringify(classes)}`;
  return undefined;
}
