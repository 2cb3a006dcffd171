import { InvalidArgumentError } from '../core/errors.js';
import { needsScaledMoments, scaledColumnMoments } from './column-moments.js';
import { checkInputMatrix, type FeatureMatrix } from './feature-matrix.js';
import type { FeatureInfo } from './transformer.js';

/** One row of {@link featureSummary}: a feature's meaning and its statistics over the matrix rows. */
export type FeatureSummaryRow = {
  /** Column name. */
  name: string;
  /** Family from the FeatureInfo (`body`, `customer`...), or '' without info. */
  group: string;
  /** Meaning from the FeatureInfo, or '' without info. */
  description: string;
  /** Mean of the non-missing values (NaN when all are missing). */
  mean: number;
  /** Sample standard deviation (n - 1) of the non-missing values (NaN with fewer than 2). */
  sd: number;
  /** Smallest non-missing value (NaN when all are missing). */
  min: number;
  /** Largest non-missing value (NaN when all are missing). */
  max: number;
  /**
   * Share of rows missing: the mean of the `<name>_missing` indicator column when the matrix has one
   * (the value was imputed), else the share of NaN in the column.
   */
  missing: number;
};

/** Options of {@link featureSummary}. */
export interface FeatureSummaryOptions {
  /** Summarise only these columns, in this order (default all). */
  columns?: readonly string[];
  /** Remove this suffix from descriptions, e.g. ' (then simple-imputer)' (default: none removed). */
  stripDescriptionSuffix?: string;
}

/**
 * Per-feature summary of a feature matrix: description, mean, sample sd, min, max and the share of
 * missing values, computed in one pass per column over the non-missing values (NaN = missing).
 * After imputation with missing indicators (`SimpleImputer({addIndicator: true})`) a column holds no
 * NaN; its missing share is then read from its `<name>_missing` indicator, while the other statistics
 * describe the imputed values. A column whose sum of squared deviations leaves the float range (overflows, or
 * is too small to trust: the rule of `needsScaledMoments`) has its sd computed on the values scaled by their largest
 * magnitude, so it is finite and not 0 for a varying column (it is Infinity only when the true sd exceeds the
 * float range, about 1.8e308); every other column keeps its one-pass arithmetic.
 *
 * @param X - the matrix (NaN allowed, ±Infinity refused).
 * @param info - meanings of the columns by name (e.g. `pipeline.featureInfo()`); columns without one
 *   get empty `group` and `description`.
 * @returns one row per column, in matrix order (or the order of `options.columns`).
 * @throws InvalidArgumentError when X is not a FeatureMatrix, has no rows or an infinite value, or a
 *   requested column is absent.
 */
export function featureSummary(
  X: FeatureMatrix,
  info: readonly FeatureInfo[] = [],
  options: FeatureSummaryOptions = {},
): FeatureSummaryRow[] {
  checkInputMatrix(X, 'featureSummary', { allowNaN: true });
  const byName = new Map(info.map((f) => [f.name, f]));
  const names = options.columns ?? X.names;
  const suffix = options.stripDescriptionSuffix;
  return names.map((name) => {
    const j = X.names.indexOf(name);
    if (j < 0) throw new InvalidArgumentError(`featureSummary: the matrix has no column '${name}'`);
    const s = columnStats(X, j);
    const ind = X.names.indexOf(`${name}_missing`);
    const missing = ind >= 0 ? columnStats(X, ind).mean : s.nan / X.n;
    const f = byName.get(name);
    let description = f?.description ?? '';
    if (suffix !== undefined && suffix !== '' && description.endsWith(suffix))
      description = description.slice(0, -suffix.length);
    return { name, group: f?.group ?? '', description, mean: s.mean, sd: s.sd, min: s.min, max: s.max, missing };
  });
}

/**
 * Mean, sd (Welford), min, max and NaN count of column j. A varying column whose Welford sum of squared deviations
 * overflowed or may have underflowed gets its mean (when that overflowed too) and sd from the scaled moments.
 */
function columnStats(X: FeatureMatrix, j: number): { mean: number; sd: number; min: number; max: number; nan: number } {
  const { n, p, data } = X;
  let k = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[i * p + j];
    if (Number.isNaN(v)) continue;
    k++;
    const d = v - mean;
    mean += d / k;
    m2 += d * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (k === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN, nan: n };
  if (k === 1) return { mean, sd: NaN, min, max, nan: n - k };
  if (min < max && (needsScaledMoments(m2) || !Number.isFinite(mean))) {
    const scaled = scaledColumnMoments(data, n, p, j, 1, Number.isFinite(mean) ? mean : undefined);
    return { mean: scaled.mean, sd: scaled.sd, min, max, nan: n - k };
  }
  return { mean, sd: Math.sqrt(m2 / (k - 1)), min, max, nan: n - k };
}
