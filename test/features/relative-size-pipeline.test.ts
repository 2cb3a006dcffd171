import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FeaturePipeline,
  InvalidArgumentError,
  NotFittedError,
  RawColumnFeatures,
  estimatorFromJSON,
  gbdtFeaturePipeline,
  type FeatureMatrix,
} from '../../lib/index.js';
import { datasetFromRecords, syntheticRentals } from './make-dataset.js';

const get = (X: FeatureMatrix, i: number, name: string): number => X.data[i * X.p + X.names.indexOf(name)];

test('RawColumnFeatures: categories as codes of the sorted names seen at fit, numbers copied', () => {
  const train = datasetFromRecords([
    { category: 'gown', body_type: 'petite', review_date: 100 },
    { category: 'dress', body_type: null, review_date: 200 },
    { category: 'top', body_type: 'athletic', review_date: null },
  ]);
  const t = new RawColumnFeatures().fit(train);
  const X = t.transform(train);
  assert.deepEqual(X.names, ['category', 'body_type', 'review_date']);
  assert.deepEqual(Array.from(X.data), [1, 1, 100, 0, NaN, 200, 2, 0, NaN]);
  const fresh = datasetFromRecords([{ category: 'cape', body_type: 'athletic', review_date: 5 }]);
  assert.deepEqual(Array.from(t.transform(fresh).data), [NaN, 0, 5]);
  // Row order does not change the codes.
  assert.deepEqual(new RawColumnFeatures().fit(train.take([2, 1, 0])).transform(train), X);
  const back = estimatorFromJSON<RawColumnFeatures>(JSON.parse(JSON.stringify(t.toJSON())));
  assert.deepEqual(back.transform(fresh), t.transform(fresh));
  assert.equal(t.featureInfo()[0].description.includes('3 sorted categories'), true);
  assert.throws(() => new RawColumnFeatures().transform(train), NotFittedError);
  assert.throws(() => new RawColumnFeatures({ columns: [] }), InvalidArgumentError);
  assert.throws(() => new RawColumnFeatures({ columns: ['nope'] }).fit(train), InvalidArgumentError);
});

test('gbdtFeaturePipeline: the eight steps on shared folds, no one-hot block, JSON round trip', () => {
  const ds = syntheticRentals(300, { users: 40, items: 10, categories: 3, seed: 7 });
  const tr = ds.take(Array.from({ length: 240 }, (_, i) => i));
  const te = ds.take(Array.from({ length: 60 }, (_, i) => 240 + i));
  const pipe = gbdtFeaturePipeline({ seed: 2 });
  assert.deepEqual(
    pipe.steps.map((s) => s.kind),
    [
      'body-features',
      'customer-history-features',
      'article-features',
      'relative-size-features',
      'customer-recency-features',
      'timeline-features',
      'renter-size-features',
      'raw-column-features',
    ],
  );
  for (const s of pipe.steps.slice(1, 5)) {
    assert.equal((s as unknown as { nFolds: number }).nFolds, 10);
    assert.equal((s as unknown as { seed: number }).seed, 2);
  }
  const X = pipe.fitTransform(tr);
  assert.ok(!X.names.some((n) => n.includes('=')), 'no one-hot column');
  assert.ok(X.names.includes('size_vs_item_body') && X.names.includes('category') && X.names.includes('cust_n'));
  assert.ok(X.names.includes('size_minus_recency_true') && X.names.includes('cat_true'));
  assert.ok(X.names.includes('item_days_since_first') && X.names.includes('cust_rank_frac'));
  assert.ok(X.names.includes('renter_size_offset'));
  assert.equal(new Set(X.names).size, X.p, 'column names are unique');
  assert.deepEqual(
    pipe.featureInfo().map((f) => f.name),
    X.names,
  );
  // Codes, not one-hot: category is a single column of integers.
  assert.ok([0, 1, 2].includes(get(X, 0, 'category')));
  const back = FeaturePipeline.fromJSON(JSON.parse(JSON.stringify(pipe.toJSON())));
  assert.deepEqual(back.transform(te), pipe.transform(te));
  assert.equal(gbdtFeaturePipeline({ nFolds: 3 }).steps.length, 8);
  // Without the timeline and renter-size steps: the pipelines of models saved before them, 11 and 3 columns fewer.
  const old = gbdtFeaturePipeline({ seed: 2, timeline: false, renterSize: false });
  assert.ok(!old.steps.some((s) => s.kind === 'timeline-features' || s.kind === 'renter-size-features'));
  assert.equal(old.fitTransform(tr).p, X.p - 14);
  assert.equal(gbdtFeaturePipeline({ seed: 2, renterSize: false }).fitTransform(tr).p, X.p - 3);
  assert.throws(() => gbdtFeaturePipeline({ nFolds: 1 }), InvalidArgumentError);
});
