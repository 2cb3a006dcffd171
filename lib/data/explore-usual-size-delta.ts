import type { ColumnarDataset } from './columnar-dataset.js';

/** Options of {@link usualSizeDelta}. */
export interface UsualSizeDeltaOptions {
  /** Customer column (default `user_id`). */
  userColumn?: string;
  /** Size column (default `size`). */
  sizeColumn?: string;
  /**
   * Size-system column: sizes are compared only within one system, so a customer's usual size is per
   * system. Default `size_system` when the dataset has it, else none; `null` turns it off.
   */
  systemColumn?: string | null;
}

/**
 * How far each row's size is from the customer's usual size: the row's size minus the median size of
 * the customer's OTHER rows (in the same size system when there is one). The row itself is left out,
 * so a one-off size does not pull its own reference. Sorts the rows once by customer and size:
 * O(n log n).
 *
 * @returns one value per row: NaN when the row has no size or no customer, or the customer has no
 *   other sized row (in that system).
 * @throws InvalidArgumentError when a column is missing or of the wrong type.
 */
export function usualSizeDelta(dataset: ColumnarDataset, options: UsualSizeDeltaOptions = {}): Float64Array {
  const n = dataset.length;
  const user = dataset.categories(options.userColumn ?? 'user_id').codes;
  const size = dataset.numbers(options.sizeColumn ?? 'size');
  const sysName =
    options.systemColumn === undefined ? (dataset.has('size_system') ? 'size_system' : null) : options.systemColumn;
  const sys = sysName === null ? null : dataset.categories(sysName);
  const nSys = sys === null ? 1 : sys.categories.length + 1;
  // Group key: customer x system (a missing system is its own system); -1 = not in any group.
  const key = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const u = user[i];
    if (u < 0 || Number.isNaN(size[i])) key[i] = -1;
    else {
      key[i] = u * nSys + (sys === null ? 0 : sys.codes[i] + 1);
      m++;
    }
  }
  const order = new Int32Array(m);
  for (let i = 0, k = 0; i < n; i++) if (key[i] >= 0) order[k++] = i;
  order.sort((a, b) => key[a] - key[b] || size[a] - size[b]);
  const out = new Float64Array(n).fill(NaN);
  let start = 0;
  while (start < m) {
    let end = start + 1;
    while (end < m && key[order[end]] === key[order[start]]) end++;
    const k = end - start;
    if (k > 1) {
      // Median of the group's sorted sizes without position r: index t of the rest is t (t < r) or t + 1.
      const at = (r: number, t: number): number => size[order[start + (t < r ? t : t + 1)]];
      const rest = k - 1;
      for (let r = 0; r < k; r++) {
        const med = rest % 2 === 1 ? at(r, (rest - 1) / 2) : (at(r, rest / 2 - 1) + at(r, rest / 2)) / 2;
        const i = order[start + r];
        out[i] = size[i] - med;
      }
    }
    start = end;
  }
  return out;
}
