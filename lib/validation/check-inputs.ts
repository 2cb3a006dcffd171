// Internal input checks shared by the metrics (not exported from index.ts).
import { InvalidArgumentError } from '../core/errors.js';

/**
 * Checks labels `y` (codes 0..k-1) against a row-major n x k probability matrix `P` and optional
 * per-row weights, and returns k.
 * @throws InvalidArgumentError on empty input, a P length that is not a multiple of n, a label outside
 * 0..k-1, a non-finite probability, or weights of the wrong length or negative.
 */
export function checkLabelsAndProba(
  what: string,
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  weights?: ArrayLike<number>,
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
      throw new InvalidArgumentError(`${what}: row ${i}: label ${c} is not a class code in 0..${k - 1}`);
    }
  }
  for (let i = 0; i < P.length; i++) {
    if (!Number.isFinite(P[i])) {
      throw new InvalidArgumentError(`${what}: row ${Math.floor(i / k)}: probability ${P[i]} is not finite`);
    }
  }
  checkWeights(what, n, weights);
  return k;
}

/** Checks optional per-row weights: length n, finite and non-negative. */
export function checkWeights(what: string, n: number, weights?: ArrayLike<number>): void {
  if (weights === undefined) return;
  if (weights.length !== n) {
    throw new InvalidArgumentError(`${what}: weights have ${weights.length} values, expected ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
      throw new InvalidArgumentError(`${what}: row ${i}: weight ${weights[i]} is not a finite number >= 0`);
    }
  }
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

/** Display name of class c: `classNames[c]` when given, else `class c`. */
export function className(c: number, classNames?: readonly string[]): string {
  return classNames !== undefined && classNames[c] !== undefined ? `'${classNames[c]}'` : `class ${c}`;
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
      throw new InvalidArgumentError(`${what}: row ${i}: label ${labels[i]} is not 0 or 1`);
    }
  }
  return n;
}
