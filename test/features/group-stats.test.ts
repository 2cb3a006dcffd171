// Group tables of the history features are checked when a saved transformer is read: totals are sums of rows
// (whole counts >= 0 that add up, finite size sums). An infinite, NaN or negative total loaded before and made every
// feature of its group NaN (HTTP 500s per request in the service).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CustomerHistoryFeatures, ModelFormatError, estimatorFromJSON } from '../../lib/index.js';
import { datasetFromRecords } from './make-dataset.js';

const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'i1', fit: 'small', size: 4, category: 'dress' },
  { user_id: 'u1', item_id: 'i2', fit: 'fit', size: 6, category: 'top' },
  { user_id: 'u1', item_id: 'i1', fit: 'large', size: 8, category: 'dress' },
  { user_id: 'u2', item_id: 'i1', fit: 'fit', size: 10, category: 'dress' },
]);
const json = new CustomerHistoryFeatures().fit(train).toJSON() as unknown as {
  tables: Record<string, { keys: string[]; totals: (number | string | null)[] }>;
};
const table = Object.keys(json.tables)[0];

/** The transformer JSON with totals[k] of the first table set to `value`. */
function withTotal(k: number, value: number | string | null): unknown {
  const j = JSON.parse(JSON.stringify(json)) as typeof json;
  j.tables[table].totals[k] = value;
  return j;
}

test('the saved sums are 8 per group: rows, labelled, small, fit, large, sized, sum and sum of squares', () => {
  // u1: 3 rows, all labelled (1 small, 1 fit, 1 large), sizes 4, 6, 8.
  assert.deepEqual(json.tables[table].keys.slice(0, 1), ['u1']);
  assert.deepEqual(json.tables[table].totals.slice(0, 8), [3, 3, 1, 1, 1, 3, 18, 116]);
  assert.ok(estimatorFromJSON(JSON.parse(JSON.stringify(json))) instanceof CustomerHistoryFeatures);
});

test('a total that no rows could give is refused, naming the table, the group and the sum', () => {
  const cases: [number, number | string | null, RegExp][] = [
    [0, 'Infinity', /totals\[0\] \(group 0, rows\) is Infinity: a count must be a whole number >= 0/],
    [0, null, /totals\[0\] \(group 0, rows\) is NaN: a count must be a whole number >= 0/],
    [2, -1, /totals\[2\] \(group 0, small\) is -1: a count must be a whole number >= 0/],
    [5, 2.5, /totals\[5\] \(group 0, sized rows\) is 2\.5: a count must be a whole number >= 0/],
    [10, 1, /totals\[9\] \(group 1, labelled rows\) is 1: not the sum of the small, fit and large counts/],
    [1, 4, /totals\[1\] \(group 0, labelled rows\) is 4: more than the group's 3 rows/],
    [6, '-Infinity', /totals\[6\] \(group 0, sum of sizes\) is -Infinity: not a finite number/],
    [7, -3, /totals\[7\] \(group 0, sum of squared sizes\) is -3: not a finite number >= 0/],
  ];
  for (const [k, value, re] of cases) {
    assert.throws(
      () => estimatorFromJSON(withTotal(k, value)),
      (e: unknown) => e instanceof ModelFormatError && e.message.includes(`.${table}.totals[`) && re.test(e.message),
      `totals[${k}] = ${JSON.stringify(value)}`,
    );
  }
});
