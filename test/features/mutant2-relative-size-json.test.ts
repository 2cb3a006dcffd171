// Case found by the second round of mutation testing of lib/features: the saved (article, size) pair index of
// RelativeSizeFeatures must hold as many first values as second values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelFormatError, RelativeSizeFeatures } from '../../lib/index.js';
import { datasetFromRecords } from './make-dataset.js';

const body = { weight_kg: 60, height_cm: 170, bust_band: 34, category: 'dress' };
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'iA', fit: 'fit', size: 24, ...body },
  { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 26, ...body, weight_kg: 70 },
  { user_id: 'u3', item_id: 'iB', fit: 'small', size: 28, ...body, height_cm: 180 },
  { user_id: 'u1', item_id: 'iB', fit: 'large', size: 26, ...body, bust_band: 36 },
  { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 28, ...body, weight_kg: 65, height_cm: 175 },
]);

test('RelativeSizeFeatures.fromJSON: a pair index whose first and second lists differ in length is refused', () => {
  const json = JSON.parse(JSON.stringify(new RelativeSizeFeatures().fit(train).toJSON())) as {
    itemSizes: { first: number[]; second: number[] };
  };
  // (iA, 24), (iA, 26), (iB, 28), (iB, 26), (iA, 28): five pairs.
  assert.equal(json.itemSizes.first.length, 5);
  assert.equal(json.itemSizes.second.length, 5);
  // The totals still match the five pairs of `first`; only `second` is short.
  json.itemSizes.second.pop();
  assert.throws(
    () => RelativeSizeFeatures.fromJSON(json),
    (e: unknown) => e instanceof ModelFormatError && /itemSizes/.test(e.message) && /length/.test(e.message),
  );
});
