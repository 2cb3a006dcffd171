import { InvalidArgumentError } from '../core/errors.js';
import type { Estimator } from '../core/estimator.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { FeatureMatrix } from './feature-matrix.js';

/** The documented meaning of one output feature. */
export interface FeatureInfo {
  /** Column name in the FeatureMatrix. */
  name: string;
  /** What the number means, with its unit and how it was computed. */
  description: string;
  /** Family: `body`, `customer`, `article`, `category`, `encoded`... */
  group: string;
}

/**
 * A transformer of numeric matrices (scikit-learn's contract): `fit` learns and returns `this`,
 * `transform` maps new rows with the fitted state, `fitTransform` does both (for cross-fitted
 * transformers it returns out-of-fold values for the training rows).
 */
export interface MatrixTransformer extends Estimator {
  fit(X: FeatureMatrix, y?: ArrayLike<number>): this;
  transform(X: FeatureMatrix): FeatureMatrix;
  fitTransform(X: FeatureMatrix, y?: ArrayLike<number>): FeatureMatrix;
  /** Output column names (after fit). @throws NotFittedError before fit. */
  readonly outputNames: string[];
}

/**
 * A step that turns a ColumnarDataset into named features. Labels, when the step uses them, are read
 * from the dataset's `fit` column of the rows passed to `fit` (the training rows); `transform` never
 * reads labels.
 */
export interface DatasetTransformer extends Estimator {
  fit(ds: ColumnarDataset): this;
  transform(ds: ColumnarDataset): FeatureMatrix;
  fitTransform(ds: ColumnarDataset): FeatureMatrix;
  /** Names and meanings of the output columns (after fit). @throws NotFittedError before fit. */
  featureInfo(): FeatureInfo[];
}

/**
 * The input check of a dataset step: rows, and every needed column.
 * @param step - the step's name in errors, e.g. `TimelineFeatures`.
 * @throws InvalidArgumentError naming the step, the dataset and the first missing column.
 */
export function requireDatasetColumns(step: string, ds: ColumnarDataset, columns: readonly string[]): void {
  if (ds.length === 0) throw new InvalidArgumentError(`${step}: dataset '${ds.meta.name}' has no rows`);
  for (const c of columns) {
    if (!ds.has(c)) throw new InvalidArgumentError(`${step}: dataset '${ds.meta.name}' has no column '${c}'`);
  }
}
