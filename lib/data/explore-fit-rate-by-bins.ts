import { InvalidArgumentError } from '../core/errors.js';
import type { CategoryColumn } from './columnar-dataset.js';
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
export interface FitRateBin extends FitRateRow {
  /** Lower edge (inclusive). */
  low: number;
  /** Upper edge (exclusive, except for the last bin). */
  high: number;
}

/**
 * Fit feedback by binned numeric value (size minus usual size, height...): for each bin
 * `[edges[k], edges[k+1])` (the last bin closed) the labelled rows, small/fit/large rates and Wilson
 * intervals. Rows with a NaN value or no fit label are left out; so are values outside the edges
 * unless `clamp`. Bins with no row are kept (n 0, rates NaN), so the rows line up with the bins.
 *
 * @param values one number per row (NaN = missing).
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
  const nb = edges.length - 1;
  if (nb < 1) throw new InvalidArgumentError(`fitRateByBins: need at least 2 edges, got ${edges.length}`);
  for (let k = 0; k <= nb; k++) {
    if (!Number.isFinite(edges[k]) || (k > 0 && !(edges[k] > edges[k - 1]))) {
      throw new InvalidArgumentError(`fitRateByBins: edges must be finite and increasing (edge ${k} is ${edges[k]})`);
    }
  }
  if (options.labels !== undefined && options.labels.length !== nb) {
    throw new InvalidArgumentError(`fitRateByBins: ${options.labels.length} labels for ${nb} bins`);
  }
  const codes = fitLabelCodes(fit, values.length);
  const clamp = options.clamp ?? false;
  const counts = new Float64Array(nb * 3);
  const lo = edges[0];
  const hi = edges[nb];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const f = codes[i];
    if (f < 0 || Number.isNaN(v)) continue;
    let b: number;
    if (v < lo) {
      if (!clamp) continue;
      b = 0;
    } else if (v >= hi) {
      if (v > hi && !clamp) continue;
      b = nb - 1;
    } else {
      // Binary search for the last edge <= v.
      let a = 0;
      let z = nb;
      while (z - a > 1) {
        const m = (a + z) >>> 1;
        if (edges[m] <= v) a = m;
        else z = m;
      }
      b = a;
    }
    counts[b * 3 + f]++;
  }
  const z = options.z ?? Z_95;
  const out: FitRateBin[] = [];
  for (let b = 0; b < nb; b++) {
    const label =
      options.labels?.[b] ??
      (clamp && b === 0 && nb > 1
        ? `< ${edges[1]}`
        : clamp && b === nb - 1 && nb > 1
          ? `>= ${edges[b]}`
          : `[${edges[b]}, ${edges[b + 1]}${b === nb - 1 ? ']' : ')'}`);
    const r = fitRateRow(label, counts[b * 3], counts[b * 3 + 1], counts[b * 3 + 2], z);
    out.push({ ...r, low: edges[b], high: edges[b + 1] });
  }
  return out;
}
