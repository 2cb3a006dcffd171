import { InvalidArgumentError } from '../core/errors.js';
import type { CategoryColumn } from '../data/columnar-dataset.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';
import type { PCA } from './pca.js';

/** Share of the total variance at or below which a component counts as degenerate (zero up to rounding). */
const DEGENERATE_VARIANCE_SHARE = 1e-12;

/**
 * The mean score of each label on the first `k` components of a fitted PCA, in standard deviations of each
 * component (the rows the PCA was fitted on have mean 0 and SD 1 on every component): how far apart the fit
 * labels sit along each direction of the data (notebook 02). A label without rows gets NaN means.
 *
 * A degenerate component, whose explained variance is at most 1e-12 times the PCA's total variance (zero up to
 * rounding: features that are linear combinations of others), gets NaN for every label: its scores are rounding
 * noise, which divided by its near-zero SD would read as a label separation of several SDs.
 *
 * @param X - rows to score (the PCA's features), one per label code. @param labels - a label code per row
 *   (-1 = missing, left out).
 * @returns one row per label: `{fit: label, n, PC1, PC2, ...}` (NaN for a label without rows or a degenerate
 *   component).
 * @throws InvalidArgumentError when labels and rows differ in number, a label code has no category, or k is not
 *   in 1..components.
 */
export function componentMeansByLabel(
  pca: PCA,
  X: FeatureMatrix,
  labels: CategoryColumn,
  k: number,
): Record<string, string | number>[] {
  if (labels.codes.length !== X.n) {
    throw new InvalidArgumentError(`componentMeansByLabel: ${labels.codes.length} labels for ${X.n} rows`);
  }
  const S = pca.transform(X);
  if (!(Number.isInteger(k) && k >= 1 && k <= S.p)) {
    throw new InvalidArgumentError(`componentMeansByLabel: k must be an integer in 1..${S.p}, got ${k}`);
  }
  // NaN marks a degenerate component; `ratio` is 0 for every component when the total variance is 0.
  const ratio = pca.explainedVarianceRatio;
  const sd = Array.from(pca.explainedVariance, (v, j) => (ratio[j] > DEGENERATE_VARIANCE_SHARE ? Math.sqrt(v) : NaN));
  const sums = labels.categories.map(() => new Float64Array(k));
  const counts = new Array<number>(labels.categories.length).fill(0);
  for (let i = 0; i < X.n; i++) {
    const c = labels.codes[i];
    if (c < 0) continue;
    if (c >= counts.length) {
      throw new InvalidArgumentError(`componentMeansByLabel: labels row ${i}: code ${c} has no category`);
    }
    counts[c]++;
    for (let j = 0; j < k; j++) sums[c][j] += S.data[i * S.p + j];
  }
  return labels.categories.map((label, c) => {
    const row: Record<string, string | number> = { fit: label, n: counts[c] };
    for (let j = 0; j < k; j++) row[S.names[j]] = counts[c] > 0 ? sums[c][j] / counts[c] / sd[j] : NaN;
    return row;
  });
}
