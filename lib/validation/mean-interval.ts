import { InvalidArgumentError } from '../core/errors.js';
import { studentTQuantile } from './student-t.js';

/** A mean of a few values (e.g. one metric over seeded splits) with a Student-t confidence interval. */
export interface MeanInterval {
  /** Arithmetic mean of the values. */
  mean: number;
  /** Sample standard deviation (n - 1); NaN for one value. */
  sd: number;
  /** Lower end of the interval (NaN for one value). */
  low: number;
  /** Upper end of the interval (NaN for one value). */
  high: number;
  /** Number of values. */
  n: number;
  /** Coverage asked for (e.g. 0.95). */
  level: number;
}

/** Options of {@link meanInterval}. */
export interface MeanIntervalOptions {
  /** Coverage of the interval (default 0.95). */
  level?: number;
  /**
   * n_test / n_train of the splits the values come from. When given, the variance of the mean is
   * Nadeau & Bengio's corrected resampled estimate sd^2 (1/n + n_test/n_train) (Machine Learning 52,
   * 2003), which accounts for random splits of one file sharing most of their rows; without it, the
   * plain sd^2 / n of independent values.
   */
  testTrainRatio?: number;
}

/**
 * Mean and Student-t confidence interval of a few values: mean ± t_{(1+level)/2, n-1} x se, with se
 * = sd / sqrt(n), or Nadeau & Bengio's corrected se when `testTrainRatio` is given (repeated random
 * train/test splits of the same rows).
 *
 * @param values - the values (e.g. average AUC of each split). @param options - `level` (0.95), `testTrainRatio`.
 * @returns {@link MeanInterval}; with a single value, sd, low and high are NaN.
 * @throws InvalidArgumentError on no values, a non-finite value, a level outside (0, 1) or a negative ratio.
 */
export function meanInterval(values: ArrayLike<number>, options: MeanIntervalOptions = {}): MeanInterval {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError(`meanInterval: level ${level} must be in (0, 1)`);
  const ratio = options.testTrainRatio;
  if (ratio !== undefined && !(ratio >= 0 && Number.isFinite(ratio))) {
    throw new InvalidArgumentError(`meanInterval: testTrainRatio ${ratio} must be a finite number >= 0`);
  }
  const n = values.length;
  if (n === 0) throw new InvalidArgumentError('meanInterval: no values');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidArgumentError(`meanInterval: value ${i} is ${values[i]}`);
    sum += values[i];
  }
  const mean = sum / n;
  if (n === 1) return { mean, sd: NaN, low: NaN, high: NaN, n, level };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const se = sd * Math.sqrt(1 / n + (ratio ?? 0));
  const half = studentTQuantile((1 + level) / 2, n - 1) * se;
  return { mean, sd, low: mean - half, high: mean + half, n, level };
}
