// Fits on finite values whose plain moments leave the float range: a column of about 1e200 (squares overflow), one of
// about 1e-200 (squares underflow) and one near the float limit 1.7e308 (sums overflow). Before, StandardScaler saved
// an infinite scale (and the imputer and RobustScaler an infinite fill or centre) that fromJSON refused: the fit
// succeeded and the saved model did not load. Each transformer now either computes its state without overflow (it
// saves, loads and transforms as the same transformer fitted on the unscaled column) or refuses the data at fit,
// naming the column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BinDiscretizer,
  BodyFeatures,
  CustomerHistoryFeatures,
  ArticleFeatures,
  InvalidArgumentError,
  RenterSizeFeatures,
  RobustScaler,
  Rng,
  SimpleImputer,
  StandardScaler,
  estimatorFromJSON,
  featureMatrix,
  sizeFitFeaturePipeline,
  type ColumnarDataset,
  type FeatureMatrix,
  type MatrixTransformer,
} from '../../lib/index.js';
import { datasetFromRecords, syntheticRentals } from './make-dataset.js';

/** 40 seeded rows of 3 columns of ordinary values, mean about 1 and sd about 2. */
function base(seed = 3): FeatureMatrix {
  const rng = new Rng(seed);
  const data = Float64Array.from({ length: 120 }, () => 1 + 2 * rng.normal());
  return featureMatrix(data, 40, 3, ['a', 'b', 'c']);
}

/** X with column j multiplied by factors[j]. */
function scaled(X: FeatureMatrix, factors: number[]): FeatureMatrix {
  return featureMatrix(
    X.data.map((v, k) => v * factors[k % X.p]),
    X.n,
    X.p,
    X.names.slice(),
  );
}

function roundTrip<T>(t: { toJSON(): unknown }): T {
  return estimatorFromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as T;
}

/** Asserts |a - b| <= tol * max(1, |b|) elementwise (NaN equals NaN). */
function closeRel(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let k = 0; k < a.length; k++) {
    if (Number.isNaN(b[k])) assert.ok(Number.isNaN(a[k]), `${what}[${k}]: ${a[k]}, expected NaN`);
    else assert.ok(Math.abs(a[k] - b[k]) <= tol * Math.max(1, Math.abs(b[k])), `${what}[${k}]: ${a[k]} vs ${b[k]}`);
  }
}

const HUGE = [1, 1e200, 1e-200];
/** Near the float limit: the column's sum (40 values up to about 1e308) overflows. */
const NEAR_LIMIT = [1e307, 1, 1];

test('StandardScaler: columns of about 1e200, 1e-200 and 1e307 save, load and transform as the unscaled columns do', () => {
  const X = base();
  const reference = new StandardScaler().fit(X);
  for (const factors of [HUGE, NEAR_LIMIT]) {
    const Xs = scaled(X, factors);
    const s = new StandardScaler().fit(Xs);
    // the mean and sd of a column multiplied by f are f times those of the column
    closeRel(
      s.scales,
      reference.scales.map((v, j) => v * factors[j]),
      1e-12,
      `scales, factors ${factors}`,
    );
    closeRel(
      s.means.map((v, j) => v / factors[j]),
      reference.means,
      1e-12,
      `means, factors ${factors}`,
    );
    const back = roundTrip<StandardScaler>(s);
    assert.deepEqual(back.transform(Xs), s.transform(Xs));
    closeRel(s.transform(Xs).data, reference.transform(X).data, 1e-12, `z, factors ${factors}`);
  }
});

test('SimpleImputer: a mean or median of values near 1.7e308 of both signs is finite, saves and loads', () => {
  // Two values near +1.7e308 first: the plain sum overflows. The mean of the five values is 0.2; a mean computed
  // on the values divided by 1.7e308 is exact to about 1e-16 of that, 2e292.
  const X = featureMatrix(Float64Array.of(1.7e308, 1.6e308, -1.7e308, -1.6e308, NaN, 1), 6, 1, ['x']);
  const mean = new SimpleImputer({ strategy: 'mean' }).fit(X);
  assert.ok(Math.abs(mean.statistics[0] - 0.2) < 1e293, `mean ${mean.statistics[0]}`);
  assert.deepEqual(roundTrip<SimpleImputer>(mean).transform(X), mean.transform(X));
  // An even count: the median is halfway between -1.6e308 and 1.6e308, whose difference overflows.
  const Y = featureMatrix(Float64Array.of(1.7e308, -1.7e308, 1.6e308, -1.6e308, NaN), 5, 1, ['x']);
  const median = new SimpleImputer().fit(Y);
  assert.equal(median.statistics[0], 0);
  assert.deepEqual(roundTrip<SimpleImputer>(median).transform(Y), median.transform(Y));
});

test('RobustScaler: a quantile range beyond the float range is refused at fit naming the column; the median of such values is finite', () => {
  const X = featureMatrix(Float64Array.of(1, 1.7e308, 2, -1.7e308, 3, 1.6e308, 4, -1.6e308), 4, 2, ['ok', 'wide']);
  assert.throws(
    () => new RobustScaler().fit(X),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^RobustScaler: column 'wide': the range from its 25% quantile .* to its 75% quantile .* is beyond the float range/.test(
        e.message,
      ),
  );
  // Without scaling only the medians are fitted: finite (0 halfway between -1.6e308 and 1.6e308), and they load.
  const centred = new RobustScaler({ withScaling: false }).fit(X);
  assert.deepEqual([...centred.centers], [2.5, 0]);
  assert.deepEqual(roundTrip<RobustScaler>(centred).transform(X), centred.transform(X));
  // A range that fits (values about 1e200 and 1e-200) saves and loads, and scales as the unscaled column.
  const Y = base();
  const Ys = scaled(Y, HUGE);
  const r = new RobustScaler().fit(Ys);
  assert.deepEqual(roundTrip<RobustScaler>(r).transform(Ys), r.transform(Ys));
  closeRel(r.transform(Ys).data, new RobustScaler().fit(Y).transform(Y).data, 1e-12, 'robust z');
});

