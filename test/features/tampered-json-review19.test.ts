// Saved states that no fit writes and that loaded silently (review 19, finding 3): the (article, size) and
// (customer, article) pair tables of RelativeSizeFeatures with a non-finite or missing size, a repeated pair or a group
// id beyond the customer or article index; RawColumnFeatures categories out of order or repeated, which changed every
// code of the column or kept one category unreachable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelFormatError, RawColumnFeatures, RelativeSizeFeatures } from '../../lib/index.js';
import { datasetFromRecords } from './make-dataset.js';

const body = { weight_kg: 60, height_cm: 170, bust_band: 34, category: 'dress' };
const train = datasetFromRecords([
  { user_id: 'u1', item_id: 'iA', fit: 'fit', size: 24, ...body },
  { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 26, ...body, weight_kg: 70 },
  { user_id: 'u3', item_id: 'iB', fit: 'small', size: 28, ...body, height_cm: 180 },
  { user_id: 'u1', item_id: 'iB', fit: 'large', size: 26, ...body, bust_band: 36 },
  { user_id: 'u2', item_id: 'iA', fit: 'fit', size: 28, ...body, weight_kg: 65, height_cm: 175 },
]);

type Pairs = { first: (number | string | null)[]; second: (number | string | null)[] };
type RelJson = { itemSizes: Pairs; userItems: Pairs };

/** The state of a fitted step as a saved file holds it. */
function savedState<T>(step: { toJSON(): unknown }): T {
  return JSON.parse(JSON.stringify(step.toJSON())) as T;
}

/** `fromJSON(json)` throws a ModelFormatError with exactly `message`. */
function refusedBy(fromJSON: (json: unknown) => unknown, json: unknown, message: string): void {
  assert.throws(
    () => fromJSON(json),
    (e: unknown) => e instanceof ModelFormatError && e.message === message,
  );
}

const saved = (): RelJson => savedState(new RelativeSizeFeatures().fit(train));
const refused = (json: unknown, message: string): void => refusedBy(RelativeSizeFeatures.fromJSON, json, message);

test('RelativeSizeFeatures.fromJSON: the saved state as written loads and transforms as the fitted step', () => {
  const t = new RelativeSizeFeatures().fit(train);
  const u = RelativeSizeFeatures.fromJSON(saved());
  assert.deepEqual(u.transform(train).data, t.transform(train).data);
});

test('RelativeSizeFeatures.fromJSON: an (article, size) pair whose size is not finite is refused, naming it', () => {
  for (const [v, shown] of [
    ['Infinity', 'Infinity'],
    ['-Infinity', '-Infinity'],
    [null, 'NaN'],
  ] as const) {
    const j = saved();
    j.itemSizes.second[2] = v;
    refused(j, `relative-size-features.itemSizes.second[2] is ${shown}: not a finite number`);
  }
});

test('RelativeSizeFeatures.fromJSON: a repeated pair is refused, naming both', () => {
  const j = saved();
  // (iA, 24), (iA, 26), (iB, 28), (iB, 26), (iA, 28): make pair 4 repeat pair 1.
  j.itemSizes.second[4] = j.itemSizes.second[1];
  refused(j, 'relative-size-features.itemSizes: pair 4 (0, 26) repeats pair 1');
  const k = saved();
  k.userItems.first[1] = k.userItems.first[0];
  k.userItems.second[1] = k.userItems.second[0];
  refused(k, 'relative-size-features.userItems: pair 1 (0, 0) repeats pair 0');
});

test('RelativeSizeFeatures.fromJSON: a group id beyond the customer or article index is refused', () => {
  const a = saved();
  a.itemSizes.first[0] = 2; // two articles: ids 0 and 1
  refused(a, 'relative-size-features.itemSizes.first[0] is 2: not a group id (an integer from 0 to 1)');
  const b = saved();
  b.userItems.first[0] = 3; // three customers
  refused(b, 'relative-size-features.userItems.first[0] is 3: not a group id (an integer from 0 to 2)');
  const c = saved();
  c.userItems.second[0] = 2; // the second value of a (customer, article) pair is an article id
  refused(c, 'relative-size-features.userItems.second[0] is 2: not a group id (an integer from 0 to 1)');
  const d = saved();
  d.userItems.second[0] = 0.5;
  refused(d, 'relative-size-features.userItems.second[0] is 0.5: not a group id (an integer from 0 to 1)');
});

const cats = datasetFromRecords([
  { category: 'gown', review_date: 1 },
  { category: 'dress', review_date: 2 },
  { category: 'top', review_date: 3 },
]);

type RawJson = { columns: { column: string; type: string; categories?: string[] }[] };

const savedRaw = (): RawJson => savedState(new RawColumnFeatures().fit(cats));
const refusedRaw = (json: unknown, message: string): void => refusedBy(RawColumnFeatures.fromJSON, json, message);

test('RawColumnFeatures.fromJSON: categories as fit writes them (ascending, distinct) load', () => {
  const j = savedRaw();
  assert.deepEqual(j.columns[0].categories, ['dress', 'gown', 'top']);
  const t = RawColumnFeatures.fromJSON(j);
  assert.deepEqual(Array.from(t.transform(cats).data), [1, 1, 0, 2, 2, 3]);
});

test('RawColumnFeatures.fromJSON: categories out of order or repeated are refused, naming the column and the entry', () => {
  const reversed = savedRaw();
  reversed.columns[0].categories!.reverse();
  refusedRaw(
    reversed,
    `raw-column-features: column 'category': categories[1] "gown" does not come after categories[0] "top": ` +
      'categories must be distinct and in ascending order',
  );
  const repeated = savedRaw();
  repeated.columns[0].categories![2] = 'gown';
  refusedRaw(
    repeated,
    `raw-column-features: column 'category': categories[2] "gown" does not come after categories[1] "gown": ` +
      'categories must be distinct and in ascending order',
  );
});

// Moved here from the second round of mutation testing of lib/features (its own file repeated the training rows above).
test('RelativeSizeFeatures.fromJSON: a pair index whose first and second lists differ in length is refused', () => {
  const json = saved();
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
