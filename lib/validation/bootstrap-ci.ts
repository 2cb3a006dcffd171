import { SizefitError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Metric } from './metric.js';
import {
  bootstrapSettings,
  makeResampler,
  quantileSorted,
  sampleSd,
  sortedFinite,
  weightedEvaluator,
  type BootstrapOptions,
} from './resample.js';

export type { BootstrapOptions } from './resample.js';

/** A bootstrap percentile confidence interval. */
export interface BootstrapInterval {
  /** The metric on the full data. */
  estimate: number;
  /** Lower end of the percentile interval. */
  low: number;
  /** Upper end of the percentile interval. */
  high: number;
  /** Coverage asked for (e.g. 0.95). */
  level: number;
  /** Resamples used (those where the metric was defined). */
  samples: number;
  /** Resamples dropped because the metric was undefined on them (e.g. a class without positives). */
  invalid: number;
  /** Standard deviation of the bootstrap values. */
  standardError: number;
}

/**
 * Percentile bootstrap confidence interval of a metric (Efron & Tibshirani 1993, ch. 13): resamples
 * rows with replacement, evaluates the metric on each resample (as integer row weights, through the
 * metric's `prepare` fast path when it has one) and takes the (1 - level)/2 and (1 + level)/2
 * quantiles. With `stratified`, rows are resampled within each true class.
 *
 * @example bootstrapCi(avgOvrAuc, y, P, { samples: 1000, level: 0.95, seed: 7 })
 * @param metric - a {@link Metric}. @param y - class codes. @param P - probabilities, n x k row-major.
 * @param options - `samples` (1000), `level` (0.95), `seed` (0), `stratified` (false).
 * @throws InvalidArgumentError on invalid options or input (from the metric on the full data);
 * SizefitError when the metric is undefined on every resample.
 */
export function bootstrapCi(
  metric: Metric,
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { samples, level, seed, stratified } = bootstrapSettings(options);
  const estimate = metric(y, P);
  const evaluate = weightedEvaluator(metric, y, P);
  const resample = makeResampler(y, stratified, new Rng(seed));
  const counts = new Float64Array(y.length);
  const values = new Float64Array(samples);
  for (let b = 0; b < samples; b++) {
    resample(counts);
    values[b] = evaluate(counts);
  }
  const ok = sortedFinite(values);
  if (ok.length === 0)
    throw new SizefitError('BOOTSTRAP_FAILED', 'bootstrapCi: the metric is undefined on every resample');
  const alpha = (1 - level) / 2;
  return {
    estimate,
    low: quantileSorted(ok, alpha),
    high: quantileSorted(ok, 1 - alpha),
    level,
    samples: ok.length,
    invalid: samples - ok.length,
    standardError: sampleSd(ok),
  };
}
