import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from './columnar-dataset.js';

/** Options of {@link toDataFrame}. */
export interface ToDataFrameOptions {
  /** Columns to include, in this order; default all, in schema order. */
  columns?: readonly string[];
  /** At most this many rows (from the start); default all. */
  limit?: number;
}

/** The columns of `dataset` as plain arrays: categories as strings (null missing), numbers (NaN missing). */
export function datasetColumns(
  dataset: ColumnarDataset,
  options: ToDataFrameOptions = {},
): Record<string, (string | null)[] | number[]> {
  const names = options.columns ?? dataset.columnNames;
  const n = Math.min(dataset.length, options.limit ?? dataset.length);
  if (n < 0 || !Number.isInteger(n)) throw new InvalidArgumentError(`limit must be a non-negative integer`);
  const out: Record<string, (string | null)[] | number[]> = {};
  for (const name of names) {
    const c = dataset.column(name);
    if (c.type === 'number') out[name] = Array.from(c.values.subarray(0, n));
    else {
      const a: (string | null)[] = new Array<string | null>(n);
      for (let i = 0; i < n; i++) a[i] = c.codes[i] < 0 ? null : c.categories[c.codes[i]];
      out[name] = a;
    }
  }
  return out;
}

/**
 * Converts a dataset to a danfojs DataFrame for exploration in notebooks. danfojs-node is an
 * optional peer dependency loaded with a dynamic import, so the library works without it.
 * Categories become string columns (missing null), also when their values look numeric (ids); numbers
 * become float32 columns (missing NaN). Print it as HTML with {@link toHtmlTable}: a DataFrame left as a
 * cell's value shows its internals in tslab.
 *
 * @returns a `danfojs-node` DataFrame.
 * @throws InvalidArgumentError for an unknown column; Error when danfojs-node is not installed.
 */
export async function toDataFrame(
  dataset: ColumnarDataset,
  options: ToDataFrameOptions = {},
): Promise<import('danfojs-node').DataFrame> {
  const cols = datasetColumns(dataset, options);
  let dfd: typeof import('danfojs-node');
  try {
    dfd = await import('danfojs-node');
  } catch (e) {
    throw new Error('toDataFrame needs the optional package danfojs-node (npm install danfojs-node)', { cause: e });
  }
  // Types given, not guessed: danfojs would read numeric-looking ids ('1001') as int32 and sizes as int32.
  const dtypes = Object.keys(cols).map((name) => (dataset.column(name).type === 'category' ? 'string' : 'float32'));
  return new dfd.DataFrame(cols, { dtypes });
}
