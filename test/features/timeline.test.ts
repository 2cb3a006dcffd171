import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ColumnarDataset,
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
  Rng,
  TimelineFeatures,
  estimatorFromJSON,
} from '../../lib/index.js';
import { datasetFromRecords, featureAt, matrixRow, syntheticRentals, withColumn, withLabels } from './make-dataset.js';

const get = featureAt;
const row = matrixRow;

// Customer u1: sizes 8 (day 100), 10 (day 160), 10 (day 400), 12 (undated); article a: days 50, 100, 300.
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'a', size: 8, fit: 'small', review_date: 100 },
  { user_id: 'u1', item_id: 'b', size: 10, fit: 'fit', review_date: 160 },
  { user_id: 'u1', item_id: 'c', size: 10, fit: 'large', review_date: 400 },
  { user_id: 'u1', item_id: 'b', size: 12, fit: null, review_date: null },
  { user_id: 'u2', item_id: 'a', size: 4, fit: 'fit', review_date: 50 },
  { user_id: 'u3', item_id: 'a', size: 6, fit: 'fit', review_date: 300 },
]);
const fresh = datasetFromRecords([
  { user_id: 'u1', item_id: 'a', size: 12, review_date: 170 },
  { user_id: 'u1', item_id: 'a', size: 10, review_date: 30 },
  { user_id: 'u9', item_id: 'z', size: 6, review_date: 170 },
  { user_id: 'u2', item_id: 'a', size: 4, review_date: null },
]);

test('TimelineFeatures: customer and article timelines, hand-computed', () => {
  const t = new TimelineFeatures().fit(train);
  const X = t.transform(fresh);
  // u1 at day 170: days 100 and 160 before, 400 after (the undated row counts only for sizes).
  assert.equal(get(X, 0, 'cust_prior_n'), 2);
  assert.equal(get(X, 0, 'cust_later_n'), 1);
  assert.equal(get(X, 0, 'cust_rank_frac'), 2.5 / 4);
  assert.equal(get(X, 0, 'cust_days_since_first'), 70);
  assert.equal(get(X, 0, 'cust_days_to_last'), 230);
  assert.equal(get(X, 0, 'cust_prior_size_mean'), 9);
  assert.equal(get(X, 0, 'size_minus_prior_size'), 3);
  // Sizes 8, 10, 10, 12: three distinct, 10 the most frequent.
  assert.equal(get(X, 0, 'cust_sizes_distinct'), 3);
  assert.equal(get(X, 0, 'size_is_cust_mode'), 0);
  assert.equal(get(X, 1, 'size_is_cust_mode'), 1);
  // Article a at day 170: days 50 and 100 before; first rented day 50.
  assert.equal(get(X, 0, 'item_prior_n'), 2);
  assert.equal(get(X, 0, 'item_days_since_first'), 120);
  // u1 at day 30 is before everything: no prior rows, negative days since the first.
  assert.equal(get(X, 1, 'cust_prior_n'), 0);
  assert.equal(get(X, 1, 'cust_later_n'), 3);
  assert.equal(get(X, 1, 'cust_days_since_first'), -70);
  assert.ok(Number.isNaN(get(X, 1, 'cust_prior_size_mean')));
  assert.equal(get(X, 1, 'item_prior_n'), 0);
  assert.equal(get(X, 1, 'item_days_since_first'), -20);
  // Unseen customer and article: counts 0, the rest NaN, never a crash.
  for (const name of ['cust_prior_n', 'cust_later_n', 'item_prior_n', 'cust_sizes_distinct'])
    assert.equal(get(X, 2, name), 0, name);
  for (const name of ['cust_rank_frac', 'cust_days_since_first', 'item_days_since_first', 'size_is_cust_mode'])
    assert.ok(Number.isNaN(get(X, 2, name)), name);
  // An undated row: date features NaN, size features still read.
  assert.ok(Number.isNaN(get(X, 3, 'cust_prior_n')) && Number.isNaN(get(X, 3, 'item_prior_n')));
  assert.equal(get(X, 3, 'cust_sizes_distinct'), 1);
  assert.equal(get(X, 3, 'size_is_cust_mode'), 1);
  assert.deepEqual(
    t.featureInfo().map((f) => f.name),
    X.names,
  );
});

/** Synthetic rentals with review dates (days), some repeated within a customer. */
function dated(n: number, seed: number): ColumnarDataset {
  const ds = syntheticRentals(n, { users: Math.floor(n / 6), items: 10, categories: 3, seed });
  const rng = new Rng(seed + 100);
  return withColumn(ds, 'review_date', {
    type: 'number',
    values: Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? NaN : 15000 + rng.int(200))),
  });
}

