import type { ColumnarDataset } from './columnar-dataset.js';

/** How often one value occurs in a column. */
// A type alias, not an interface: a list of them then passes to toHtmlTable (records with an index signature).
export type CategoryCount = {
  /** The category, or a numeric value as text. */
  value: string;
  /** Rows with this value. */
  n: number;
  /** n over the rows with a value (missing rows excluded). */
  share: number;
};

/**
 * Counts of each value of a categorical column (or each distinct number of a numeric column), most
 * frequent first (ties: categories in dictionary order, numbers ascending). Missing values are not
 * counted; categories that occur in no row are left out.
 *
 * @throws InvalidArgumentError when the column is missing.
 */
export function categoryCounts(dataset: ColumnarDataset, column: string): CategoryCount[] {
  const col = dataset.column(column);
  const entries: { value: string; n: number; key: number }[] = [];
  if (col.type === 'category') {
    const counts = new Float64Array(col.categories.length);
    for (let i = 0; i < dataset.length; i++) if (col.codes[i] >= 0) counts[col.codes[i]]++;
    col.categories.forEach((value, c) => {
      if (counts[c] > 0) entries.push({ value, n: counts[c], key: c });
    });
  } else {
    const counts = new Map<number, number>();
    for (let i = 0; i < dataset.length; i++) {
      const v = col.values[i];
      if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [v, n] of counts) entries.push({ value: String(v), n, key: v });
  }
  const total = entries.reduce((s, e) => s + e.n, 0);
  entries.sort((a, b) => b.n - a.n || a.key - b.key);
  return entries.map((e) => ({ value: e.value, n: e.n, share: e.n / total }));
}
