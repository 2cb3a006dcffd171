import type { ColumnarDataset } from './columnar-dataset.js';

/** One field of a {@link schemaTable}. */
// A type alias, not an interface: a list of them then passes to toHtmlTable (records with an index signature).
export type SchemaRow = {
  name: string;
  /** `number`, `category` or `date`. */
  type: string;
  /** Unit of a numeric or date field; empty when none. */
  unit: string;
  /** Share of rows with no value, 0..1. */
  missing: number;
  /** Distinct values among the rows that have one. */
  distinct: number;
  /** Smallest value (a date as YYYY-MM-DD); null for a category or an all-missing column. */
  min: number | string | null;
  /** Largest value, as `min`. */
  max: number | string | null;
  description: string;
};

const DAY_MS = 86_400_000;

function isoDay(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The schema of a dataset with what each column holds: type, unit, description, missing rate,
 * distinct count and, for numbers and dates, the range. Dates (days since 1970-01-01) show as
 * YYYY-MM-DD. One pass per column over the typed arrays.
 *
 * @returns one {@link SchemaRow} per column, in schema order.
 */
export function schemaTable(dataset: ColumnarDataset): SchemaRow[] {
  const missing = dataset.missingRates();
  return dataset.schema.map((f) => {
    const col = dataset.column(f.name);
    let distinct = 0;
    let min: number | string | null = null;
    let max: number | string | null = null;
    if (col.type === 'category') {
      const seen = new Uint8Array(col.categories.length);
      for (let i = 0; i < dataset.length; i++) {
        const c = col.codes[i];
        if (c >= 0 && seen[c] === 0) {
          seen[c] = 1;
          distinct++;
        }
      }
    } else {
      const values = new Set<number>();
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < dataset.length; i++) {
        const v = col.values[i];
        if (Number.isNaN(v)) continue;
        values.add(v);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      distinct = values.size;
      if (distinct > 0) {
        min = f.type === 'date' ? isoDay(lo) : lo;
        max = f.type === 'date' ? isoDay(hi) : hi;
      }
    }
    return {
      name: f.name,
      type: f.type,
      unit: f.unit ?? '',
      missing: missing[f.name],
      distinct,
      min,
      max,
      description: f.description,
    };
  });
}
