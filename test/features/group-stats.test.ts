// Group tables of the history features are checked when a saved transformer is read: totals are sums of rows
// (whole counts >= 0 that add up, finite size sums). An infinite, NaN or negative total loaded before and made every
// feature of its group NaN (HTTP 500s per request in the service).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArticleFeatures,
  CustomerHistoryFeatures,
  CustomerRecencyFeatures,
  ModelFormatError,
  RelativeSizeFeatures,
  RenterSizeFeatures,
  TimelineFeatures,
  estimatorFromJSON,
  type DatasetTransformer,
} from '../../lib/index.js';
import { datasetFromRecords, featureAt, matrixRow } from './make-dataset.js';

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

// Keys of several parts join the parts with U+001F. Before, a part holding U+001F made two customers share a key:
// ('a\u001fus', 'eu') and ('a', 'us\u001feu') were both 'a\u001fus\u001feu', and a new row of the first read the
// second one's history. Now U+001F and the escape character U+001B inside a part are preceded by U+001B.

type Rec = Record<string, string | number | null>;
const row = (user: string, item: string, system: string, size: number, fit: string, date: number): Rec => ({
  user_id: user,
  item_id: item,
  size_system: system,
  size,
  fit,
  review_date: date,
  category: 'dress',
});
// X and Y collided before the fix; X2 and Y2 would collide if only U+001F were escaped (not U+001B itself).
const X = ['a\u001fus', 'i\u001fus', 'eu'] as const;
const Y = ['a', 'i', 'us\u001feu'] as const;
const X2 = ['x\u001b', 'k\u001b', 'y\u001fz'] as const;
const Y2 = ['x\u001fy\u001b', 'k\u001fy\u001b', 'z'] as const;
/** Training rows with Y and Y2 named `y` and `y2` (the hostile names, or harmless ones). */
function hostileTrain(y: readonly [string, string, string], y2: readonly [string, string, string]): Rec[] {
  return [
    row(...X, 4, 'fit', 10),
    row(...y, 6, 'small', 20),
    row(...y, 8, 'small', 25),
    row(...X2, 40, 'large', 30),
    row(...y2, 44, 'fit', 40),
    row('c', 'i', 'eu', 4, 'fit', 5),
    row('c', 'h', 'us\u001feu', 6, 'large', 6),
    row('c', 'h', 'y\u001fz', 42, 'small', 7),
    row('d', 'h', 'z', 46, 'fit', 8),
  ];
}
const query = datasetFromRecords([
  { user_id: X[0], item_id: X[1], size_system: X[2], size: 4, review_date: 50, category: 'dress' },
  { user_id: X2[0], item_id: X2[1], size_system: X2[2], size: 40, review_date: 50, category: 'dress' },
]);

test('a unit separator or escape character inside a key part cannot make two customers or articles one group', () => {
  const hostile = datasetFromRecords(hostileTrain(Y, Y2));
  const renamed = datasetFromRecords(hostileTrain(['b', 'j', Y[2]], ['b2', 'j2', Y2[2]]));
  const steps: (() => DatasetTransformer)[] = [
    () => new CustomerHistoryFeatures(),
    () => new ArticleFeatures(),
    () => new TimelineFeatures(),
    () => new RenterSizeFeatures(),
    () => new CustomerRecencyFeatures(),
    () => new RelativeSizeFeatures(),
  ];
  for (const make of steps) {
    const t = make().fit(hostile);
    const name = t.constructor.name;
    // Renaming Y and Y2 to names without control characters must not change what X and X2 read.
    const got = t.transform(query);
    const want = make().fit(renamed).transform(query);
    for (const i of [0, 1]) assert.deepEqual(matrixRow(got, i), matrixRow(want, i), `${name}, query row ${i}`);
    const loaded = estimatorFromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as DatasetTransformer;
    assert.deepEqual(Array.from(loaded.transform(query).data), Array.from(got.data), `${name} after a JSON round trip`);
  }
  // Hand-computed for X: one row (size 4, fit) in system eu, whose sizes are 4 and 4 (prior mean 4, variance 0);
  // 9 labelled rows of which 3 small: cust_rate_small = (0 + 10 * 3/9) / (1 + 10).
  const C = new CustomerHistoryFeatures().fit(hostile).transform(query);
  assert.equal(featureAt(C, 0, 'cust_n'), 1);
  assert.equal(featureAt(C, 0, 'cust_size_mean'), 4);
  assert.equal(featureAt(C, 0, 'cust_size_diff'), 0);
  assert.ok(Math.abs(featureAt(C, 0, 'cust_rate_small') - 10 / 33) < 1e-15);
});

