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
  /**
   * Smallest value (a date as YYYY-MM-DD, a year past 9999 or before 0 with the sign and six digits of ISO 8601,
   * e.g. +010000-01-01); null for a category or an all-missing column, and for a date beyond what a Date holds
   * (±Infinity or more than 100,000,000 days from 1970-01-01) that `distinct` still counts.
   */
  min: number | string | null;
  /** Largest value, as `min`. */
  max: number | string | null;
  description: string;
};

const DAY_MS = 86_400_000;

/** The day `days` after 1970-01-01 as an ISO 8601 date, or null when it is outside the range of a Date. */
function isoDay(days: number): string | null {
  const date = new Date(days * DAY_MS);
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  return iso.slice(0, iso.indexOf('T'));
}

/**
 * The schema of a dataset with what each column holds: type, unit, description, missing rate,
 * distinct count and, for numbers and dates, the range. Dates (days since 1970-01-01) show as
 * YYYY-MM-DD; an end of the range that no Date holds (a date column with ±Infinity or a day more than
 * 100,000,000 days from 1970) shows as null, so a bad value does not stop the table. One pass per column over
 * the typed arrays.
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
