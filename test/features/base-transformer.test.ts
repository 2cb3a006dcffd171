// BaseMatrixTransformer.transform matches X's columns to the fitted ones by name, for every matrix transformer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  PCA,
  SimpleImputer,
  StandardScaler,
  featureMatrix,
  matrixFromRows,
  registeredEstimators,
  type FeatureMatrix,
} from '../../lib/index.js';
import { conformanceCases, type MatrixCase } from '../conformance/cases.js';

const train = matrixFromRows(
  [
    [150, 50],
    [170, 70],
    [190, 90],
  ],
  ['height_cm', 'weight_kg'],
);

/** The same values as X with other column names. */
const renamed = (X: FeatureMatrix, names: string[]): FeatureMatrix => featureMatrix(X.data.slice(), X.n, X.p, names);

/** Checks for the InvalidArgumentError with exactly `message`. */
const nameError =
  (message: string) =>
  (e: unknown): boolean =>
    e instanceof InvalidArgumentError && e.message === message;

/** X with its columns in reverse order, each keeping its name. */
function reversed(X: FeatureMatrix): FeatureMatrix {
  const rows = Array.from({ length: X.n }, (_, i) => Array.from(X.data.subarray(i * X.p, (i + 1) * X.p)).reverse());
  return matrixFromRows(rows, X.names.slice().reverse());
}

test('transform refuses reordered columns, naming the transformer, the first mismatching column and both names', () => {
  const s = new StandardScaler().fit(train);
  // weight 70 and height 170 are both training means: under the right names they map to 0, 0.
  assert.deepEqual(Array.from(s.transform(matrixFromRows([[170, 70]], ['height_cm', 'weight_kg'])).data), [0, 0]);
  assert.throws(
    () => s.transform(matrixFromRows([[70, 170]], ['weight_kg', 'height_cm'])),
    nameError("StandardScaler: column 0 is 'weight_kg'; it was fitted on 'height_cm'"),
  );
  // Only the second column renamed: the message names index 1.
  assert.throws(
    () => s.transform(matrixFromRows([[170, 70]], ['height_cm', 'weight_lb'])),
    nameError("StandardScaler: column 1 is 'weight_lb'; it was fitted on 'weight_kg'"),
  );
});

test('the imputer refuses swapped columns instead of filling the wrong one; PCA refuses them too', () => {
  const imp = new SimpleImputer().fit(
    matrixFromRows(
      [
        [1, 100],
        [NaN, 200],
        [3, 300],
      ],
      ['a', 'b'],
    ),
  );
  assert.deepEqual(Array.from(imp.transform(matrixFromRows([[5, NaN]], ['a', 'b'])).data), [5, 200]);
  assert.throws(
    () => imp.transform(matrixFromRows([[NaN, 5]], ['b', 'a'])),
    nameError("SimpleImputer: column 0 is 'b'; it was fitted on 'a'"),
  );
  const pca = new PCA().fit(train);
  assert.throws(
    () => pca.transform(matrixFromRows([[70, 170]], ['weight_kg', 'height_cm'])),
    nameError("PCA: column 0 is 'weight_kg'; it was fitted on 'height_cm'"),
  );
});

test('unnamed matrices (default names x0, x1, ...) are matched by position, in either direction', () => {
  const s = new StandardScaler().fit(train);
  // No names given: the caller vouches for the column order, as before; the output keeps the fitted names.
  const Z = s.transform(matrixFromRows([[170, 70]]));
  assert.deepEqual(Array.from(Z.data), [0, 0]);
  assert.deepEqual(Z.names, ['height_cm', 'weight_kg']);
  const unnamed = new StandardScaler().fit(renamed(train, ['x0', 'x1']));
  assert.deepEqual(Array.from(unnamed.transform(matrixFromRows([[170, 70]], ['height_cm', 'weight_kg'])).data), [0, 0]);
  // Default names out of order are names: 'x1' in column 0 is not position 0.
  assert.throws(
    () => s.transform(matrixFromRows([[170, 70]], ['x1', 'x0'])),
    nameError("StandardScaler: column 0 is 'x1'; it was fitted on 'height_cm'"),
  );
});

test('every registered matrix transformer refuses its training columns in another order or under another name', () => {
  const kinds = registeredEstimators()
    .filter((e) => e.capabilities.includes('transformer'))
    .map((e) => e.kind);
  assert.ok(kinds.length >= 10, `only ${kinds.length} matrix transformers registered`);
  for (const kind of kinds) {
    const factory = conformanceCases[kind];
    assert.ok(factory, `no conformance case for '${kind}'`);
    const c = factory() as MatrixCase;
    const t = c.make(1).fit(c.X, c.y);
    const rows = c.rows ?? c.X;
    const who = t.constructor.name;
    assert.doesNotThrow(() => t.transform(rows), kind);
    assert.ok(rows.p >= 2, kind);
    assert.throws(
      () => t.transform(reversed(rows)),
      nameError(`${who}: column 0 is '${rows.names[rows.p - 1]}'; it was fitted on '${rows.names[0]}'`),
      kind,
    );
    const last = rows.p - 1;
    const other = rows.names.map((nm, j) => (j === last ? `${nm}_other` : nm));
    assert.throws(
      () => t.transform(renamed(rows, other)),
      nameError(`${who}: column ${last} is '${other[last]}'; it was fitted on '${rows.names[last]}'`),
      kind,
    );
  }
});
