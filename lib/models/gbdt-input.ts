import { InvalidArgumentError } from '../core/errors.js';

/**
 * The numeric input of {@link GradientBoostedTrees}: `n` rows by `p` features, row-major
 * (`data[i * p + j]`), NaN for a missing value. A `FeatureMatrix` of lib/features has this shape.
 */
export interface GbdtMatrix {
  data: Float64Array;
  n: number;
  p: number;
  /** Optional feature names, length `p`. */
  names?: string[];
}

/**
 * Checks the shape of a matrix given to the model.
 *
 * @param expectedP - the feature count the model was fitted on, if fitted.
 * @throws InvalidArgumentError on a malformed shape, `names` that are not `p` strings, an empty matrix,
 * or a wrong feature count ("X has 3 features; the model was fitted on 4").
 */
export function checkGbdtMatrix(X: GbdtMatrix, what: string, expectedP?: number): void {
  if (typeof X !== 'object' || X === null || !(X.data instanceof Float64Array)) {
    throw new InvalidArgumentError(`${what} must be {data: Float64Array, n, p}`);
  }
  const { n, p, data } = X;
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 0 || p < 0) {
    throw new InvalidArgumentError(`${what} shape must be non-negative integers, got ${n} x ${p}`);
  }
  if (data.length !== n * p) {
    throw new InvalidArgumentError(`${what} data has ${data.length} values, expected ${n} x ${p} = ${n * p}`);
  }
  const names: unknown = X.names;
  if (names != null && !(Array.isArray(names) && names.length === p && names.every((s) => typeof s === 'string'))) {
    throw new InvalidArgumentError(`${what} names must be ${p} strings (one per feature)`);
  }
  if (expectedP !== undefined && p !== expectedP) {
    throw new InvalidArgumentError(`${what} has ${p} features; the model was fitted on ${expectedP}`);
  }
  if (n === 0) throw new InvalidArgumentError(`${what} is empty (0 rows)`);
  if (p === 0) throw new InvalidArgumentError(`${what} has no features`);
}

/**
 * Checks class codes: one per row, integers in 0..k-1.
 * @throws InvalidArgumentError naming the first bad row ("y[12] = 5 is not a class code in 0..2").
 */
export function checkGbdtLabels(y: ArrayLike<number>, n: number, k: number, what: string): Int32Array {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
    throw new InvalidArgumentError(`${what} must be an array of class codes`);
  }
  if (y.length !== n) throw new InvalidArgumentError(`${what} has ${y.length} labels for ${n} rows`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new InvalidArgumentError(`${what}[${i}] = ${v} is not a class code in 0..${k - 1}`);
    }
    out[i] = v;
  }
  return out;
}
