import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ColumnarDataset,
  CustomerRecencyFeatures,
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
  Rng,
  crossFitFolds,
  estimatorFromJSON,
} from '../../lib/index.js';
import { datasetFromRecords, featureAt, matrixRow, syntheticRentals, withColumn, withLabels } from './make-dataset.js';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);
const get = featureAt;
const row = matrixRow;

// Customer u1: three labelled rows with true sizes 10 (day 100), 10 (day 160) and 12 (day 400), one unlabelled.
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'a', size: 8, fit: 'small', review_date: 100, category: 'dress' }, // true 10
  { user_id: 'u1', item_id: 'b', size: 10, fit: 'fit', review_date: 160, category: 'top' }, // true 10
  { user_id: 'u1', item_id: 'c', size: 14, fit: 'large', review_date: 400, category: 'dress' }, // true 12
  { user_id: 'u1', item_id: 'd', size: 20, fit: null, review_date: 150, category: 'dress' }, // unlabelled: ignored
  { user_id: 'u2', item_id: 'a', size: 4, fit: 'fit', review_date: null, category: 'dress' }, // no date
]);
const fresh = datasetFromRecords([
  { user_id: 'u1', item_id: 'x', size: 12, review_date: 170, category: 'dress' },
  { user_id: 'u2', item_id: 'x', size: 6, review_date: 170, category: 'dress' },
  { user_id: 'u9', item_id: 'x', size: 6, review_date: 170, category: 'dress' },
]);

test('CustomerRecencyFeatures: nearest row, time-weighted and category true sizes, hand-computed', () => {
  const t = new CustomerRecencyFeatures({ timeScaleDays: 50, feedbackShift: 2 }).fit(train);
  const X = t.transform(fresh);
  // u1's nearest row to day 170 is day 160 (true 10, fit).
  close(get(X, 0, 'recent_true'), 10);
  close(get(X, 0, 'recent_gap_days'), 10);
  close(get(X, 0, 'size_minus_recent_true'), 2);
  close(get(X, 0, 'recent_label'), 0);
  const w = [Math.exp(-70 / 50), Math.exp(-10 / 50), Math.exp(-230 / 50)];
  const tw = (10 * w[0] + 10 * w[1] + 12 * w[2]) / (w[0] + w[1] + w[2]);
  close(get(X, 0, 'recency_true'), tw);
  close(get(X, 0, 'size_minus_recency_true'), 12 - tw);
  close(get(X, 0, 'recency_weight'), w[0] + w[1] + w[2]);
  // Dresses of u1: true 10 and 12.
  close(get(X, 0, 'cat_true'), 11);
  close(get(X, 0, 'size_minus_cat_true'), 1);
  // u2 has one undated dress: no time features, but a category true size.
  assert.ok(Number.isNaN(get(X, 1, 'recent_true')));
  assert.equal(get(X, 1, 'recency_weight'), 0);
  close(get(X, 1, 'cat_true'), 4);
  // Unseen customer: NaN and weight 0, never a crash.
  assert.ok(row(X, 2).every((v, j) => (X.names[j] === 'recency_weight' ? v === 0 : Number.isNaN(v))));
  assert.deepEqual(
    t.featureInfo().map((f) => f.name),
    X.names,
  );
});

test('CustomerRecencyFeatures: a "small" row counts as a larger true size than a "large" row', () => {
  const mk = (fit: string): ColumnarDataset =>
    datasetFromRecords([{ user_id: 'u', item_id: 'a', size: 10, fit, review_date: 1, category: 'dress' }]);
  const q = datasetFromRecords([{ user_id: 'u', item_id: 'b', size: 10, review_date: 2, category: 'dress' }]);
  const at = (fit: string): number =>
    get(new CustomerRecencyFeatures({ feedbackShift: 3 }).fit(mk(fit)).transform(q), 0, 'recent_true');
  assert.equal(at('small'), 13);
  assert.equal(at('fit'), 10);
  assert.equal(at('large'), 7);
});

/** Synthetic rentals with review dates (days) and the given labels. */
function dated(n: number, seed: number): ColumnarDataset {
  const ds = syntheticRentals(n, { users: Math.floor(n / 6), items: 10, categories: 3, seed });
  const rng = new Rng(seed + 100);
  return withColumn(ds, 'review_date', {
    type: 'number',
    values: Float64Array.from({ length: n }, () => 15000 + rng.int(1000)),
  });
}

test('CustomerRecencyFeatures: a training row’s own label never reaches its own features', () => {
  const ds = dated(300, 4);
  const t = (): CustomerRecencyFeatures => new CustomerRecencyFeatures({ nFolds: 4, seed: 3 });
  const base = t().fitTransform(ds);
  const codes = ds.categories('fit').codes;
  for (let i = 0; i < ds.length; i += 17) {
    const changed = codes.slice();
    changed[i] = (codes[i] + 1) % 3;
    const Z = t().fitTransform(withLabels(ds, changed));
    assert.deepEqual(row(Z, i), row(base, i), `row ${i}`);
    if (i === 0) assert.notDeepEqual(Z.data, base.data);
  }
});

test('CustomerRecencyFeatures: shuffling the labels of new rows changes nothing', () => {
  const ds = dated(300, 6);
  const tr = ds.take(Array.from({ length: 240 }, (_, i) => i));
  const te = ds.take(Array.from({ length: 60 }, (_, i) => 240 + i));
  const t = new CustomerRecencyFeatures({ seed: 1 }).fit(tr);
  const shuffled = withLabels(te, new Rng(5).shuffle(te.categories('fit').codes.slice()));
  assert.deepEqual(t.transform(shuffled), t.transform(te));
});