test('TimelineFeatures: a training row reads every training row but itself', () => {
  const ds = dated(240, 3);
  const Z = new TimelineFeatures().fitTransform(ds);
  const all = Array.from({ length: ds.length }, (_, i) => i);
  let compared = 0;
  for (let i = 0; i < ds.length; i += 7) {
    const X = new TimelineFeatures().fit(ds.take(all.filter((k) => k !== i))).transform(ds.take([i]));
    assert.deepEqual(row(Z, i), row(X, 0), `row ${i}`);
    compared += row(X, 0).filter(Number.isFinite).length;
  }
  assert.ok(compared > 250, `only ${compared} values compared`);
  // Reading itself would differ: the fitted step's transform of the training rows is not fitTransform.
  assert.notDeepEqual(new TimelineFeatures().fit(ds).transform(ds).data, Z.data);
});

test('TimelineFeatures: never reads a label', () => {
  const ds = dated(200, 5);
  const shuffled = withLabels(ds, new Rng(2).shuffle(ds.categories('fit').codes.slice()));
  assert.deepEqual(new TimelineFeatures().fitTransform(shuffled), new TimelineFeatures().fitTransform(ds));
  const t = new TimelineFeatures().fit(ds);
  assert.deepEqual(t.transform(shuffled), t.transform(ds));
  // No fit column at all: fitted and transformed the same.
  const noLabel = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', size: 8, review_date: 100 },
    { user_id: 'u1', item_id: 'a', size: 10, review_date: 120 },
  ]);
  assert.equal(get(new TimelineFeatures().fitTransform(noLabel), 1, 'cust_prior_n'), 1);
});

test('TimelineFeatures: JSON round trip transforms identically; tampered tables are refused', () => {
  const ds = dated(300, 2);
  const tr = ds.take(Array.from({ length: 250 }, (_, i) => i));
  const te = ds.take(Array.from({ length: 50 }, (_, i) => 250 + i));
  const t = new TimelineFeatures().fit(tr);
  const json = JSON.parse(JSON.stringify(t.toJSON()));
  const back = estimatorFromJSON<TimelineFeatures>(json);
  assert.ok(back instanceof TimelineFeatures);
  assert.deepEqual(back.transform(te), t.transform(te));
  assert.deepEqual(back.toJSON(), json);
  const bad = (patch: Record<string, unknown>, what: RegExp): void =>
    assert.throws(
      () => TimelineFeatures.fromJSON({ ...json, ...patch }),
      (e: unknown) => {
        assert.ok(e instanceof ModelFormatError);
        assert.match(e.message, what);
        return true;
      },
    );
  bad({ version: 3 }, /version/);
  bad({ userOffsets: json.userOffsets.slice(1) }, /userOffsets must hold/);
  bad({ itemOffsets: json.itemOffsets.slice(1) }, /itemOffsets must hold/);
  bad({ userRows: json.userRows.slice(1) }, /userRows must hold/);
  bad({ itemDates: json.itemDates.slice(1) }, /itemDates must hold/);
  const off = json.userOffsets.slice();
  off[1] = off[2] + 1;
  bad({ userOffsets: off }, /userOffsets\[\d+\]/);
  const dates = json.itemDates.slice();
  dates[1] = dates[0] - 1000;
  bad({ itemDates: dates }, /itemDates\[1\] is not a finite date in ascending order/);
  const rows = json.userRows.slice();
  rows[0] = 'Infinity';
  bad({ userRows: rows }, /userRows\[0\] is infinite/);
  bad({ users: null }, /users is missing/);
});

test('TimelineFeatures: an infinite size or review_date is refused at fit, naming the row and the column', () => {
  // Before, the fit stored it, wrote Infinity into features, and saved a step its own fromJSON refused.
  const t = new TimelineFeatures().fit(train);
  const before = JSON.stringify(t.toJSON());
  for (const [column, value] of [
    ['size', Infinity],
    ['size', -Infinity],
    ['review_date', Infinity],
  ] as const) {
    const values = train.numbers(column).slice();
    values[2] = value;
    const bad = withColumn(train, column, { type: 'number', values });
    const message = `TimelineFeatures: row 2, column '${column}' is ${value}: values must be finite (NaN for a missing one)`;
    for (const fit of [() => t.fit(bad), () => t.fitTransform(bad)]) {
      assert.throws(fit, (e: unknown) => e instanceof InvalidArgumentError && e.message === message, message);
    }
  }
  // The failed fits left the earlier one as it was; a missing (NaN) size or date is still allowed.
  assert.equal(JSON.stringify(t.toJSON()), before);
  const json = JSON.parse(JSON.stringify(new TimelineFeatures().fit(train.take([0, 3, 4])).toJSON()));
  assert.deepEqual(TimelineFeatures.fromJSON(json).toJSON(), json);
});

