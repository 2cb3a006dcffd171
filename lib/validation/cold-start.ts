import { InvalidArgumentError } from '../core/errors.js';
import { checkLabelsAndProba } from './check-inputs.js';
import { metricsByGroup, type GroupMetricsRow, type MetricsByGroupOptions } from './metrics-by-group.js';

/** One bin of a cold-start table: {@link GroupMetricsRow} plus the bin's count range. */
export type ColdStartRow = GroupMetricsRow & {
  /** Smallest training count of the bin. */
  min: number;
  /** Largest training count of the bin (Infinity for the last, open bin). */
  max: number;
};

/** Options of {@link coldStartTable}. */
export interface ColdStartOptions extends MetricsByGroupOptions {
  /**
   * Lower edges of the bins of training counts, increasing, starting at 0 (default
   * [0, 1, 2, 3, 5, 10, 20, 50]: bins 0, 1, 2, 3-4, 5-9, 10-19, 20-49, 50+).
   */
  edges?: readonly number[];
}

/**
 * Cold-start analysis: the average AUC (and accuracy, log-loss) of a model's predictions by the number
 * of training transactions of each scored row's article or customer (from {@link trainingCounts}),
 * in bins. Empty bins are left out; a bin where a class is absent gets avgAuc NaN.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param counts - training count of each row. @param options - `edges`, and {@link MetricsByGroupOptions}.
 * @throws InvalidArgumentError on malformed y/P (naming the data row, e.g. a row whose probabilities do not sum
 * to 1), edges that are not integers, do not start at 0 or do not increase, counts of another length than y, a
 * count that is not an integer >= 0 (naming the row), or as {@link metricsByGroup}.
 */
export function coldStartTable(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  counts: ArrayLike<number>,
  options: ColdStartOptions = {},
): ColdStartRow[] {
  checkLabelsAndProba('coldStartTable', y, P, undefined, true);
  const edges = options.edges ?? [0, 1, 2, 3, 5, 10, 20, 50];
  // Counts are whole numbers and the bins are named by whole numbers (`3-4`): fractional edges would mislabel them.
  if (
    edges.length === 0 ||
    edges[0] !== 0 ||
    edges.some((e, b) => !Number.isInteger(e) || (b > 0 && !(e > edges[b - 1])))
  ) {
    throw new InvalidArgumentError(
      `coldStartTable: edges must be integers that start at 0 and increase, got [${edges.join(', ')}]`,
    );
  }
  const names = edges.map((lo, b) => {
    const hi = b + 1 < edges.length ? edges[b + 1] - 1 : Infinity;
    return hi === Infinity ? `${lo}+` : hi === lo ? `${lo}` : `${lo}-${hi}`;
  });
  if (counts.length !== y.length) {
    throw new InvalidArgumentError(`coldStartTable: ${counts.length} counts for ${y.length} rows`);
  }
  const bins = new Int32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    // A count is a number of training rows: 0.5 would fall in bin 0 (named "0") and say cold start where it is not.
    if (!(Number.isInteger(c) && c >= 0)) {
      throw new InvalidArgumentError(`coldStartTable: row ${i}: count ${c} is not an integer >= 0`);
    }
    let b = edges.length - 1;
    while (c < edges[b]) b--;
    bins[i] = b;
  }
  return metricsByGroup(y, P, bins, names, options).map((row) => {
    const b = names.indexOf(row.group);
    return { ...row, min: edges[b], max: b + 1 < edges.length ? edges[b + 1] - 1 : Infinity };
  });
}
