// The pipeline's fast paths (one-hot block written in place, imputer statistics from one pass, shared
// fold tables of the history features) must give what the generic steps give.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArticleFeatures,
  BodyFeatures,
  CategoricalFeatures,
  CustomerHistoryFeatures,
  InvalidArgumentError,
  SimpleImputer,
  hstackMatrices,
  isBlockWriter,
  matrixFromRows,
  quantileSorted,
  sizeFitFeaturePipeline,
} from '../../lib/index.js';
import { datasetFromRecords, syntheticRentals } from './make-dataset.js';

test('CategoricalFeatures.writeBlock writes the transform block at an offset of a wider matrix', () => {
  const ds = datasetFromRecords([
    { category: 'dress', body_type: 'petite' },
    { category: 'gown', body_type: null },
    { category: null, body_type: 'athletic' },
  ]);
  const step = new CategoricalFeatures().fit(ds.take([0, 1, 2]));
  assert.ok(isBlockWriter(step));
  assert.deepEqual(step.blockNames(), [
    'category=dress',
    'category=gown',
    'category=__unknown__',
    'body_type=petite',
    'body_type=athletic',
    'body_type=__unknown__',
  ]);
  const out = new Float64Array(3 * 8);
  step.writeBlock(ds, out, 8, 1);
  // Columns 0 and 7 are outside the block and stay 0.
  assert.deepEqual(
    Array.from(out),
    [
      [0, 1, 0, 0, 1, 0, 0, 0],
      [0, 0, 1, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1, 0, 0],
    ].flat(),
  );
  assert.deepEqual(
    step.transform(ds).data,
    Float64Array.from(
      [
        [1, 0, 0, 1, 0, 0],
        [0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 0],
      ].flat(),
    ),
  );
  const strict = new CategoricalFeatures({ unseen: 'error' }).fit(ds.take([0]));
  assert.throws(
    () => strict.writeBlock(ds, new Float64Array(3 * 2), 2, 0),
    /row 1, column 'category' has category 'gown' not seen at fit time/,
  );
});

for (const crossFit of ['kfold', 'loo'] as const) {
  test(`sizeFitFeaturePipeline (${crossFit}) equals its steps joined by hstackMatrices then imputed`, () => {
    const ds = syntheticRentals(3000, { users: 400, items: 60, categories: 9, seed: 5, systems: true });
    const train = ds.take(Array.from({ length: 2500 }, (_, i) => i));
    const rows = ds.take(Array.from({ length: 500 }, (_, i) => 2500 + i));
    const opts = { seed: 4, crossFit };
    const pipe = sizeFitFeaturePipeline(opts);
    const X = pipe.fitTransform(train);
    const steps = [
      new BodyFeatures(),
      new CustomerHistoryFeatures(opts),
      new ArticleFeatures(opts),
      new CategoricalFeatures(),
    ];
    const imputer = new SimpleImputer({ strategy: 'median', addIndicator: true });
    const ref = imputer.fitTransform(hstackMatrices(steps.map((s) => s.fitTransform(train))));
    assert.deepEqual(X.names, ref.names);
    assert.deepEqual(X.data, ref.data);
    const Y = imputer.transform(hstackMatrices(steps.map((s) => s.transform(rows))));
    assert.deepEqual(pipe.transform(rows).data, Y.data);
    // The history features do depend on the fold split (the fold tables are in use).
    if (crossFit === 'kfold') {
      const other = sizeFitFeaturePipeline({ seed: 5 }).fitTransform(train);
      assert.notDeepEqual(other.data, X.data);
    }
  });
}

test('SimpleImputer: medians of 0/1 columns (counted) equal the sorted-order type-7 median', () => {
  const cols = [
    [0, 1, 1, NaN], // 1
    [0, 1], // 0.5
    [1, 0, 0, 1, NaN, 1], // 1
    [0, 0, 0, 1], // 0
    [NaN, NaN, NaN, 1], // 1
    [1, 1, 0, 0, 0, 1], // 0.5
  ];
  const n = 6;
  const rows = Array.from({ length: n }, (_, i) => cols.map((c) => (i < c.length ? c[i] : NaN)));
  const imp = new SimpleImputer({ addIndicator: true }).fit(matrixFromRows(rows));
  assert.deepEqual(Array.from(imp.statistics), [1, 0.5, 1, 0, 1, 0.5]);
  cols.forEach((c, j) => {
    const sorted = Float64Array.from(c.filter((v) => !Number.isNaN(v))).sort();
    assert.equal(imp.statistics[j], quantileSorted(sorted, 0.5), `column ${j}`);
  });
  // -0 is not counted as a 0 of a 0/1 column: the median keeps its sign, as sorting gives it.
  const negZero = new SimpleImputer().fit(matrixFromRows([[-0], [-0], [1]]));
  assert.ok(Object.is(negZero.statistics[0], -0));
  // Mean of a column with missing values: the sum of the observed values over their count.
  const mean = new SimpleImputer({ strategy: 'mean' }).fit(matrixFromRows([[0.1], [NaN], [0.2], [0.7]]));
  assert.equal(mean.statistics[0], (0.1 + 0.2 + 0.7) / 3);
});

test('SimpleImputer: Infinity is refused at fit and transform, naming the first bad cell', () => {
  const X = matrixFromRows(
    [
      [1, NaN],
      [2, Infinity],
      [-Infinity, 3],
    ],
    ['a', 'b'],
  );
  assert.throws(
    () => new SimpleImputer().fit(X),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === "SimpleImputer: row 1, column 'b' is Infinity",
  );
  const imp = new SimpleImputer().fit(matrixFromRows([[1, 2]], ['a', 'b']));
  assert.throws(() => imp.transform(X), /SimpleImputer: row 1, column 'b' is Infinity/);
  assert.throws(() => imp.fitTransform(X), /SimpleImputer: row 1, column 'b' is Infinity/);
  assert.throws(() => imp.transform(matrixFromRows([[1, 2, 3]])), /X has 3 features; it was fitted on 2/);
});
