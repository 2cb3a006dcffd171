import { InvalidArgumentError } from '../core/errors.js';

/**
 * How many training rows share each scored row's key (its customer, its article): the count behind a
 * cold-start analysis. `keys` holds one code per row of the whole dataset (e.g. the `user_id` column's
 * category codes; -1 = missing, counted as 0); `train` and `rows` index into it.
 *
 * @example trainingCounts(ds.categories('item_id').codes, split.train, split.test)
 * @returns one count per entry of `rows`.
 * @throws InvalidArgumentError on an index outside the keys.
 */
export function trainingCounts(keys: ArrayLike<number>, train: ArrayLike<number>, rows: ArrayLike<number>): Int32Array {
  const n = keys.length;
  const counts = new Map<number, number>();
  for (let j = 0; j < train.length; j++) {
    const i = train[j];
    if (!(i >= 0 && i < n))
      throw new InvalidArgumentError(`trainingCounts: training index ${i} is outside 0..${n - 1}`);
    const key = keys[i];
    if (key !== -1) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out = new Int32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    if (!(i >= 0 && i < n)) throw new InvalidArgumentError(`trainingCounts: row index ${i} is outside 0..${n - 1}`);
    out[j] = keys[i] === -1 ? 0 : (counts.get(keys[i]) ?? 0);
  }
  return out;
}
