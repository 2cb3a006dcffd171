import { InvalidArgumentError } from '../core/errors.js';
import { fitCode } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { predictedLabels } from '../validation/predicted-labels.js';

/**
 * The fit-feedback labels of a dataset as class codes (0 small, 1 fit, 2 large; -1 where the label is
 * missing or not a fit label), read from its categorical label column (`fit` unless `column` is given).
 *
 * @param data - rows with a categorical label column.
 * @param who - the caller's name for error messages.
 * @param column - the label column (default `fit`).
 * @throws InvalidArgumentError when the dataset has no such categorical column.
 */
export function fitLabelCodes(data: ColumnarDataset, who: string, column = 'fit'): Int32Array {
  if (!data.has(column)) {
    throw new InvalidArgumentError(`${who}: dataset '${data.meta.name}' has no label column '${column}'`);
  }
  const col = data.column(column);
  if (col.type !== 'category') throw new InvalidArgumentError(`${who}: column '${column}' must be categorical`);
  const codeOf = Int32Array.from(col.categories, (c) => fitCode(c));
  const out = new Int32Array(data.length);
  for (let i = 0; i < out.length; i++) out[i] = col.codes[i] < 0 ? -1 : codeOf[col.codes[i]];
  return out;
}

/** Argmax of each row of an n x k probability matrix (ties go to the lower code). */
export function argmaxRows(P: Float64Array, k: number): Int32Array {
  return predictedLabels(P, k);
}
