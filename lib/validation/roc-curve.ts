import { InvalidArgumentError } from '../core/errors.js';
import { aucOfSorted, sortColumn } from './auc-core.js';
import { checkBinary } from './check-inputs.js';
import { MetricInputError } from './metric-input-error.js';

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
 * @param scores - a finite score per row; higher means more likely positive.
 * @returns {@link RocCurve} with distinct-threshold points, in increasing fpr order.
 * @throws InvalidArgumentError as {@link rocAuc}, and a MetricInputError naming the row of a score of ±Infinity
 * (which rocAuc takes): the curve's first point, (0, 0), is at threshold +Infinity, which a +Infinity score would
 * reach.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const n = checkBinary('rocCurve', labels, scores);
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (Number.isNaN(v)) throw MetricInputError.atRow('rocCurve', i, 'score is NaN');
    // A +Infinity score made (0, 0) at threshold +Infinity, and a second point at +Infinity, contradict "positive
    // when score >= threshold"; -Infinity is refused alike, as the other metrics refuse non-finite values.
    if (!Number.isFinite(v)) throw MetricInputError.atRow('rocCurve', i, `score ${v} is not finite`);
  }
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
