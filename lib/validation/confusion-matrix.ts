import { InvalidArgumentError } from '../core/errors.js';
import { MetricInputError } from './metric-input-error.js';
import { checkWeights } from './check-inputs.js';

/**
 * Confusion matrix: `m[t][p]` is the (weighted) number of rows of true class t predicted as class p.
 *
 * @param y - true class codes 0..k-1. @param yPred - predicted class codes 0..k-1 (same length).
 * @param k - number of classes. @param weights - optional non-negative row weights.
 * @returns k x k nested arrays (JSON-able), rows = true class, columns = predicted class.
 * @throws InvalidArgumentError on length mismatch or a code outside 0..k-1.
 */
export function confusionMatrix(
  y: ArrayLike<number>,
  yPred: ArrayLike<number>,
  k: number,
  weights?: ArrayLike<number>,
): number[][] {
  if (!(Number.isInteger(k) && k >= 1)) throw new InvalidArgumentError(`confusionMatrix: k must be >= 1, got ${k}`);
  if (yPred.length !== y.length) {
    throw new InvalidArgumentError(`confusionMatrix: ${yPred.length} predictions for ${y.length} labels`);
  }
  checkWeights('confusionMatrix', y.length, weights);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < y.length; i++) {
    const t = y[i];
    const p = yPred[i];
    if (!Number.isInteger(t) || t < 0 || t >= k || !Number.isInteger(p) || p < 0 || p >= k) {
      throw MetricInputError.atRow('confusionMatrix', i, `codes (${t}, ${p}) are not in 0..${k - 1}`);
    }
    m[t][p] += weights === undefined ? 1 : weights[i];
  }
  return m;
}