// `CustomerHistoryFeatures` and `ArticleFeatures` fitted on `oldTrain`, as the lib wrote them before keys were
// escaped: a saved model whose key parts hold no U+001F or U+001B must load and predict exactly as before.
const oldTrain = datasetFromRecords([
  { user_id: 'u1', item_id: 'a', fit: 'small', size: 4, size_system: 'us', category: 'dress' },
  { user_id: 'u1', item_id: 'b', fit: 'fit', size: 36, size_system: 'eu', category: 'top' },
  { user_id: 'u2', item_id: 'a', fit: 'large', size: 6, size_system: 'us', category: 'dress' },
]);
const OLD_CUSTOMER = {
  kind: 'customer-history-features',
  version: 1,
  crossFit: 'kfold',
  nFolds: 5,
  seed: 0,
  priorStrength: 10,
  sizePriorStrength: 1,
  hasSystem: true,
  tables: {
    customer: {
      columns: ['user_id', 'size_system'],
      keys: ['u1\u001fus', 'u1\u001feu', 'u2\u001fus'],
      totals: [1, 1, 1, 0, 0, 1, 4, 16, 1, 1, 0, 1, 0, 1, 36, 1296, 1, 1, 0, 0, 1, 1, 6, 36],
    },
    system: {
      columns: ['size_system'],
      keys: ['us', 'eu'],
      totals: [2, 2, 1, 0, 1, 2, 10, 52, 1, 1, 0, 1, 0, 1, 36, 1296],
    },
    global: { columns: [], keys: [''], totals: [3, 3, 1, 1, 1, 3, 46, 1348] },
  },
};
const OLD_ARTICLE = {
  kind: 'article-features',
  version: 1,
  crossFit: 'kfold',
  nFolds: 5,
  seed: 0,
  priorStrength: 10,
  sizePriorStrength: 1,
  hasSystem: true,
  tables: {
    category: {
      columns: ['category'],
      keys: ['dress', 'top'],
      totals: [2, 2, 1, 0, 1, 2, 10, 52, 1, 1, 0, 1, 0, 1, 36, 1296],
    },
    item: {
      columns: ['item_id', 'size_system'],
      keys: ['a\u001fus', 'b\u001feu'],
      totals: [2, 2, 1, 0, 1, 2, 10, 52, 1, 1, 0, 1, 0, 1, 36, 1296],
    },
    itemSize: {
      columns: ['item_id', 'size_system', 'size'],
      keys: ['a\u001fus\u001f4', 'b\u001feu\u001f36', 'a\u001fus\u001f6'],
      totals: [1, 1, 1, 0, 0, 1, 4, 16, 1, 1, 0, 1, 0, 1, 36, 1296, 1, 1, 0, 0, 1, 1, 6, 36],
    },
    system: {
      columns: ['size_system'],
      keys: ['us', 'eu'],
      totals: [2, 2, 1, 0, 1, 2, 10, 52, 1, 1, 0, 1, 0, 1, 36, 1296],
    },
    global: { columns: [], keys: [''], totals: [3, 3, 1, 1, 1, 3, 46, 1348] },
  },
};

test('keys of parts without U+001F or U+001B are written as before, and saved models load to the same features', () => {
  assert.deepEqual(new CustomerHistoryFeatures().fit(oldTrain).toJSON(), OLD_CUSTOMER);
  assert.deepEqual(new ArticleFeatures().fit(oldTrain).toJSON(), OLD_ARTICLE);
  const q = datasetFromRecords([{ user_id: 'u1', item_id: 'a', size: 6, size_system: 'us', category: 'dress' }]);
  const C = (estimatorFromJSON(OLD_CUSTOMER) as CustomerHistoryFeatures).transform(q);
  // u1 in us: one row, size 4, small; us sizes 4 and 6 (prior mean 5, variance 1); 1 small of 3 labelled rows.
  const want = [1, 4.5, Math.sqrt((0.25 + 1) / 2), 1.5, 1, 0, 0, 13 / 33, 10 / 33, 10 / 33];
  matrixRow(C, 0).forEach((v, j) => assert.ok(Math.abs(v - want[j]) < 1e-15, `${C.names[j]}: ${v} vs ${want[j]}`));
  const A = (estimatorFromJSON(OLD_ARTICLE) as ArticleFeatures).transform(q);
  assert.deepEqual(Array.from(A.data), Array.from(new ArticleFeatures().fit(oldTrain).transform(q).data));
  assert.equal(featureAt(A, 0, 'item_n'), 2);
  assert.equal(featureAt(A, 0, 'itemsize_n'), 1);
});

test('a saved group index with a repeated key is refused, naming the field and both entries', () => {
  const j = JSON.parse(JSON.stringify(OLD_CUSTOMER)) as typeof OLD_CUSTOMER;
  j.tables.customer.keys[2] = j.tables.customer.keys[0];
  assert.throws(
    () => estimatorFromJSON(j),
    (e: unknown) =>
      e instanceof ModelFormatError &&
      e.message.includes('customer-history-features.customer.keys[2] "u1\\u001fus" repeats keys[0]'),
  );
  const t = new TimelineFeatures().fit(oldTrain).toJSON() as unknown as { users: { keys: string[] } };
  t.users.keys[1] = t.users.keys[0];
  assert.throws(
    () => estimatorFromJSON(t),
    (e: unknown) => e instanceof ModelFormatError && e.message.includes('timeline-features: users.keys[1]'),
  );
});
