// Internal: tie-exact weighted AUC on pre-sorted scores (not exported from index.ts).
import { MetricInputError } from './metric-input-error.js';

/** Scores of column c of an n x k row-major matrix, sorted ascending, with the row order and tie groups. */
export interface SortedScores {
  /** Row indices in ascending score order. */
  order: Int32Array;
  /** Sorted scores (same order as `order`). */
  sorted: Float64Array;
  /** Start offset of each run of equal scores, plus a final entry n. */
  groupStarts: Int32Array;
}

/**
 * Sorts column c of an n x k row-major matrix.
 * @param what - the caller's name, for the error message.
 * @throws InvalidArgumentError on NaN scores, naming `what` and the row.
 */
export function sortColumn(what: string, P: ArrayLike<number>, n: number, k: number, c: number): SortedScores {
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = P[i * k + c];
    if (Number.isNaN(v)) throw MetricInputError.atRow(what, i, 'score is NaN');
    col[i] = v;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => col[a] - col[b] || a - b);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = col[order[i]];
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) starts.push(i);
  starts.push(n);
  return { order, sorted, groupStarts: Int32Array.from(starts) };
}

/**
 * Mann-Whitney AUC of "label === positive" vs the rest on sorted scores: the probability that a random
 * positive scores above a random negative, ties counting 1/2. Weighted by `weights` when given.
 * Returns NaN when the positives or the negatives have zero total weight.
 */
export function aucOfSorted(
  s: SortedScores,
  y: ArrayLike<number>,
  positive: number,
  weights?: ArrayLike<number>,
): number {
  const { order, groupStarts } = s;
  let negBelow = 0;
  let posTotal = 0;
  let acc = 0;
  for (let g = 0; g + 1 < groupStarts.length; g++) {
    let gp = 0;
    let gn = 0;
    const end = groupStarts[g + 1];
    if (weights === undefined) {
      for (let j = groupStarts[g]; j < end; j++) {
        if (y[order[j]] === positive) gp++;
        else gn++;
      }
    } else {
      for (let j = groupStarts[g]; j < end; j++) {
        const r = order[j];
        if (y[r] === positive) gp += weights[r];
        else gn += weights[r];
      }
    }
    acc += gp * (negBelow + 0.5 * gn);
    negBelow += gn;
    posTotal += gp;
  }
  if (posTotal === 0 || negBelow === 0) return NaN;
  return acc / (posTotal * negBelow);
}

/**
 * A prepared one-vs-rest AUC of class `positive`: the positive flags are laid out in score order once,
 * so that each weighted evaluation is one pass over the rows (O(n), no sorting).
 */
export function preparedAuc(
  s: SortedScores,
  y: ArrayLike<number>,
  positive: number,
): (weights: ArrayLike<number>) => number {
  const { order, groupStarts } = s;
  const n = order.length;
  const isPos = new Uint8Array(n);
  for (let j = 0; j < n; j++) isPos[j] = y[order[j]] === positive ? 1 : 0;
  const groups = groupStarts.length - 1;
  return (weights) => {
    let negBelow = 0;
    let posTotal = 0;
    let acc = 0;
    let j = 0;
    for (let g = 0; g < groups; g++) {
      let gp = 0;
      let gn = 0;
      const end = groupStarts[g + 1];
      for (; j < end; j++) {
        const w = weights[order[j]];
        if (isPos[j] === 1) gp += w;
        else gn += w;
      }
      acc += gp * (negBelow + 0.5 * gn);
      negBelow += gn;
      posTotal += gp;
    }
    return posTotal === 0 || negBelow === 0 ? NaN : acc / (posTotal * negBelow);
  };
}
