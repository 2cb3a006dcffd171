import { InvalidArgumentError } from '../core/errors.js';
import { MetricInputError } from './metric-input-error.js';
import { argmaxRow } from './check-inputs.js';

/**
 * The most probable class of each row of an n x k row-major probability matrix (the first on ties).
 *
 * @param P - probabilities, n x k row-major. @param k - number of classes (columns).
 * @returns Int32Array of n class codes.
 * @throws InvalidArgumentError when P's length is not a multiple of k.
 */
export function predictedLabels(P: ArrayLike<number>, k: number): Int32Array {
  if (!(Number.isInteger(k) && k >= 1) || P.length % k !== 0) {
    throw new InvalidArgumentError(`predictedLabels: P has ${P.length} values, not a multiple of k = ${k}`);
  }
  const n = P.length / k;
  for (let i = 0; i < P.length; i++) {
    if (Number.isNaN(P[i])) {
      throw MetricInputError.atRow('predictedLabels', Math.floor(i / k), 'probability NaN has no rank');
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxRow(P, k, i);
  return out;
}
