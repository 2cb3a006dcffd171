import { InvalidArgumentError, SizefitError } from '../core/errors.js';
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

/** Result of a paired comparison of two models' metric on the same rows. */
export interface PairedComparison {
  /** Metric of model A on the full data. */
  a: number;
  /** Metric of model B on the full data. */
  b: number;
  /** a - b. */
  difference: number;
  /** Lower end of the percentile interval of a - b. */
  low: number;
  /** Upper end of the percentile interval of a - b. */
  high: number;
  level: number;
  /**
   * Two-sided bootstrap p-value of "no difference": 2 x min(share of resampled differences <= 0,
   * share >= 0), each share computed as (count + 1) / (samples + 1) so that it is never 0; at most 1.
   */
  pValue: number;
  /** Resamples used. */
  samples: number;
  /** Resamples dropped because the metric was undefined on them. */
  invalid: number;
  /** Standard deviation of the resampled differences. */
  standardError: number;
}

/**
 * Paired bootstrap comparison of two models on the same rows: every resample draws one set of rows and
 * evaluates both models' probabilities on it, so the row-level correlation between the models cancels
 * out of the difference. Returns the difference a - b with a percentile interval and a two-sided
 * p-value.
 *
 * @param metric - a {@link Metric} (e.g. avgOvrAuc). @param y - class codes.
 * @param Pa - model A's probabilities, n x k row-major. @param Pb - model B's, same shape.
 * @param options - `samples` (1000), `level` (0.95), `seed` (0), `stratified` (false).
 * @throws InvalidArgumentError when Pa and Pb differ in length or on invalid input/options;
 * SizefitError when the metric is undefined on every resample.
 */
export function pairedBootstrap(
  metric: Metric,
  y: ArrayLike<number>,
  Pa: ArrayLike<number>,
  Pb: ArrayLike<number>,
  options: BootstrapOptions = {},
): PairedComparison {
  if (Pa.length !== Pb.length) {
    throw new InvalidArgumentError(`pairedBootstrap: Pa has ${Pa.length} values, Pb has ${Pb.length}`);
  }
  const { samples, level, seed, stratified } = bootstrapSettings(options);
  const a = metric(y, Pa);
  const b = metric(y, Pb);
  const evalA = weightedEvaluator(metric, y, Pa);
  const evalB = weightedEvaluator(metric, y, Pb);
  const resample = makeResampler(y, stratified, new Rng(seed));
  const counts = new Float64Array(y.length);
  const diffs = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    resample(counts);
    diffs[s] = evalA(counts) - evalB(counts);
  }
  const ok = sortedFinite(diffs);
  const m = ok.length;
  if (m === 0) throw new SizefitError('BOOTSTRAP_FAILED', 'pairedBootstrap: the metric is undefined on every resample');
  let le = 0;
  let ge = 0;
  for (let i = 0; i < m; i++) {
    if (ok[i] <= 0) le++;
    if (ok[i] >= 0) ge++;
  }
  const pValue = Math.min(1, 2 * Math.min((le + 1) / (m + 1), (ge + 1) / (m + 1)));
  const alpha = (1 - level) / 2;
  return {
    a,
    b,
    difference: a - b,
    low: quantileSorted(ok, alpha),
    high: quantileSorted(ok, 1 - alpha),
    level,
    pValue,
    samples: m,
    invalid: samples - m,
    standardError: sampleSd(ok),
  };
}
