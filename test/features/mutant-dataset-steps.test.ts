// Cases found by mutation testing of lib/features: same-day rows in timelines, rows without a size or a category in
// the recency features, and the ends of the body features' age range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BodyFeatures, CustomerRecencyFeatures, TimelineFeatures, estimatorFromJSON } from '../../lib/index.js';
import { datasetFromRecords, featureAt } from './make-dataset.js';

const close = (a: number, b: number, what: string, tol = 1e-12): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} != ${b}`);

test('TimelineFeatures: a row of the same day is neither before nor after', () => {
  const train = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', size: 8, review_date: 100 },
    { user_id: 'u1', item_id: 'b', size: 10, review_date: 200 },
    { user_id: 'u1', item_id: 'c', size: 12, review_date: 300 },
  ]);
  const X = new TimelineFeatures()
    .fit(train)
    .transform(datasetFromRecords([{ user_id: 'u1', item_id: 'd', size: 10, review_date: 200 }]));
  assert.equal(featureAt(X, 0, 'cust_prior_n'), 1);
  assert.equal(featureAt(X, 0, 'cust_later_n'), 1);
  assert.equal(featureAt(X, 0, 'cust_rank_frac'), 1.5 / 4);
});

test('CustomerRecencyFeatures: a row without a category has no same-category rows, nor does data without the column', () => {
  const train = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', size: 10, fit: 'fit', review_date: 100, category: 'dress' },
    { user_id: 'u1', item_id: 'b', size: 14, fit: 'fit', review_date: 110, category: null },
  ]);
  const t = new CustomerRecencyFeatures().fit(train);
  const X = t.transform(
    datasetFromRecords([
      { user_id: 'u1', item_id: 'x', size: 12, review_date: 120, category: 'coat' }, // unseen category
      { user_id: 'u1', item_id: 'x', size: 12, review_date: 120, category: null }, // missing category
      { user_id: 'u1', item_id: 'x', size: 12, review_date: 120, category: 'dress' },
    ]),
  );
  assert.ok(Number.isNaN(featureAt(X, 0, 'cat_true')), 'unseen category');
  assert.ok(Number.isNaN(featureAt(X, 1, 'cat_true')), 'missing category');
  assert.equal(featureAt(X, 2, 'cat_true'), 10);
  // Without a category column, at fit and at transform: cat_true is NaN, as the class documents.
  const plain = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', size: 10, fit: 'fit', review_date: 100 },
    { user_id: 'u1', item_id: 'b', size: 14, fit: 'fit', review_date: 110 },
  ]);
  const Y = new CustomerRecencyFeatures()
    .fit(plain)
    .transform(datasetFromRecords([{ user_id: 'u1', item_id: 'x', size: 12, review_date: 120 }]));
  assert.ok(Number.isNaN(featureAt(Y, 0, 'cat_true')));
  assert.ok(Number.isNaN(featureAt(Y, 0, 'size_minus_cat_true')));
});

test('CustomerRecencyFeatures: a labelled row without a size has no true size and is passed over', () => {
  const train = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', size: 10, fit: 'fit', review_date: 100, category: 'dress' },
    { user_id: 'u1', item_id: 'b', size: null, fit: 'small', review_date: 160, category: 'dress' },
  ]);
  const fresh = datasetFromRecords([{ user_id: 'u1', item_id: 'x', size: 12, review_date: 170, category: 'dress' }]);
  const t = new CustomerRecencyFeatures({ timeScaleDays: 60 }).fit(train);
  for (const [label, step] of [
    ['fitted', t],
    ['reloaded', estimatorFromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as CustomerRecencyFeatures],
  ] as const) {
    const X = step.transform(fresh);
    // The nearest row with a true size is day 100's (true size 10), 70 days away.
    close(featureAt(X, 0, 'recent_true'), 10, `${label} recent_true`);
    close(featureAt(X, 0, 'recent_gap_days'), 70, `${label} recent_gap_days`);
    close(featureAt(X, 0, 'recency_true'), 10, `${label} recency_true`);
    close(featureAt(X, 0, 'recency_weight'), Math.exp(-70 / 60), `${label} recency_weight`);
    close(featureAt(X, 0, 'cat_true'), 10, `${label} cat_true`);
  }
});

test('CustomerRecencyFeatures: of two rows equally near in date, the first in the training data is the nearest', () => {
  // Days 100 and 140 are both 20 days from day 120; whichever comes first in the file gives recent_true.
  const rows = [
    { user_id: 'u1', item_id: 'a', size: 10, fit: 'fit', review_date: 140 },
    { user_id: 'u1', item_id: 'b', size: 14, fit: 'large', review_date: 100 },
  ];
  const fresh = datasetFromRecords([{ user_id: 'u1', item_id: 'x', size: 12, review_date: 120 }]);
  const recent = (records: typeof rows): [number, number] => {
    const X = new CustomerRecencyFeatures({ feedbackShift: 1 }).fit(datasetFromRecords(records)).transform(fresh);
    return [featureAt(X, 0, 'recent_true'), featureAt(X, 0, 'recent_label')];
  };
  assert.deepEqual(recent(rows), [10, 0]);
  assert.deepEqual(recent([rows[1], rows[0]]), [13, -1]);
});

test('BodyFeatures: ages at the ends of ageRange are kept, ages beyond them are missing', () => {
  const ds = datasetFromRecords([10, 100, 9.5, 100.5, 50].map((age) => ({ age, height_cm: 170 })));
  const X = new BodyFeatures().fitTransform(ds);
  const ages = [0, 1, 2, 3, 4].map((i) => featureAt(X, i, 'age'));
  assert.deepEqual(ages, [10, 100, NaN, NaN, 50]);
  const Y = new BodyFeatures({ ageRange: [18, 60] }).fitTransform(ds);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => featureAt(Y, i, 'age')),
    [NaN, NaN, NaN, NaN, 50],
  );
});
