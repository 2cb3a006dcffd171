// Internal input checks shared by the metrics (not exported from index.ts). An error about a row is a
// MetricInputError carrying the row, so that a validation driver can say it as the test row and its data row.
import { InvalidArgumentError } from '../core/errors.js';
import { MetricInputError } from './metric-input-error.js';

/** How far a probability may stray from [0, 1] and a row's sum from 1 (float32 models, rounding). */
const PROBABILITY_TOLERANCE = 1e-5;

/**
 * Checks labels `y` (codes 0..k-1) against a row-major n x k probability matrix `P` and optional
 * per-row weights, and returns k. With `probabilities` (for log-loss, Brier score, calibration), each row
 * must be a distribution: values in [0, 1] summing to 1, within 1e-5; rank metrics (AUC, accuracy) take any
 * finite scores, except a P that is probabilities of more rows than there are labels (see
 * {@link checkNotMoreRows}).
 *
 * k is read off P's length (the Metric signature carries no class count), so what is caught of labels for part
 * of the rows is: a P length that is not a multiple of n; without `probabilities`, a P whose values are
 * consecutive distributions of k0 < k classes (labels for some of the rows of an m x k0 probability matrix);
 * with `probabilities`, the rows that then fail to sum to 1. Not caught: more labels than rows of P whose
 * labels fit the smaller k, and labels for part of the rows of a P of scores that are not probabilities.
 * @throws InvalidArgumentError on empty input, a P length that is not a multiple of n, a label outside
 * 0..k-1, a non-finite value, a row that is not a distribution (with `probabilities`), a P whose values are
 * consecutive distributions of fewer than k classes (without `probabilities`), or weights of the wrong length,
 * negative or summing to 0.
 */
export function checkLabelsAndProba(
  what: string,
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  weights?: ArrayLike<number>,
  probabilities = false,
): number {
  const n = y.length;
  if (n === 0) throw new InvalidArgumentError(`${what}: no rows`);
  if (P.length % n !== 0 || P.length === 0) {
    throw new InvalidArgumentError(`${what}: P has ${P.length} values, not a multiple of ${n} rows`);
  }
  const k = P.length / n;
  for (let i = 0; i < n; i++) {
    const c = y[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw MetricInputError.atRow(what, i, `label ${c} is not a class code in 0..${k - 1}`);
    }
  }
  for (let i = 0; i < P.length; i++) {
    if (!Number.isFinite(P[i])) {
      throw MetricInputError.atRow(what, Math.floor(i / k), `probability ${P[i]} is not finite`);
    }
  }
  if (probabilities) checkDistributions(what, P, k);
  else checkNotMoreRows(what, P, n, k);
  checkWeights(what, n, weights);
  return k;
}

/**
 * Rank metrics take any scores, so the class count is read off P's length: labels for part of the rows with the
 * whole P (6 labels with a 12 x 3 P, read as 6 x 6; 9 labels, read as 9 x 4) would give a plausible wrong figure, or
 * blame a class that does not exist. Such a P is caught by its values: read as m = P.length / k0 consecutive blocks
 * of k0 values, for some 2 <= k0 < k, every block is a probability distribution (values in [0, 1] summing to 1).
 * A true n x k probability matrix never reads so (its values sum to n, the m blocks' to m > n); scores that are
 * not probabilities are refused only when every such block happens to sum to 1.
 */
function checkNotMoreRows(what: string, P: ArrayLike<number>, n: number, k: number): void {
  const tol = PROBABILITY_TOLERANCE;
  const distributionsOf = (k0: number): boolean => {
    for (let b = 0; b < P.length; b += k0) {
      let s = 0;
      for (let c = b; c < b + k0; c++) {
        const p = P[c];
        if (p < -tol || p > 1 + tol) return false;
        s += p;
      }
      if (Math.abs(s - 1) > tol) return false;
    }
    return true;
  };
  for (let k0 = 2; k0 < k; k0++) {
    if (P.length % k0 !== 0 || !distributionsOf(k0)) continue;
    const m = P.length / k0;
    throw new InvalidArgumentError(
      `${what}: P has ${P.length} values for ${n} labels, read as ${n} x ${k}, but its values are ${m} ` +
        `consecutive distributions of ${k0} classes: it looks like ${m} rows of ${k0} class probabilities (give one ` +
        'label per row of P)',
    );
  }
}

/** Checks that every row of the n x k matrix `P` is a probability distribution (within the tolerance). */
function checkDistributions(what: string, P: ArrayLike<number>, k: number): void {
  const tol = PROBABILITY_TOLERANCE;
  for (let i = 0; i < P.length / k; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const p = P[i * k + c];
      if (p < -tol || p > 1 + tol) {
        throw MetricInputError.atRow(what, i, `probability ${p} is not in [0, 1]`);
      }
      s += p;
    }
    if (Math.abs(s - 1) > tol) {
      throw MetricInputError.atRow(what, i, `probabilities sum to ${s}, not 1`);
    }
  }
}

/**
 * Checks class labels given to a validation routine: integers in 0..k-1, or -1 (unlabelled) where
 * `allowUnlabelled` (NaN or 1.5 were turned into class codes by Int32Array conversions).
 * @throws InvalidArgumentError naming the first row with another value.
 */
export function checkClassLabels(what: string, labels: ArrayLike<number>, k: number, allowUnlabelled: boolean): void {
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!(Number.isInteger(c) && c < k && (c >= 0 || (allowUnlabelled && c === -1)))) {
      throw MetricInputError.atRow(
        what,
        i,
        `label ${c} is not a class code in 0..${k - 1}${allowUnlabelled ? ' or -1 (unlabelled)' : ''}`,
      );
    }
  }
}

/** Checks optional per-row weights: length n, finite, non-negative and not all zero. */
export function checkWeights(what: string, n: number, weights?: ArrayLike<number>): void {
  if (weights === undefined) return;
  if (weights.length !== n) {
    throw new InvalidArgumentError(`${what}: weights have ${weights.length} values, expected ${n}`);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
      throw MetricInputError.atRow(what, i, `weight ${weights[i]} is not a finite number >= 0`);
    }
    total += weights[i];
  }
  if (!(total > 0)) throw new InvalidArgumentError(`${what}: the weights sum to 0: no row counts`);
}

/** Sum of weights (n when absent). */
export function totalWeight(n: number, weights?: ArrayLike<number>): number {
  if (weights === undefined) return n;
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i];
  return s;
}

/** Index of the largest value in row i of an n x k row-major matrix (first on ties). */
export function argmaxRow(P: ArrayLike<number>, k: number, i: number): number {
  let best = 0;
  let bv = P[i * k];
  for (let c = 1; c < k; c++) {
    const v = P[i * k + c];
    if (v > bv) {
      bv = v;
      best = c;
    }
  }
  return best;
}

/** Checks binary labels against scores and returns n. */
export function checkBinary(what: string, labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (n === 0) throw new InvalidArgumentError(`${what}: no rows`);
  if (scores.length !== n) {
    throw new InvalidArgumentError(`${what}: ${scores.length} scores for ${n} labels`);
  }
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw MetricInputError.atRow(what, i, `label ${labels[i]} is not 0 or 1`);
    }
  }
  return n;
}
