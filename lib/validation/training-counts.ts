import { InvalidArgumentError } from '../core/errors.js';

/**
 * How many training rows share each scored row's key (its customer, its article): the count behind a
 * cold-start analysis. `keys` holds one integer code per row of the whole dataset (e.g. the `user_id` column's
 * category codes; -1 = missing, counted as 0); `train` and `rows` are integer indices into it.
 *
 * @example trainingCounts(ds.categories('item_id').codes, split.train, split.test)
 * @returns one count per entry of `rows`.
 * @throws InvalidArgumentError on an index that is not an integer in 0..keys.length-1 (naming its place in `train`
 * or `rows`), or a key of a training or scored row that is not an integer (NaN, 0.5...; naming the row).
 */
export function trainingCounts(keys: ArrayLike<number>, train: ArrayLike<number>, rows: ArrayLike<number>): Int32Array {
  const counts = new Map<number, number>();
  for (let j = 0; j < train.length; j++) {
    const key = keyAt(keys, train[j], `train[${j}]`);
    if (key !== -1) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const key = keyAt(keys, rows[j], `rows[${j}]`);
    out[j] = key === -1 ? 0 : (counts.get(key) ?? 0);
  }
  return out;
}

/**
 * The key of row `i`, checked: `i` an integer index into keys (0.5 read keys[0.5], undefined, and counted 0), the
 * key an integer (NaN keys were all counted as one key).
 */
function keyAt(keys: ArrayLike<number>, i: number, where: string): number {
  const n = keys.length;
  if (!(Number.isInteger(i) && i >= 0 && i < n)) {
    throw new InvalidArgumentError(`trainingCounts: index ${where} = ${i} is not an integer in 0..${n - 1}`);
  }
  const key = keys[i];
  if (!Number.isInteger(key)) {
    throw new InvalidArgumentError(`trainingCounts: row ${i}: key ${key} is not an integer code (-1: missing)`);
  }
  return key;
}
