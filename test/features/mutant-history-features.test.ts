// Cases found by mutation testing of lib/features: the history features' priors per class, and leave-one-out sums
// of a row without a size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArticleFeatures, CustomerHistoryFeatures } from '../../lib/index.js';
import { datasetFromRecords, featureAt } from './make-dataset.js';

const close = (a: number, b: number, what: string, tol = 1e-12): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} != ${b}`);

test('ArticleFeatures: an article’s small rate is smoothed towards its category’s small rate, the large rate towards the large one', () => {
  // Dresses (article a): small, small, fit. Tops (article b): large, fit. Global: 5 labelled, 2 small, 1 large.
  const train = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', category: 'dress', size: 10, fit: 'small' },
    { user_id: 'u2', item_id: 'a', category: 'dress', size: 10, fit: 'small' },
    { user_id: 'u3', item_id: 'a', category: 'dress', size: 10, fit: 'fit' },
    { user_id: 'u4', item_id: 'b', category: 'top', size: 10, fit: 'large' },
    { user_id: 'u5', item_id: 'b', category: 'top', size: 10, fit: 'fit' },
  ]);
  const fresh = datasetFromRecords([
    { user_id: 'u9', item_id: 'a', category: 'dress', size: 10 },
    { user_id: 'u9', item_id: 'z', category: 'dress', size: 10 },
  ]);
  const m = 1;
  const X = new ArticleFeatures({ priorStrength: m }).fit(train).transform(fresh);
  const [gS, gL] = [2 / 5, 1 / 5];
  const catS = (2 + m * gS) / (3 + m); // 0.6
  const catL = (0 + m * gL) / (3 + m); // 0.05
  const itS = (2 + m * catS) / (3 + m); // 0.65
  const itL = (0 + m * catL) / (3 + m); // 0.0125
  close(featureAt(X, 0, 'cat_rate_small'), catS, 'cat_rate_small');
  close(featureAt(X, 0, 'cat_rate_large'), catL, 'cat_rate_large');
  close(featureAt(X, 0, 'item_rate_small'), itS, 'item_rate_small');
  close(featureAt(X, 0, 'item_rate_large'), itL, 'item_rate_large');
  close(featureAt(X, 0, 'itemsize_rate_small'), (2 + m * itS) / (3 + m), 'itemsize_rate_small');
  close(featureAt(X, 0, 'itemsize_rate_large'), (0 + m * itL) / (3 + m), 'itemsize_rate_large');
  // An unseen article of a known category has its category's rates.
  close(featureAt(X, 1, 'item_rate_small'), catS, 'unseen item_rate_small');
  close(featureAt(X, 1, 'item_rate_large'), catL, 'unseen item_rate_large');
});

test('CustomerHistoryFeatures (loo): a row without a size leaves out no size of its customer', () => {
  // Customer u1: sizes missing, 10 and 12. With sizePriorStrength 0 the usual size is the plain mean of the other
  // sized rows: 11 with spread 1 for the row without a size; 12 (spread 0) for the row of size 10.
  const ds = datasetFromRecords([
    { user_id: 'u1', item_id: 'a', size: null, fit: 'fit' },
    { user_id: 'u1', item_id: 'b', size: 10, fit: 'fit' },
    { user_id: 'u1', item_id: 'c', size: 12, fit: 'small' },
    { user_id: 'u2', item_id: 'a', size: 4, fit: 'large' },
  ]);
  const X = new CustomerHistoryFeatures({ crossFit: 'loo', sizePriorStrength: 0 }).fitTransform(ds);
  assert.equal(featureAt(X, 0, 'cust_n'), 2);
  close(featureAt(X, 0, 'cust_size_mean'), 11, 'row 0 cust_size_mean');
  close(featureAt(X, 0, 'cust_size_sd'), 1, 'row 0 cust_size_sd');
  assert.ok(Number.isNaN(featureAt(X, 0, 'cust_size_diff')), 'row 0 has no size, so no size difference');
  close(featureAt(X, 1, 'cust_size_mean'), 12, 'row 1 cust_size_mean');
  close(featureAt(X, 1, 'cust_size_sd'), 0, 'row 1 cust_size_sd');
  close(featureAt(X, 1, 'cust_size_diff'), -2, 'row 1 cust_size_diff');
});
