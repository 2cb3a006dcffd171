import { InvalidArgumentError } from '../core/errors.js';
import { aucOfSorted, sortColumn } from './auc-core.js';
import { checkBinary } from './check-inputs.js';

/** Points of a ROC curve, from (0, 0) at threshold +Infinity to (1, 1) at the lowest score. */
export interface RocCurve {
  /** False positive rate at each threshold. */
  fpr: Float64Array;
  /** True positive rate at each threshold. */
  tpr: Float64Array;
  /** Threshold of each point: a row is called positive when its score >= threshold. */
  thresholds: Float64Array;
  /** Area under the curve (trapezoids; equals {@link rocAuc}, ties counting 1/2). */
  auc: number;
}

/**
 * ROC curve of a binary problem, one point per distinct score (for plots).
 *
 * @param labels - 1 for a positive row, 0 for a negative row.
 * @param scores - a score per row; higher means more likely positive.
 * @returns {@link RocCurve} with distinct-threshold points, in increasing fpr order.
 * @throws InvalidArgumentError as {@link rocAuc}.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const n = checkBinary('rocCurve', labels, scores);
  const s = sortColumn('rocCurve', scores, n, 1, 0);
  const auc = aucOfSorted(s, labels, 1);
  if (Number.isNaN(auc)) throw new InvalidArgumentError('rocCurve: needs at least one positive and one negative row');
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i];
  const neg = n - pos;
  const groups = s.groupStarts.length - 1;
  const fpr = new Float64Array(groups + 1);
  const tpr = new Float64Array(groups + 1);
  const thresholds = new Float64Array(groups + 1);
  thresholds[0] = Infinity;
  let tp = 0;
  let fp = 0;
  for (let g = groups - 1, p = 1; g >= 0; g--, p++) {
    for (let j = s.groupStarts[g]; j < s.groupStarts[g + 1]; j++) {
      if (labels[s.order[j]] === 1) tp++;
      else fp++;
    }
    fpr[p] = fp / neg;
    tpr[p] = tp / pos;
    thresholds[p] = s.sorted[s.groupStarts[g]];
  }
  return { fpr, tpr, thresholds, auc };
}
