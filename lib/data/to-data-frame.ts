import { InvalidArgumentError, SizefitError } from '../core/errors.js';
import type { ColumnarDataset } from './columnar-dataset.js';

/** Options of {@link toDataFrame}. */
export interface ToDataFrameOptions {
  /** Columns to include, in this order; default all, in schema order. */
  columns?: readonly string[];
  /** At most this many rows (from the start); default all. */
  limit?: number;
}

/**
 * The columns of `dataset` as plain arrays: categories as strings (null missing), numbers (NaN missing). Every
 * column is an own property, also one named `__proto__` (a plain object, so danfojs takes it as a column map).
 * @throws InvalidArgumentError for a `limit` that is not an integer >= 0 (or Infinity), or an unknown column.
 */
export function datasetColumns(
  dataset: ColumnarDataset,
  options: ToDataFrameOptions = {},
): Record<string, (string | null)[] | number[]> {
  return columnArrays('datasetColumns', dataset, options);
}

function columnArrays(
  who: string,
  dataset: ColumnarDataset,
  options: ToDataFrameOptions,
): Record<string, (string | null)[] | number[]> {
  const names = options.columns ?? dataset.columnNames;
  const limit = options.limit ?? Infinity;
  // The option itself, not min(length, limit): 3.5 on a 3-row dataset is as wrong as on a 10-row one.
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new InvalidArgumentError(`${who}: limit must be an integer >= 0 or Infinity, got ${limit}`);
  }
  const n = Math.min(dataset.length, limit);
  const entries: [string, (string | null)[] | number[]][] = [];
  for (const name of names) {
    const c = dataset.column(name);
    if (c.type === 'number') entries.push([name, Array.from(c.values.subarray(0, n))]);
    else {
      const a: (string | null)[] = new Array<string | null>(n);
      for (let i = 0; i < n; i++) a[i] = c.codes[i] < 0 ? null : c.categories[c.codes[i]];
      entries.push([name, a]);
    }
  }
  // Object.fromEntries defines own properties: `out.__proto__ = ...` would set the prototype and lose the column.
  return Object.fromEntries(entries);
}

/**
 * The danfojs DataFrame that {@link toDataFrame} returns, as sizefit's types describe it: the members listed are
 * typed, every other member (`head`, `print`, `groupby`, `dropNa`...) is `any`. Declared here so that sizefit's
 * types do not need the optional danfojs-node installed; with danfojs-node installed, cast to its
 * `DataFrame` for its full types.
 */
export interface DataFrameLike {
  /** [rows, columns]. */
  readonly shape: number[];
  /** The column names, in order. */
  readonly columns: string[];
  /** The danfojs type of each column (`string`, `float32`...). */
  readonly dtypes: string[];
  /** The rows as arrays of values. */
  readonly values: unknown[];
  // Any other member of danfojs's DataFrame: its methods are many and their types are danfojs-node's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [member: string]: any;
}

/**
 * The error for a failed `import('danfojs-node')`: not installed only when danfojs-node itself was not found;
 * otherwise (its native TensorFlow binding failed, a dependency is missing...) installed but failed to load.
 */
function danfoLoadError(cause: unknown): SizefitError {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code === 'ERR_MODULE_NOT_FOUND' && /^Cannot find package 'danfojs-node' /.test(message)) {
    return new SizefitError(
      'OPTIONAL_DEPENDENCY_MISSING',
      'toDataFrame needs the optional package danfojs-node (npm install danfojs-node)',
      { cause },
    );
  }
  return new SizefitError(
    'OPTIONAL_DEPENDENCY_FAILED',
    `toDataFrame: danfojs-node is installed but failed to load: ${message.split('\n')[0]}`,
    { cause },
  );
}

/**
 * Converts a dataset to a danfojs DataFrame for exploration in notebooks. danfojs-node is an
 * optional peer dependency loaded with a dynamic import, so the library works without it.
 * Categories become string columns (missing null), also when their values look numeric (ids); numbers
 * become float32 columns (missing NaN). Print it as HTML with {@link toHtmlTable}: a DataFrame left as a
 * cell's value shows its internals in tslab.
 *
 * @returns a `danfojs-node` DataFrame (typed as {@link DataFrameLike}); with no row (an empty dataset, `limit: 0`),
 *   an empty DataFrame that still has the columns and their types.
 * @throws InvalidArgumentError for an unknown column or a `limit` that is not an integer >= 0 (or Infinity); SizefitError `OPTIONAL_DEPENDENCY_MISSING` when
 * danfojs-node is not installed, `OPTIONAL_DEPENDENCY_FAILED` (with the import error as `cause`) when it is
 * installed but cannot be loaded (e.g. its native TensorFlow.js binding).
 */
export async function toDataFrame(dataset: ColumnarDataset, options: ToDataFrameOptions = {}): Promise<DataFrameLike> {
  const cols = columnArrays('toDataFrame', dataset, options);
  let dfd: typeof import('danfojs-node');
  try {
    dfd = await import('danfojs-node');
  } catch (e) {
    throw danfoLoadError(e);
  }
  // Types given, not guessed: danfojs would read numeric-looking ids ('1001') as int32 and sizes as int32.
  const columns = Object.keys(cols);
  const dtypes = columns.map((name) => (dataset.column(name).type === 'category' ? 'string' : 'float32'));
  // danfojs cannot build a frame from zero-length columns (ParamError "end must be greater than start") or none, but
  // takes an empty row list with the column names and types.
  if (columns.length === 0 || cols[columns[0]].length === 0) return new dfd.DataFrame([], { columns, dtypes });
  return new dfd.DataFrame(cols, { dtypes });
}