test('TimelineFeatures: missing columns', () => {
  // Without review_date only the size columns are filled.
  const ds = syntheticRentals(120, { users: 20, items: 5, categories: 3, seed: 3 });
  const X = new TimelineFeatures().fitTransform(ds);
  for (let i = 0; i < X.n; i++) {
    assert.ok(Number.isNaN(get(X, i, 'cust_prior_n')) && Number.isNaN(get(X, i, 'item_days_since_first')));
  }
  assert.ok(Array.from({ length: X.n }, (_, i) => get(X, i, 'size_is_cust_mode')).some(Number.isFinite));
  assert.throws(() => new TimelineFeatures().transform(ds), NotFittedError);
  const noItem = datasetFromRecords([{ user_id: 'u', size: 1, review_date: 3 }], 'no-item');
  assert.throws(() => new TimelineFeatures().fit(noItem), /dataset 'no-item' has no column 'item_id'/);
  assert.throws(() => new TimelineFeatures().fit(noItem.take([])), InvalidArgumentError);
});

test('TimelineFeatures: size_is_cust_mode is NaN for a row whose size is missing, on both paths', () => {
  // Before, a missing size read as "not the customer's usual size" (0), which nobody knows.
  const rows = datasetFromRecords([
    { user_id: 'u', item_id: 'a', size: 8, review_date: 1 },
    { user_id: 'u', item_id: 'b', size: 8, review_date: 2 },
    { user_id: 'u', item_id: 'c', size: 10, review_date: 3 },
    { user_id: 'u', item_id: 'd', size: null, review_date: 4 },
  ]);
  const t = new TimelineFeatures();
  // Training rows: the others of u have sizes 8, 10 and none (row 0), 8, 10 and none (row 1), 8, 8 and none
  // (row 2), and 8, 8, 10 (row 3, itself unsized).
  const F = t.fitTransform(rows);
  assert.deepEqual(
    Array.from({ length: 4 }, (_, i) => get(F, i, 'size_is_cust_mode')),
    [1, 1, 0, NaN],
  );
  assert.equal(get(F, 3, 'cust_sizes_distinct'), 2);
  const q = datasetFromRecords([
    { user_id: 'u', item_id: 'a', size: null, review_date: 5 },
    { user_id: 'u', item_id: 'a', size: 12, review_date: 5 },
    { user_id: 'u', item_id: 'a', size: 8, review_date: 5 },
  ]);
  const X = t.transform(q);
  assert.deepEqual(
    Array.from({ length: 3 }, (_, i) => get(X, i, 'size_is_cust_mode')),
    [NaN, 0, 1],
  );
  assert.match(t.featureInfo().find((f) => f.name === 'size_is_cust_mode')!.description, /NaN .*for a missing size/);

  // A step saved in format 1 (before this change) keeps the 0 its model was trained with; format 2 round-trips NaN.
  const json = t.toJSON() as Record<string, unknown>;
  assert.equal(json.version, 2);
  const again = TimelineFeatures.fromJSON(JSON.parse(JSON.stringify(json))).transform(q);
  assert.deepEqual(
    Array.from({ length: 3 }, (_, i) => get(again, i, 'size_is_cust_mode')),
    [NaN, 0, 1],
  );
  const v1 = TimelineFeatures.fromJSON({ ...JSON.parse(JSON.stringify(json)), version: 1 });
  const old = v1.transform(q);
  assert.deepEqual(
    Array.from({ length: 3 }, (_, i) => get(old, i, 'size_is_cust_mode')),
    [0, 0, 1],
  );
  for (let i = 0; i < 3; i++) {
    for (const name of old.names.filter((nm) => nm !== 'size_is_cust_mode')) {
      assert.deepEqual(get(old, i, name), get(X, i, name), `${name} of row ${i}`);
    }
  }
  assert.equal((v1.toJSON() as Record<string, unknown>).version, 1, 'saved again as format 1');
  // a refit of a format-1 step computes as format 2
  assert.ok(Number.isNaN(get(v1.fit(rows).transform(q), 0, 'size_is_cust_mode')));
});
