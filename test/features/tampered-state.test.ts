// Saved feature-step state that `fit` never writes (a reordered, repeated or misplaced entry) is refused by
// fromJSON with a ModelFormatError naming the field and index: before, it loaded and fed the next step each column
// under another column's name, or was caught later by a name check blaming another estimator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BodyFeatures,
  CategoricalFeatures,
  ModelFormatError,
  SimpleImputer,
  matrixFromRows,
  type EstimatorJSON,
} from '../../lib/index.js';
import { datasetFromRecords } from './make-dataset.js';

const people = datasetFromRecords([
  { height_cm: 160, weight_kg: 55, bust_band: 34, age: 30, category: 'dress' },
  { height_cm: 172, weight_kg: 70, bust_band: 36, age: 41, category: 'gown' },
  { height_cm: 181, weight_kg: null, bust_band: null, age: 25, category: 'dress' },
]);

/** A deep copy of `json` with `edit` applied. */
function edited(json: EstimatorJSON, edit: (j: Record<string, unknown>) => void): Record<string, unknown> {
  const j = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
  edit(j);
  return j;
}

/** Asserts that `load(json)` throws a ModelFormatError whose message matches `re`. */
function refused(load: () => unknown, re: RegExp): void {
  assert.throws(load, (e: unknown) => e instanceof ModelFormatError && re.test(e.message), String(re));
}

test('BodyFeatures.fromJSON: columns must be body columns in the canonical order, each once', () => {
  const json = new BodyFeatures().fit(people).toJSON();
  assert.deepEqual(json.columns, ['height_cm', 'weight_kg', 'bmi', 'bust_band', 'age']);
  assert.deepEqual(BodyFeatures.fromJSON(json).transform(people), new BodyFeatures().fit(people).transform(people));
  // A subsequence in order is what fit writes for a dataset with fewer body columns: loads.
  const fewer = edited(json, (j) => (j.columns = ['weight_kg', 'age']));
  assert.deepEqual(BodyFeatures.fromJSON(fewer).transform(people).names, ['weight_kg', 'age']);

  const swapped = edited(json, (j) => (j.columns = ['weight_kg', 'height_cm', 'bmi', 'bust_band', 'age']));
  refused(() => BodyFeatures.fromJSON(swapped), /body-features: columns\[1\] 'height_cm' comes after 'weight_kg'/);
  const twice = edited(json, (j) => (j.columns = ['height_cm', 'height_cm', 'bmi', 'bust_band', 'age']));
  refused(() => BodyFeatures.fromJSON(twice), /body-features: columns\[1\] 'height_cm' repeats/);
  const late = edited(json, (j) => (j.columns = ['height_cm', 'weight_kg', 'bmi', 'age', 'bust_band']));
  refused(() => BodyFeatures.fromJSON(late), /columns\[4\] 'bust_band' comes after 'age'/);
  refused(() => BodyFeatures.fromJSON(edited(json, (j) => (j.columns = ['hip']))), /columns must be among/);
});

test('SimpleImputer.fromJSON: indicatorColumns strictly increasing and in range, none without addIndicator', () => {
  const X = matrixFromRows(
    [
      [1, NaN, 3],
      [NaN, 5, NaN],
      [2, 6, 4],
    ],
    ['a', 'b', 'c'],
  );
  const fitted = new SimpleImputer({ addIndicator: true }).fit(X);
  const json = fitted.toJSON();
  assert.deepEqual(json.indicatorColumns, [0, 1, 2]);
  assert.deepEqual(SimpleImputer.fromJSON(json).transform(X), fitted.transform(X));

  const cases: [(j: Record<string, unknown>) => void, RegExp][] = [
    [
      (j) => (j.indicatorColumns = [0, 0, 1]),
      /indicatorColumns\[1\] is 0 after 0: the indices must be strictly increasing/,
    ],
    [(j) => (j.indicatorColumns = [1, 0, 2]), /indicatorColumns\[1\] is 0 after 1/],
    [(j) => (j.indicatorColumns = [0, 3]), /indicatorColumns must be column indices below 3/],
    [(j) => (j.addIndicator = false), /indicatorColumns must be empty when addIndicator is false/],
  ];
  for (const [edit, re] of cases) refused(() => SimpleImputer.fromJSON(edited(json, edit)), re);

  // What fit writes without indicators, and a subset of the columns in order: both load.
  const plain = new SimpleImputer().fit(X).toJSON();
  assert.deepEqual(plain.indicatorColumns, []);
  SimpleImputer.fromJSON(plain);
  SimpleImputer.fromJSON(edited(json, (j) => (j.indicatorColumns = [0, 2])));
});

test('SimpleImputer fits, saves and loads repeated column names (a matrix a user builds)', () => {
  // Before: fit and fromJSON refused them, so a dataset with a category literally named '__unknown__' (whose one-hot
  // column was then named like the unknown-level column) could not train. CategoricalFeatures now gives distinct
  // names (test/features/categorical-names.test.ts), but a matrix built by hand may still repeat a name.
  const X = matrixFromRows(
    [
      [1, NaN],
      [2, 3],
    ],
    ['a', 'a'],
  );
  const imputer = new SimpleImputer({ addIndicator: true }).fit(X);
  const back = SimpleImputer.fromJSON(JSON.parse(JSON.stringify(imputer.toJSON())));
  assert.deepEqual(Array.from(back.transform(X).data), Array.from(imputer.transform(X).data));
  assert.deepEqual(back.transform(X).names, ['a', 'a', 'a_missing']);
});

test("CategoricalFeatures.fromJSON: a category repeated in a column's levels is refused, naming it", () => {
  const fitted = new CategoricalFeatures({ columns: ['category'] }).fit(people);
  const json = fitted.toJSON();
  assert.deepEqual(json.levels, [{ column: 'category', categories: ['dress', 'gown'] }]);
  assert.deepEqual(CategoricalFeatures.fromJSON(json).transform(people), fitted.transform(people));
  const twice = edited(json, (j) => ((j.levels as { categories: string[] }[])[0].categories = ['dress', 'dress']));
  refused(
    () => CategoricalFeatures.fromJSON(twice),
    /categorical-features: levels\[0\]\.categories\[1\] 'dress' repeats/,
  );
});
