import { InvalidArgumentError } from '../core/errors.js';
import { aucOfSorted, sortColumn } from './auc-core.js';
import { checkBinary, checkWeights } from './check-inputs.js';

/**
 * Area under the ROC curve of a binary problem: the Mann-Whitney U statistic divided by
 * n_pos x n_neg, i.e. P(score of a random positive > score of a random negative), tied scores
 * counting 1/2 (mid-ranks). Exact for ties; O(n log n).
 *
 * @param labels - 1 for a positive row, 0 for a negative row.
 * @param scores - a score per row; higher means more likely positive.
 * @param weights - optional non-negative row weights (e.g. bootstrap counts).
 * @returns the AUC in [0, 1].
 * @throws InvalidArgumentError on length mismatch, labels other than 0/1, NaN scores, or when there is
 * no positive or no negative row.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const n = checkBinary('rocAuc', labels, scores);
  checkWeights('rocAuc', n, weights);
  const auc = aucOfSorted(sortColumn('rocAuc', scores, n, 1, 0), labels, 1, weights);
  if (Number.isNaN(auc)) throw new InvalidArgumentError('rocAuc: needs at least one positive and one negative row');
  return auc;
}
