// The matrix classifiers read columns by name as the matrix transformers do (review finding 1): a matrix
// whose named columns are in another order than at fit is refused, naming the model, the column and both
// names; matrices with the default names x0.. are read by position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GbdtBag,
  GradientBoostedTrees,
  InvalidArgumentError,
  LogisticRegression,
  Rng,
  estimatorFromJSON,
  featureMatrix,
  type FeatureMatrix,
} from '../../lib/index.js';

const NAMES = ['height_cm', 'weight_kg', 'age'];

/** Seeded 3-class data on 3 named features; the class depends on height and weight only. */
function data(n: number, seed: number): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const d = new Float64Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    d[i * 3] = rng.normal(165, 7);
    d[i * 3 + 1] = rng.normal(65, 10);
    d[i * 3 + 2] = rng.normal(40, 12);
    const s = (d[i * 3] - 165) / 7 - (d[i * 3 + 1] - 65) / 10 + rng.normal(0, 0.5);
    y[i] = s < -0.5 ? 0 : s > 0.5 ? 2 : 1;
  }
  return { X: featureMatrix(d, n, 3, NAMES.slice()), y };
}

/** X with columns 0 and 1 swapped, their names swapped with them. */
function swapped(X: FeatureMatrix): FeatureMatrix {
  const d = Float64Array.from(X.data);
  for (let i = 0; i < X.n; i++) [d[i * 3], d[i * 3 + 1]] = [X.data[i * 3 + 1], X.data[i * 3]];
  return featureMatrix(d, X.n, 3, [X.names[1], X.names[0], X.names[2]]);
}

const train = data(600, 1);
const rows = data(50, 2).X;
const unnamed = featureMatrix(Float64Array.from(rows.data), rows.n, 3);
const gbdt = { numRounds: 10, minDataInLeaf: 5 };

const models: { who: string; fit: () => { predictProba(X: FeatureMatrix): Float64Array; toJSON(): unknown } }[] = [
  { who: 'LogisticRegression', fit: () => new LogisticRegression().fit(train.X, train.y) },
  { who: 'GradientBoostedTrees', fit: () => new GradientBoostedTrees(gbdt).fit(train.X, train.y) },
  { who: 'GbdtBag', fit: () => new GbdtBag({ seeds: [1, 2], gbdt, workers: 0 }).fit(train.X, train.y) as GbdtBag },
];

for (const { who, fit } of models) {
  test(`${who}: named columns in another order throw, fitted or loaded; default names are read by position`, () => {
    const m = fit();
    const P = m.predictProba(rows);
    const message = new RegExp(`^${who}: column 0 is 'weight_kg'; it was fitted on 'height_cm'$`);
    const loaded = estimatorFromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as unknown as typeof m;
    for (const model of [m, loaded]) {
      assert.throws(
        () => model.predictProba(swapped(rows)),
        (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message),
      );
      assert.deepEqual(model.predictProba(rows), P);
      // An unnamed matrix (x0, x1, x2) carries no claim about its columns: read by position.
      assert.deepEqual(model.predictProba(unnamed), P);
    }
    // Another name at the last column only is refused too, naming that column.
    const renamed = featureMatrix(Float64Array.from(rows.data), rows.n, 3, ['height_cm', 'weight_kg', 'age_years']);
    assert.throws(() => m.predictProba(renamed), new RegExp(`${who}: column 2 is 'age_years'; it was fitted on 'age'`));
  });
}

test('a classifier fitted on unnamed columns reads any named matrix by position', () => {
  const X = featureMatrix(Float64Array.from(train.X.data), train.X.n, 3);
  for (const m of [
    new LogisticRegression().fit(X, train.y),
    new GradientBoostedTrees(gbdt).fit(X, train.y),
    new GbdtBag({ seeds: [1], gbdt, workers: 0 }).fit(X, train.y) as GbdtBag,
  ]) {
    const s = swapped(rows);
    assert.deepEqual(m.predictProba(s), m.predictProba(featureMatrix(Float64Array.from(s.data), s.n, 3)));
  }
});

test('GradientBoostedTrees: a validation X with named columns in another order is refused at fit', () => {
  const val = data(100, 3);
  assert.throws(
    () => new GradientBoostedTrees(gbdt).fit(train.X, train.y, { validation: { X: swapped(val.X), y: val.y } }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === "GradientBoostedTrees: validation X: column 0 is 'weight_kg'; X has 'height_cm'",
  );
  // The same rows with the training names are used.
  const m = new GradientBoostedTrees(gbdt).fit(train.X, train.y, { validation: val });
  assert.equal(m.evalHistory.length, 10);
});

test('GradientBoostedTrees: names that are not one string per feature are refused', () => {
  const X = { data: train.X.data, n: train.X.n, p: 3, names: ['a', 'b'] };
  assert.throws(() => new GradientBoostedTrees(gbdt).fit(X, train.y), /X names must be 3 strings/);
});
