import type { CategoryColumn } from './columnar-dataset.js';
import { binIndex, binLabel, checkEdges } from './explore-bin-index.js';
import { fitLabelCodes, fitRateRow, type FitRateRow } from './explore-fit-rate-row.js';
import { Z_95 } from './explore-wilson-interval.js';

/** Options of {@link fitRateByBins}. */
export interface FitRateByBinsOptions {
  /** Count values below the first edge in the first bin and above the last edge in the last (default false: leave them out). */
  clamp?: boolean;
  /** One label per bin (default `[low, high)`, the last bin `[low, high]`; with `clamp`, `< high` / `>= low` at the ends). */
  labels?: readonly string[];
  /** Normal quantile of the Wilson intervals (default 1.96, 95%). */
  z?: number;
}

/** Fit feedback of one bin: a {@link FitRateRow} with the bin's edges. */
// A type alias, not an interface: a list of them then passes to toHtmlTable (records with an index signature).
export type FitRateBin = FitRateRow & {
  /** Lower edge (inclusive). */
  low: number;
  /** Upper edge (exclusive, except for the last bin). */
  high: number;
};

/**
 * Fit feedback by binned numeric value (size minus usual size, height...): for each bin
 * `[edges[k], edges[k+1])` (the last bin closed) the labelled rows, small/fit/large rates and Wilson
 * intervals. Rows with a non-finite value (NaN, ±Infinity, also with `clamp`, as in `histogramByGroup`)
 * or no fit label are left out; so are finite values outside the edges unless `clamp`. Bins with no row are kept (n 0, rates NaN), so the rows line up with the bins.
 *
 * @param values one number per row (NaN = missing; ±Infinity is left out too).
 * @param fit the fit-label column (`dataset.categories('fit')`), one code per row.
 * @param edges increasing bin edges, at least two.
 * @returns one {@link FitRateBin} per bin, in edge order.
 * @throws InvalidArgumentError when the edges are fewer than two, not increasing or not finite, the
 *   labels do not match the bins, or `fit` has another length than `values`.
 */
export function fitRateByBins(
  values: ArrayLike<number>,
  fit: CategoryColumn,
  edges: readonly number[],
  options: FitRateByBinsOptions = {},
): FitRateBin[] {
  checkEdges('fitRateByBins', edges, options.labels);
  const nb = edges.length - 1;
  const codes = fitLabelCodes(fit, values.length);
  const clamp = options.clamp ?? false;
  const counts = new Float64Array(nb * 3);
  for (let i = 0; i < values.length; i++) {
    const f = codes[i];
    const v = values[i];
    if (f < 0 || !Number.isFinite(v)) continue;
    const b = binIndex(v, edges, clamp);
    if (b >= 0) counts[b * 3 + f]++;
  }
  const z = options.z ?? Z_95;
  const out: FitRateBin[] = [];
  for (let b = 0; b < nb; b++) {
    const label = options.labels?.[b] ?? binLabel(edges, b, clamp);
    const r = fitRateRow(label, counts[b * 3], counts[b * 3 + 1], counts[b * 3 + 2], z);
    out.push({ ...r, low: edges[b], high: edges[b + 1] });
  }
  return out;
}