test('BinDiscretizer: edges of values near 1.7e308 of both signs are finite, as many as for ordinary values', () => {
  const X = base(5);
  const Xs = scaled(X, [1.7e308 / 8, 1, 1]);
  for (const strategy of ['uniform', 'quantile'] as const) {
    const reference = new BinDiscretizer({ nBins: 4, strategy }).fit(X);
    const t = new BinDiscretizer({ nBins: 4, strategy }).fit(Xs);
    assert.equal(t.binEdges[0].length, reference.binEdges[0].length, `${strategy}: edges ${t.binEdges[0]}`);
    closeRel(
      t.binEdges[0].map((e) => e / (1.7e308 / 8)),
      reference.binEdges[0],
      1e-12,
      `${strategy} edges`,
    );
    assert.deepEqual(t.transform(Xs), reference.transform(X), strategy);
    assert.deepEqual(roundTrip<MatrixTransformer>(t).transform(Xs), t.transform(Xs));
  }
});

/** `ds` with its number column `name` multiplied by `f`. */
function withScaled(ds: ColumnarDataset, name: string, f: number): ColumnarDataset {
  const rows = Array.from({ length: ds.length }, (_, i) => {
    const r: Record<string, string | number | null> = {};
    for (const c of ds.columnNames) {
      const col = ds.column(c);
      if (col.type === 'number') r[c] = Number.isNaN(col.values[i]) ? null : col.values[i] * (c === name ? f : 1);
      else r[c] = col.codes[i] < 0 ? null : col.categories[col.codes[i]];
    }
    return r;
  });
  return datasetFromRecords(rows);
}

test('History features: sizes whose squares overflow are refused at fit, naming the column and the group', () => {
  const ds = syntheticRentals(60, { users: 10, items: 5, categories: 2, seed: 4 });
  const huge = withScaled(ds, 'size', 1e200);
  for (const make of [() => new CustomerHistoryFeatures(), () => new ArticleFeatures()]) {
    const t = make();
    assert.throws(
      () => t.fit(huge),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        new RegExp(
          `^${t.constructor.name}: column 'size': the sizes of \\w+ ".+" \\(up to .+e\\+\\d+, row \\d+\\) are too large: ` +
            `the sum of their squares is beyond the float range`,
        ).test(e.message),
    );
    // sizes whose squares stay in range save and load
    const big = withScaled(ds, 'size', 1e100);
    const f = make().fit(big);
    assert.deepEqual(roundTrip<CustomerHistoryFeatures>(f).transform(big), f.transform(big));
  }
});

test('BodyFeatures: a BMI that is not finite (height 0, or tiny heights with huge weights) is missing, and the feature pipeline fits and loads', () => {
  const ds = datasetFromRecords([
    { height_cm: 0, weight_kg: 60 },
    { height_cm: 170, weight_kg: 60 },
    { height_cm: 1e-200, weight_kg: 1e200 },
  ]);
  const Z = new BodyFeatures().fit(ds).transform(ds);
  const bmi = Z.names.indexOf('bmi');
  assert.ok(Number.isNaN(Z.data[bmi]), `height 0: bmi ${Z.data[bmi]}`);
  assert.equal(Z.data[Z.p + bmi], 60 / (1.7 * 1.7));
  assert.ok(Number.isNaN(Z.data[2 * Z.p + bmi]), `bmi ${Z.data[2 * Z.p + bmi]}`);
  // The pipeline's imputer refused the infinite BMI ("column 'bmi' is Infinity"): now it fits, saves and loads.
  const rentals = syntheticRentals(80, { users: 12, items: 5, categories: 2, seed: 6 });
  const extreme = withScaled(withScaled(rentals, 'height_cm', 1e-200), 'weight_kg', 1e200);
  const pipe = sizeFitFeaturePipeline({ seed: 1 }).fit(extreme);
  assert.deepEqual(roundTrip<typeof pipe>(pipe).transform(extreme), pipe.transform(extreme));
});

test('RenterSizeFeatures: sizes whose sum per customer is beyond the float range are refused at fit, naming the column and the customer', () => {
  // Before: the fit stored an infinite sum, and the saved step did not load ("userSums[0] is not a finite sum").
  const ds = syntheticRentals(60, { users: 10, items: 5, categories: 2, seed: 4 });
  const huge = withScaled(ds, 'size', 5e306);
  assert.ok(
    huge.numbers('size').every((v) => v - v === 0 || Number.isNaN(v)),
    'finite sizes',
  );
  assert.throws(
    () => new RenterSizeFeatures().fit(huge),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^RenterSizeFeatures: column 'size': the sizes of customer ".+" sum to Infinity: beyond the float range/.test(
        e.message,
      ),
  );
  const big = withScaled(ds, 'size', 1e200);
  const t = new RenterSizeFeatures().fit(big);
  assert.deepEqual(roundTrip<RenterSizeFeatures>(t).transform(big), t.transform(big));
});
