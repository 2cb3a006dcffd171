import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from './columnar-dataset.js';
import { fitLabelCodes, fitRateRow, type FitRateRow } from './explore-fit-rate-row.js';
import { Z_95 } from './explore-wilson-interval.js';

const SORTS = ['count', 'value', 'small', 'fit', 'large'] as const;

/** Options of {@link fitRateBy}. */
export interface FitRateByOptions {
  /** Leave out groups with fewer labelled rows than this (default 1: every group with a row). */
  minCount?: number;
  /**
   * Order of the rows: `count` (default: most rows first), `value` (numeric columns by value,
   * categories alphabetically), or `small` / `fit` / `large` (that rate, highest first). Ties go by value.
   */
  sort?: (typeof SORTS)[number];
  /** Name of the fit-label column (default `fit`). */
  fitColumn?: string;
  /** Normal quantile of the Wilson intervals (default 1.96, 95%). */
  z?: number;
}

/**
 * Fit feedback per value of one column: for each category (or each distinct number of a numeric
 * column) the labelled rows, the small/fit/large rates and their Wilson 95% intervals. Rows with a
 * missing value or a missing fit label are left out. One pass over typed arrays.
 *
 * @param column a categorical or numeric column (numbers are grouped by exact value: size, rating, band).
 * @returns one {@link FitRateRow} per group with at least `minCount` rows, sorted as `sort` says.
 * @throws InvalidArgumentError when a column is missing or the fit column is not categorical,
 *   `minCount` is negative, or `sort` is not one of the orders above.
 */
export function fitRateBy(dataset: ColumnarDataset, column: string, options: FitRateByOptions = {}): FitRateRow[] {
  const minCount = options.minCount ?? 1;
  if (!(minCount >= 0)) throw new InvalidArgumentError(`fitRateBy: minCount must be >= 0, got ${minCount}`);
  const sort = options.sort ?? 'count';
  if (!SORTS.includes(sort)) {
    throw new InvalidArgumentError(`fitRateBy: sort must be one of ${SORTS.join(', ')}, got '${String(sort)}'`);
  }
  const fit = fitLabelCodes(dataset.categories(options.fitColumn ?? 'fit'));
  const col = dataset.column(column);
  const z = options.z ?? Z_95;
  // Each group with its sort key by value: the number itself, or the category's rank alphabetically.
  const groups: { row: FitRateRow; key: number }[] = [];
  if (col.type === 'category') {
    const counts = new Float64Array(col.categories.length * 3);
    for (let i = 0; i < dataset.length; i++) {
      const c = col.codes[i];
      const f = fit[i];
      if (c >= 0 && f >= 0) counts[c * 3 + f]++;
    }
    const alphabetical = col.categories.map((_, c) => c).sort((a, b) => compare(col.categories[a], col.categories[b]));
    const rank = new Int32Array(col.categories.length);
    alphabetical.forEach((c, r) => (rank[c] = r));
    for (let c = 0; c < col.categories.length; c++) {
      const row = fitRateRow(col.categories[c], counts[c * 3], counts[c * 3 + 1], counts[c * 3 + 2], z);
      if (row.n > 0 && row.n >= minCount) groups.push({ row, key: rank[c] });
    }
  } else {
    const counts = new Map<number, [number, number, number]>();
    for (let i = 0; i < dataset.length; i++) {
      const v = col.values[i];
      const f = fit[i];
      if (Number.isNaN(v) || f < 0) continue;
      let k = counts.get(v);
      if (!k) counts.set(v, (k = [0, 0, 0]));
      k[f]++;
    }
    for (const [v, k] of counts) {
      const row = fitRateRow(String(v), k[0], k[1], k[2], z);
      if (row.n >= minCount) groups.push({ row, key: v });
    }
  }
  const primary = (r: FitRateRow): number => (sort === 'count' ? r.n : sort === 'value' ? 0 : r[sort]);
  groups.sort((a, b) => primary(b.row) - primary(a.row) || a.key - b.key);
  return groups.map((g) => g.row);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
