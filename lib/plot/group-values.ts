import { FIT_CLASSES } from '../core/labels.js';
import { InvalidArgumentError } from '../core/errors.js';

/**
 * A category per row, to split a figure's values into coloured groups: either one label per row
 * (`string[]`, empty string or `null` = missing) or a coded column as `ColumnarDataset` stores it
 * (`codes[i]` indexes `categories`, -1 = missing).
 */
export type GroupInput =
  ArrayLike<string | null | undefined> | { readonly codes: ArrayLike<number>; readonly categories: readonly string[] };

/** The rows of one group, in row order. */
export interface Group {
  /** Category name. */
  name: string;
  /** Row indices of this category. */
  rows: number[];
}

/**
 * Splits rows `0..n-1` by category. Groups come in the order of `order` when given (names not in it are
 * appended), else in the order of a coded column's `categories`, else fit classes in their fixed order
 * (small, fit, large) before the other labels sorted. Rows with a missing category are left out;
 * categories with no row are dropped.
 * @throws InvalidArgumentError when `groups` is not an array-like or coded column, or does not have `n` entries.
 */
export function groupRows(n: number, groups: GroupInput, order?: readonly string[]): Group[] {
  const byName = new Map<string, number[]>();
  let declared: readonly string[] = [];
  if (groups === null || typeof groups !== 'object') {
    throw new InvalidArgumentError(`groups must be one label per row or a coded column, got ${typeof groups}`);
  }
  if ('codes' in groups && 'categories' in groups) {
    if (groups.codes.length !== n) {
      throw new InvalidArgumentError(`groups has ${groups.codes.length} rows; the values have ${n}`);
    }
    declared = groups.categories;
    for (let i = 0; i < n; i++) {
      const c = groups.codes[i];
      if (c < 0) continue;
      const name = groups.categories[c];
      if (name === undefined) throw new InvalidArgumentError(`groups row ${i}: code ${c} has no category`);
      push(byName, name, i);
    }
  } else {
    const labels = groups as ArrayLike<string | null | undefined>;
    if (labels.length !== n) throw new InvalidArgumentError(`groups has ${labels.length} rows; the values have ${n}`);
    for (let i = 0; i < n; i++) {
      const name = labels[i];
      if (name === null || name === undefined || name === '') continue;
      push(byName, name, i);
    }
  }
  const names = [...byName.keys()];
  const fixed = order ?? (declared.length > 0 ? declared : [...FIT_CLASSES]);
  const rank = (s: string): number => {
    const k = fixed.indexOf(s);
    return k < 0 ? fixed.length : k;
  };
  names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => ({ name, rows: byName.get(name)! }));
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const rows = map.get(key);
  if (rows) rows.push(i);
  else map.set(key, [i]);
}

/** Values as a JSON-safe array: NaN and ±Infinity become `null` (a gap for plotly). */
export function jsonNumbers(values: ArrayLike<number>, rows?: readonly number[]): (number | null)[] {
  const out: (number | null)[] = [];
  if (rows) for (const i of rows) out.push(Number.isFinite(values[i]) ? values[i] : null);
  else for (let i = 0; i < values.length; i++) out.push(Number.isFinite(values[i]) ? values[i] : null);
  return out;
}

/** The finite values of `values` (at `rows` when given), for traces where a missing value means no point. */
export function finiteNumbers(values: ArrayLike<number>, rows?: readonly number[]): number[] {
  const out: number[] = [];
  if (rows) {
    for (const i of rows) if (Number.isFinite(values[i])) out.push(values[i]);
  } else {
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  }
  return out;
}
