// A training row with no article (no item_id) whose customer has other sized rows: fitTransform subtracted the row's own
// size offset from the empty article sums it never entered, which gave renter_offset_n = -1, a nonzero
// renter_size_offset and a size_vs_renter_offset off by that amount (review 19, finding 1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RenterSizeFeatures } from '../../lib/index.js';
import { datasetFromRecords, featureAt, matrixRow } from './make-dataset.js';

const rows = [
  { user_id: 'a', item_id: 'x', size: 8, fit: 'fit' },
  { user_id: 'a', item_id: null, size: 12, fit: 'fit' },
  { user_id: 'b', item_id: 'x', size: 4, fit: 'fit' },
  { user_id: 'b', item_id: 'y', size: 6, fit: 'small' },
  { user_id: 'c', item_id: 'y', size: 10, fit: 'large' },
  { user_id: 'c', item_id: 'x', size: 10, fit: 'fit' },
];

test('RenterSizeFeatures: a training row without an article reads the prior offset 0 with count 0 in fitTransform', () => {
  const X = new RenterSizeFeatures().fitTransform(datasetFromRecords(rows));
  assert.equal(featureAt(X, 1, 'renter_size_offset'), 0);
  assert.equal(featureAt(X, 1, 'renter_offset_n'), 0);
  // 12 - the customer's other size 8 - the prior offset 0.
  assert.equal(featureAt(X, 1, 'size_vs_renter_offset'), 4);
});

test('RenterSizeFeatures: fitTransform of a row without an article equals transform by a fit on the other rows', () => {
  for (const offsetStrength of [0, 1, 5]) {
    const X = new RenterSizeFeatures({ offsetStrength }).fitTransform(datasetFromRecords(rows));
    const others = rows.filter((_, i) => i !== 1);
    const T = new RenterSizeFeatures({ offsetStrength })
      .fit(datasetFromRecords(others))
      .transform(datasetFromRecords([rows[1]]));
    assert.deepEqual(matrixRow(X, 1), matrixRow(T, 0), `offsetStrength ${offsetStrength}`);
  }
});

test('RenterSizeFeatures: rows with an article still leave their own offset out of its sums', () => {
  // The rows that have an article still leave their own offset out: x's offsets are -4 (a), -2 (b), 0 (c).
  const X = new RenterSizeFeatures({ offsetStrength: 1 }).fitTransform(datasetFromRecords(rows));
  assert.equal(featureAt(X, 0, 'renter_offset_n'), 2);
  assert.equal(featureAt(X, 0, 'renter_size_offset'), -2 / 3);
});
