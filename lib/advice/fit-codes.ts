import { fitCode } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';

/**
 * The fit label of every row as a class code (0 small, 1 fit, 2 large, -1 missing or unknown), read by
 * category name so that any dictionary order works.
 * @param column - the label column (default `fit`).
 * @throws InvalidArgumentError when the column is absent or numeric.
 */
export function fitCodes(data: ColumnarDataset, column = 'fit'): Int32Array {
  const col = data.categories(column);
  const map = Int32Array.from(col.categories, (c) => fitCode(c));
  return Int32Array.from(col.codes, (k) => (k < 0 ? -1 : map[k]));
}
