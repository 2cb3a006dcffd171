// transform refuses the infinite values that fit refuses (review 19, finding 2). Before, a new row with size Infinity
// gave 14 infinite feature columns in the GBDT pipeline, and a classifier turned them into ordinary-looking
// probabilities. NaN (a missing value) is still read as missing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArticleFeatures,
  CustomerHistoryFeatures,
  CustomerRecencyFeatures,
  InvalidArgumentError,
  RelativeSizeFeatures,
  RenterSizeFeatures,
  TimelineFeatures,
  gbdtFeaturePipeline,
  type ColumnarDataset,
  type FeatureMatrix,
} from '../../lib/index.js';
import { syntheticRentals, withColumn } from './make-dataset.js';

/** Synthetic rentals with a review_date column (days, whole numbers). */
function rentals(n: number, seed: number): ColumnarDataset {
  const ds = syntheticRentals(n, { users: 30, items: 10, categories: 4, seed });
  const date = Float64Array.from({ length: n }, (_, i) => 1000 + ((i * 37) % 400));
  return withColumn(ds, 'review_date', { type: 'number', values: date });
}

/** `ds` with numeric column `column` set to `value` in row `row`. */
function withValue(ds: ColumnarDataset, column: string, row: number, value: number): ColumnarDataset {
  const values = ds.numbers(column).slice();
  values[row] = value;
  return withColumn(ds, column, { type: 'number', values });
}

interface Step {
  fit(ds: ColumnarDataset): unknown;
  transform(ds: ColumnarDataset): FeatureMatrix;
}

const steps: { name: string; make: () => Step; columns: string[] }[] = [
  { name: 'CustomerHistoryFeatures', make: () => new CustomerHistoryFeatures(), columns: ['size'] },
  { name: 'ArticleFeatures', make: () => new ArticleFeatures(), columns: ['size'] },
  {
    name: 'RelativeSizeFeatures',
    make: () => new RelativeSizeFeatures(),
    columns: ['size', 'weight_kg', 'height_cm', 'bust_band'],
  },
  { name: 'CustomerRecencyFeatures', make: () => new CustomerRecencyFeatures(), columns: ['size', 'review_date'] },
  { name: 'TimelineFeatures', make: () => new TimelineFeatures(), columns: ['size', 'review_date'] },
  { name: 'RenterSizeFeatures', make: () => new RenterSizeFeatures(), columns: ['size'] },
];

const train = rentals(300, 2);
const fresh = rentals(20, 9);

for (const s of steps) {
  for (const column of s.columns) {
    test(`${s.name}: transform refuses an infinite '${column}' as fit does, naming the row and the column`, () => {
      const t = s.make();
      t.fit(train);
      for (const v of [Infinity, -Infinity]) {
        const bad = withValue(fresh, column, 3, v);
        const message = `${s.name}: row 3, column '${column}' is ${v}: values must be finite (NaN for a missing one)`;
        assert.throws(
          () => t.transform(bad),
          (e: unknown) => e instanceof InvalidArgumentError && e.message === message,
        );
        // fit refuses the same value with the same type of error.
        assert.throws(() => s.make().fit(withValue(train, column, 3, v)), InvalidArgumentError);
      }
    });

    test(`${s.name}: transform still reads a missing (NaN) '${column}' as missing`, () => {
      const t = s.make();
      t.fit(train);
      const X = t.transform(withValue(fresh, column, 3, NaN));
      assert.ok(X.data.every((v) => Number.isNaN(v) || Number.isFinite(v)));
      // The other rows read the same features as without the missing value.
      const base = t.transform(fresh);
      for (let i = 0; i < X.n; i++) {
        if (i === 3) continue;
        assert.deepEqual(X.data.subarray(i * X.p, (i + 1) * X.p), base.data.subarray(i * X.p, (i + 1) * X.p));
      }
    });
  }
}

test('gbdtFeaturePipeline: transform refuses a new row with an infinite size or date instead of infinite features', () => {
  const p = gbdtFeaturePipeline({ nFolds: 3 });
  p.fit(train);
  for (const column of ['size', 'review_date']) {
    assert.throws(
      () => p.transform(withValue(fresh, column, 0, Infinity)),
      (e: unknown) => e instanceof InvalidArgumentError && e.message.includes(`row 0, column '${column}' is Infinity`),
    );
  }
  const X = p.transform(withValue(fresh, 'size', 0, NaN));
  assert.ok(X.data.every((v) => Number.isNaN(v) || Number.isFinite(v)));
});
