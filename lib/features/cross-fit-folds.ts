import { InvalidArgumentError } from '../core/errors.js';
import { Rng } from '../core/rng.js';

/**
 * Fold of each of `n` rows for cross-fitting: a seeded random permutation dealt round-robin into
 * `k` folds, so fold sizes differ by at most one.
 *
 * @param k - number of folds, at least 2.
 * @param seed - seed of the permutation.
 * @returns fold index 0..k-1 of each row.
 * @throws InvalidArgumentError if `k < 2` or not an integer.
 */
export function crossFitFolds(n: number, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2)
    throw new InvalidArgumentError(`number of folds must be an integer >= 2, got ${k}`);
  const perm = new Rng(seed).permutation(n);
  const fold = new Int32Array(n);
  for (let r = 0; r < n; r++) fold[perm[r]] = r % k;
  return fold;
}
