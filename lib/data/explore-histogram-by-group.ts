import { InvalidArgumentError } from '../core/errors.js';
import type { CategoryColumn } from './columnar-dataset.js';
import { binIndex, binLabel, checkEdges } from './explore-bin-index.js';

/** Options of {@link histogramByGroup}. */
export interface HistogramByGroupOptions {
  /** Count values below the first edge in the first bin and above the last edge in the last (default false). */
  clamp?: boolean;
  /** One label per bin (default `[low, high)`, the last `[low, high]`; with `clamp`, `< high` / `>= low` at the ends). */
  labels?: readonly string[];
}

/** The histogram of one group. */
export interface GroupHistogram {
  /** The category. */
  name: string;
  /** Rows of the group with a finite value (the base of `percent`, out-of-range values included). */
  n: number;
  /** Rows per bin. */
  counts: number[];
  /** 100 * counts / n per bin (NaN when n is 0). */
  percent: number[];
}

/** A histogram per category, over shared bins. */
export interface HistogramByGroup {
  /** One label per bin. */
  labels: string[];
  /** The bin edges. */
  edges: number[];
  /** One histogram per category that has a row with a value, in the column's dictionary order. */
  groups: GroupHistogram[];
}

/**
 * Histograms of `values` per category of `groups` over the same bins, as counts and as percent of the
 * group: the aggregated form of a plotly `histnorm: 'percent'` histogram, so a chart carries bin
 * counts instead of every value and distributions of groups of different sizes compare. Bins are
 * `[edges[k], edges[k+1])`, the last closed. Rows with a NaN value or no category are left out; values
 * outside the edges are dropped from the bins (unless `clamp`) but still count in `n`, so percentages
 * stay shares of the whole group.
 *
 * @param values one number per row (NaN = missing).
 * @param groups a categorical column, one code per row (e.g. `dataset.categories('fit')`).
 * @param edges increasing bin edges, at least two.
 * @throws InvalidArgumentError on fewer than two or non-increasing edges, labels that do not match the
 *   bins, `groups` of another length than `values`, or a code of `groups` past the end of its categories.
 */
export function histogramByGroup(
  values: ArrayLike<number>,
  groups: CategoryColumn,
  edges: readonly number[],
  options: HistogramByGroupOptions = {},
): HistogramByGroup {
  checkEdges('histogramByGroup', edges, options.labels);
  if (groups.codes.length !== values.length) {
    throw new InvalidArgumentError(`histogramByGroup: groups has ${groups.codes.length} rows; values ${values.length}`);
  }
  const nb = edges.length - 1;
  const nc = groups.categories.length;
  const clamp = options.clamp ?? false;
  const counts = new Float64Array(nc * nb);
  const totals = new Float64Array(nc);
  for (let i = 0; i < values.length; i++) {
    const c = groups.codes[i];
    const v = values[i];
    if (c >= nc) {
      throw new InvalidArgumentError(`histogramByGroup: groups row ${i}: code ${c} has no category (${nc} categories)`);
    }
    if (c < 0 || !Number.isFinite(v)) continue;
    totals[c]++;
    const b = binIndex(v, edges, clamp);
    if (b >= 0) counts[c * nb + b]++;
  }
  const out: GroupHistogram[] = [];
  for (let c = 0; c < nc; c++) {
    if (totals[c] === 0) continue;
    const cs = Array.from(counts.subarray(c * nb, (c + 1) * nb));
    out.push({ name: groups.categories[c], n: totals[c], counts: cs, percent: cs.map((k) => (100 * k) / totals[c]) });
  }
  const labels = Array.from({ length: nb }, (_, b) => options.labels?.[b] ?? binLabel(edges, b, clamp));
  return { labels, edges: [...edges], groups: out };
}
