import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';

/**
 * Refuses a column of training data that holds an infinite value (internal to lib/features). A step that stores or
 * sums such a value writes Infinity into features and into its saved tables, which its own `fromJSON` refuses; NaN is
 * a missing value and stays allowed.
 * @param who - the step, as the message starts. @param column - the column's name. @param values - its values.
 * @throws InvalidArgumentError naming the step, the first such row (0-based) and the column.
 */
export function refuseInfinite(who: string, column: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Infinity || v === -Infinity) {
      throw new InvalidArgumentError(
        `${who}: row ${i}, column '${column}' is ${v}: values must be finite (NaN for a missing one)`,
      );
    }
  }
}

/**
 * {@link refuseInfinite} on each of `columns` of `ds`, then on each of `optional` that `ds` has, in that order.
 * @throws InvalidArgumentError as refuseInfinite; what `ds.numbers` throws for a missing or non-numeric one of `columns`.
 */
export function refuseInfiniteColumns(
  who: string,
  ds: ColumnarDataset,
  columns: readonly string[],
  optional: readonly string[] = [],
): void {
  for (const c of columns) refuseInfinite(who, c, ds.numbers(c));
  for (const c of optional) if (ds.has(c)) refuseInfinite(who, c, ds.numbers(c));
}
