// Internal: the perplexity, neighbour and shape checks shared by tsne, tsneAffinities and tsneSparseAffinities (not
// exported from index.ts), so that each says the same thing in the name of the function the user called.
import { InvalidArgumentError } from '../core/errors.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';

/**
 * The error for a matrix without feature columns (n x 0): every distance would be 0 and the affinities uniform, so
 * the embedding would be the seeded initial noise. @param what - the function the user called, named in the error.
 */
export function noColumns(what: string, X: FeatureMatrix): InvalidArgumentError {
  return new InvalidArgumentError(`${what}: X has no feature columns (${X.n} x ${X.p}); it needs at least 1`);
}

/**
 * The number of neighbours k of each of `n` points whose affinities are calibrated to `perplexity`: `neighbors` (the
 * exact method passes n - 1) or, without it, floor(3 * perplexity) as in van der Maaten (2014); at most n - 1.
 * A distribution over k neighbours has a perplexity of at most k: a larger one cannot be reached, and the
 * calibration would silently give every neighbour the same affinity.
 * @param what - the function the user called, named in the errors.
 * @throws InvalidArgumentError when there are fewer than 2 rows, the perplexity is not > 0, below 1/3 without
 *   `neighbors` (no neighbour), or above k, or when k is not an integer >= 1.
 */
export function tsneNeighbours(what: string, n: number, perplexity: number, neighbors?: number): number {
  if (n < 2) throw new InvalidArgumentError(`${what}: needs at least 2 rows`);
  if (!(perplexity > 0)) throw new InvalidArgumentError(`${what}: perplexity must be > 0, got ${perplexity}`);
  if (neighbors === undefined && !(3 * perplexity >= 1)) {
    throw new InvalidArgumentError(
      `${what}: perplexity must be >= 1/3 with knn affinities (each point's floor(3 * perplexity) nearest ` +
        `neighbours), got ${perplexity}`,
    );
  }
  const k = Math.min(n - 1, neighbors ?? Math.floor(3 * perplexity));
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new InvalidArgumentError(`${what}: neighbors must be an integer >= 1, got ${neighbors}`);
  }
  if (perplexity > k) {
    const why = k === n - 1 ? `the ${k} other rows` : `its ${k} neighbours`;
    throw new InvalidArgumentError(
      `${what}: perplexity ${perplexity} is more than ${why}: a point's affinities cannot reach a perplexity above ` +
        `its number of neighbours`,
    );
  }
  return k;
}
