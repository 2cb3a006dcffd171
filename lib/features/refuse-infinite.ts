import { InvalidArgumentError } from '../core/errors.js';

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