test('CustomerRecencyFeatures: cross-fitted features equal a fit on the other folds', () => {
  const ds = dated(400, 8);
  const K = 4;
  const Z = new CustomerRecencyFeatures({ nFolds: K, seed: 9 }).fitTransform(ds);
  const fold = crossFitFolds(ds.length, K, 9);
  let compared = 0;
  for (let f = 0; f < K; f++) {
    const inFold: number[] = [];
    const rest: number[] = [];
    for (let i = 0; i < ds.length; i++) (fold[i] === f ? inFold : rest).push(i);
    const X = new CustomerRecencyFeatures().fit(ds.take(rest)).transform(ds.take(inFold));
    inFold.forEach((i, r) => {
      for (let j = 0; j < X.p; j++) {
        const a = Z.data[i * Z.p + j];
        const b = X.data[r * X.p + j];
        if (Number.isNaN(b)) assert.ok(Number.isNaN(a), `${X.names[j]} row ${i}`);
        else {
          close(a, b, 1e-9);
          compared++;
        }
      }
    });
  }
  assert.ok(compared > 1500, `only ${compared} values compared`);
});

test('CustomerRecencyFeatures: JSON round trip transforms identically; tampered tables are refused', () => {
  const ds = dated(300, 2);
  const tr = ds.take(Array.from({ length: 250 }, (_, i) => i));
  const te = ds.take(Array.from({ length: 50 }, (_, i) => 250 + i));
  const t = new CustomerRecencyFeatures({ nFolds: 3, seed: 4, timeScaleDays: 30 }).fit(tr);
  const json = JSON.parse(JSON.stringify(t.toJSON()));
  const back = estimatorFromJSON<CustomerRecencyFeatures>(json);
  assert.ok(back instanceof CustomerRecencyFeatures);
  assert.equal(back.timeScaleDays, 30);
  assert.deepEqual(back.transform(te), t.transform(te));
  assert.deepEqual(back.toJSON(), json);
  const bad = (patch: Record<string, unknown>, what: RegExp): void =>
    assert.throws(
      () => CustomerRecencyFeatures.fromJSON({ ...json, ...patch }),
      (e: unknown) => {
        assert.ok(e instanceof ModelFormatError);
        assert.match(e.message, what);
        return true;
      },
    );
  bad({ version: 2 }, /version/);
  bad({ offsets: json.offsets.slice(1) }, /offsets must hold/);
  bad({ rows: json.rows.slice(1) }, /rows must hold/);
  const labels = json.rows.slice();
  labels[2] = 7;
  bad({ rows: labels }, /row 0 has a bad true size or label/);
  const cats = json.rows.slice();
  cats[3] = 99;
  bad({ rows: cats }, /category code 99/);
  const off = json.offsets.slice();
  off[1] = off[2] + 1;
  bad({ offsets: off }, /offsets\[\d+\]/);
  bad({ categories: [1] }, /categories/);
});

test('CustomerRecencyFeatures: an infinite size or review_date is refused at fit, naming the row and the column', () => {
  // Before, the fit stored it, wrote Infinity into features, and saved a step its own fromJSON refused.
  const t = new CustomerRecencyFeatures({ nFolds: 2 }).fit(train);
  const before = JSON.stringify(t.toJSON());
  for (const [column, value] of [
    ['size', Infinity],
    ['size', -Infinity],
    ['review_date', -Infinity],
  ] as const) {
    const values = train.numbers(column).slice();
    values[1] = value;
    const bad = withColumn(train, column, { type: 'number', values });
    const message = `CustomerRecencyFeatures: row 1, column '${column}' is ${value}: values must be finite (NaN for a missing one)`;
    for (const fit of [() => t.fit(bad), () => t.fitTransform(bad)]) {
      assert.throws(fit, (e: unknown) => e instanceof InvalidArgumentError && e.message === message, message);
    }
  }
  // The failed fits left the earlier one as it was; a missing (NaN) date is still allowed (row 4 has none).
  assert.equal(JSON.stringify(t.toJSON()), before);
  const json = JSON.parse(before);
  assert.deepEqual(CustomerRecencyFeatures.fromJSON(json).toJSON(), json);
  // A saved infinite date is refused on load too.
  const rows = json.rows.slice();
  rows[0] = 'Infinity';
  assert.throws(
    () => CustomerRecencyFeatures.fromJSON({ ...json, rows }),
    (e: unknown) =>
      e instanceof ModelFormatError && e.message === 'customer-recency-features: row 0 has an infinite date',
  );
});

test('CustomerRecencyFeatures: missing columns and options', () => {
  // Without review_date and category the time and category features are NaN; the step still works.
  const ds = syntheticRentals(120, { users: 20, items: 5, categories: 3, seed: 3 });
  const bare = ds.take(Array.from({ length: ds.length }, (_, i) => i));
  const X = new CustomerRecencyFeatures().fit(bare).transform(bare);
  assert.equal(X.n, 120);
  assert.ok(Array.from({ length: X.n }, (_, i) => get(X, i, 'recent_true')).every(Number.isNaN));
  assert.ok(Array.from({ length: X.n }, (_, i) => get(X, i, 'cat_true')).some(Number.isFinite));
  assert.throws(() => new CustomerRecencyFeatures().transform(bare), NotFittedError);
  assert.throws(() => new CustomerRecencyFeatures({ nFolds: 1 }), InvalidArgumentError);
  assert.throws(() => new CustomerRecencyFeatures({ timeScaleDays: 0 }), /timeScaleDays/);
  assert.throws(() => new CustomerRecencyFeatures({ feedbackShift: NaN }), /feedbackShift/);
  const noUser = datasetFromRecords([{ item_id: 'a', size: 1, fit: 'fit' }], 'no-user');
  assert.throws(() => new CustomerRecencyFeatures().fit(noUser), /dataset 'no-user' has no column 'user_id'/);
});
