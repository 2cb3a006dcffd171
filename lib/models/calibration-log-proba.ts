import { InvalidArgumentError } from '../core/errors.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';

/** Probabilities are clipped to at least this before their log is taken. */
export const CALIBRATION_EPS = 1e-15;

/**
 * The logs of a probability matrix (n x k row-major), each probability clipped to at least
 * {@link CALIBRATION_EPS}.
 *
 * @param who - the caller's name for error messages.
 * @throws InvalidArgumentError naming the first value outside [0, 1] ("row 3, column 'fit' is 1.2"),
 * or when there are fewer than 2 columns.
 */
export function logProbabilities(X: FeatureMatrix, who: string): Float64Array {
  if (X.p < 2) throw new InvalidArgumentError(`${who}: needs at least 2 probability columns, got ${X.p}`);
  const out = new Float64Array(X.data.length);
  for (let t = 0; t < X.data.length; t++) {
    const v = X.data[t];
    if (!(v >= 0 && v <= 1)) {
      const i = Math.floor(t / X.p);
      throw new InvalidArgumentError(`${who}: row ${i}, column '${X.names[t - i * X.p]}' is ${v}, not a probability`);
    }
    out[t] = Math.log(Math.max(v, CALIBRATION_EPS));
  }
  return out;
}

/**
 * Checks class codes for a calibrator: one per row, integers in 0..k-1.
 * @throws InvalidArgumentError when y is missing, has the wrong length or a bad code.
 */
export function calibrationLabels(y: ArrayLike<number> | undefined, n: number, k: number, who: string): Int32Array {
  if (y === undefined || y === null) throw new InvalidArgumentError(`${who}: fit needs class codes y`);
  if (y.length !== n) throw new InvalidArgumentError(`${who}: y has ${y.length} labels for ${n} rows`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= k)
      throw new InvalidArgumentError(`${who}: y[${i}] = ${v} is not a class code in 0..${k - 1}`);
    out[i] = v;
  }
  return out;
}

/** Row-wise softmax of n x k scores, in place. */
export function softmaxInPlace(z: Float64Array, k: number): Float64Array {
  for (let o = 0; o < z.length; o += k) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (z[o + c] > m) m = z[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[o + c] - m);
      z[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) z[o + c] /= s;
  }
  return z;
}
