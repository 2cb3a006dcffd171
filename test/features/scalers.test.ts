import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hasSpread,
  InvalidArgumentError,
  ModelFormatError,
  NotFittedError,
  RobustScaler,
  Rng,
  SimpleImputer,
  StandardScaler,
  estimatorFromJSON,
  matrixFromRows,
  matrixToRows,
  quantileSelect,
  quantileSorted,
} from '../../lib/index.js';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('StandardScaler: population mean and sd per column, NaN ignored and passed through', () => {
  const X = matrixFromRows(
    [
      [1, 10],
      [2, 20],
      [3, NaN],
      [4, 40],
    ],
    ['a', 'b'],
  );
  const s = new StandardScaler().fit(X);
  close(s.means[0], 2.5);
  close(s.scales[0], Math.sqrt(1.25));
  close(s.means[1], 70 / 3);
  close(s.scales[1], Math.sqrt(((10 - 70 / 3) ** 2 + (20 - 70 / 3) ** 2 + (40 - 70 / 3) ** 2) / 3));
  const Z = s.transform(X);
  close(Z.data[0], -1.5 / Math.sqrt(1.25));
  assert.ok(Number.isNaN(Z.data[5]));
  assert.deepEqual(Z.names, ['a', 'b']);
});

test('StandardScaler: a constant column is centred but not scaled; withStd false keeps the scale', () => {
  const X = matrixFromRows([[5], [5], [5]]);
  assert.deepEqual(matrixToRows(new StandardScaler().fitTransform(X)), [[0], [0], [0]]);
  const Y = matrixFromRows([[1], [3]]);
  assert.deepEqual(matrixToRows(new StandardScaler({ withStd: false }).fitTransform(Y)), [[-1], [1]]);
});

test('StandardScaler: a varying column of tiny values is scaled; constant 0 and 0.1 columns are not', () => {
  const tiny = [1e-13, 2e-13, 3e-13, 4e-13];
  const X = matrixFromRows(tiny.map((v) => [v, 0, 0.1]));
  const mu = tiny.reduce((a, v) => a + v, 0) / tiny.length;
  const sd = Math.sqrt(tiny.reduce((a, v) => a + (v - mu) ** 2, 0) / tiny.length);
  const s = new StandardScaler().fit(X);
  close(s.scales[0], sd, 1e-12 * sd);
  assert.deepEqual(Array.from(s.scales.subarray(1)), [1, 1]);
  const Z = s.transform(X);
  for (let i = 0; i < tiny.length; i++) close(Z.data[i * 3], (tiny[i] - mu) / sd, 1e-9);
});

test('StandardScaler.fromJSON: mean and scale of different lengths are a ModelFormatError', () => {
  const json = new StandardScaler()
    .fit(
      matrixFromRows(
        [
          [1, 2],
          [3, 5],
        ],
        ['a', 'b'],
      ),
    )
    .toJSON();
  assert.deepEqual(Array.from(StandardScaler.fromJSON(JSON.parse(JSON.stringify(json))).scales), [1, 1.5]);
  assert.throws(
    () => StandardScaler.fromJSON({ ...json, scale: [1] }),
    (e: unknown) => e instanceof ModelFormatError && /mean and scale lengths differ/.test(e.message),
  );
});

test('StandardScaler: unfitted use and a wrong feature count throw typed errors', () => {
  assert.throws(() => new StandardScaler().transform(matrixFromRows([[1]])), NotFittedError);
  const s = new StandardScaler().fit(matrixFromRows([[1, 2]]));
  assert.throws(() => s.transform(matrixFromRows([[1, 2, 3]])), /X has 3 features; it was fitted on 2/);
});

test('RobustScaler: median and IQR (type 7 quantiles) are insensitive to an outlier', () => {
  const X = matrixFromRows([[1], [2], [3], [4], [100]]);
  const r = new RobustScaler().fit(X);
  close(r.centers[0], 3);
  close(r.scales[0], 2); // q25 = 2, q75 = 4
  close(r.transform(X).data[4], 48.5);
  const r2 = new RobustScaler({ quantileRange: [10, 90] }).fit(X);
  close(r2.scales[0], 61.6 - 1.4, 1e-9); // q90 = 4 + 0.6 * 96, q10 = 1 + 0.4 * 1
  assert.throws(() => new RobustScaler({ quantileRange: [80, 20] }), InvalidArgumentError);
});

test('SimpleImputer: median, mean and constant fills; indicator columns only for columns with missing values', () => {
  const X = matrixFromRows(
    [
      [1, 7],
      [NaN, 8],
      [3, 9],
      [10, 10],
    ],
    ['h', 'w'],
  );
  const med = new SimpleImputer({ addIndicator: true });
  const Z = med.fitTransform(X);
  assert.deepEqual(Z.names, ['h', 'w', 'h_missing']);
  assert.deepEqual(matrixToRows(Z), [
    [1, 7, 0],
    [3, 8, 1],
    [3, 9, 0],
    [10, 10, 0],
  ]);
  assert.equal(new SimpleImputer({ strategy: 'mean' }).fitTransform(X).data[2], 14 / 3);
  assert.equal(new SimpleImputer({ strategy: 'constant', fillValue: -1 }).fitTransform(X).data[2], -1);
  // A column complete at fit still gets its median at transform time.
  assert.deepEqual(matrixToRows(med.transform(matrixFromRows([[NaN, NaN]]))), [[3, 8.5, 1]]);
});

test('quantileSelect agrees with sorting on random data with ties', () => {
  const rng = new Rng(7);
  for (let rep = 0; rep < 50; rep++) {
    const n = 1 + rng.int(60);
    const v = Float64Array.from({ length: n }, () => rng.int(8));
    const sorted = v.slice().sort();
    for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) close(quantileSelect(v.slice(), q), quantileSorted(sorted, q));
  }
});

test('hasSpread: constant up to rounding relative to the mean; tiny varying values still vary', () => {
  const sd = (v: number[]): number => {
    const m = v.reduce((a, x) => a + x, 0) / v.length;
    return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length);
  };
  const tenths = Array.from({ length: 7 }, () => 0.1);
  assert.equal(hasSpread(sd(tenths), 0.1), false);
  assert.equal(hasSpread(0, 0), false);
  assert.equal(hasSpread(sd([1e-13, 2e-13, 3e-13]), 2e-13), true);
  assert.equal(hasSpread(1e-3, 1e6), true);
  assert.equal(hasSpread(1e-7, 1e6), false);
});

/** `load(json with field = value)` throws a ModelFormatError whose message matches `re`. */
function refuses(load: (j: unknown) => unknown, json: object, field: string, value: unknown, re: RegExp): void {
  assert.throws(
    () => load({ ...json, [field]: value }),
    (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
    `${field} = ${JSON.stringify(value)}`,
  );
}

test('Scalers and imputer fromJSON: a non-finite, zero or negative fitted value is refused, naming field and index', () => {
  const X = matrixFromRows(
    [
      [1, 2],
      [3, 5],
      [0, 1],
    ],
    ['a', 'b'],
  );
  const std = JSON.parse(JSON.stringify(new StandardScaler().fit(X).toJSON())) as object;
  const load = (j: unknown): unknown => StandardScaler.fromJSON(j);
  // Before: each loaded and turned every request into NaN, ±Infinity or flipped signs.
  refuses(load, std, 'mean', [null, 1], /^standard-scaler: mean\[0\] is NaN, not a finite number$/);
  refuses(load, std, 'mean', [1, 'Infinity'], /standard-scaler: mean\[1\] is Infinity/);
  refuses(load, std, 'scale', [0, 1], /^standard-scaler: scale\[0\] is 0, not a finite number > 0$/);
  refuses(load, std, 'scale', [1, -2], /standard-scaler: scale\[1\] is -2, not a finite number > 0/);
  refuses(load, std, 'scale', [1, 'Infinity'], /standard-scaler: scale\[1\] is Infinity/);
  const rob = JSON.parse(JSON.stringify(new RobustScaler().fit(X).toJSON())) as object;
  const loadRob = (j: unknown): unknown => RobustScaler.fromJSON(j);
  refuses(loadRob, rob, 'center', [1, null], /^robust-scaler: center\[1\] is NaN, not a finite number$/);
  refuses(loadRob, rob, 'scale', ['-Infinity', 3], /^robust-scaler: scale\[0\] is -Infinity, not a finite number > 0$/);
  refuses(loadRob, rob, 'scale', [1, -3], /robust-scaler: scale\[1\] is -3, not a finite number > 0/);
  refuses(loadRob, rob, 'scale', [1, '-0'], /robust-scaler: scale\[1\] is 0, not a finite number > 0/);
  const imp = JSON.parse(JSON.stringify(new SimpleImputer().fit(X).toJSON())) as object;
  const loadImp = (j: unknown): unknown => SimpleImputer.fromJSON(j);
  refuses(loadImp, imp, 'fill', [2, null], /^simple-imputer: fill\[1\] is NaN, not a finite number$/);
  refuses(loadImp, imp, 'fill', ['-Infinity', 2], /simple-imputer: fill\[0\] is -Infinity/);
});

test('Scalers and imputer: what fit stores for constant, all-NaN, tiny and -0 columns still loads and transforms the same', () => {
  // Constant (scale 1), all-NaN (mean/center 0, fill = fillValue), a tiny range (robust scale 5e-301 > 0),
  // a constant 0.1 (sd a rounding residue: scale 1) and a -0 column (median "-0").
  const X = matrixFromRows(
    [
      [5, NaN, 1e-300, 0.1, -0],
      [5, NaN, 2e-300, 0.1, -0],
      [5, NaN, 1e-300, 0.1, 0],
    ],
    ['c', 'none', 'tiny', 'tenth', 'negz'],
  );
  const std = new StandardScaler().fit(X);
  const rob = new RobustScaler().fit(X);
  // The tiny column varies: its sd (sqrt(2)/3 e-300, from values divided by their largest) is its scale; its plain
  // squares underflow to 0, which left it unscaled before.
  assert.deepEqual(
    Array.from(std.scales, (v, j) => (j === 2 ? 1 : v)),
    [1, 1, 1, 1, 1],
  );
  assert.ok(Math.abs(std.scales[2] - (Math.sqrt(2) / 3) * 1e-300) < 1e-12 * 1e-300, `${std.scales[2]}`);
  assert.ok(rob.scales[2] > 0 && rob.scales[2] < 1e-299);
  const fits = [
    std,
    new StandardScaler({ withMean: false, withStd: false }).fit(X),
    rob,
    new RobustScaler({ withCentering: false, withScaling: false }).fit(X),
    new SimpleImputer().fit(X),
    new SimpleImputer({ strategy: 'mean', addIndicator: true }).fit(X),
    new SimpleImputer({ strategy: 'constant', fillValue: -0 }).fit(X),
  ];
  const Y = matrixFromRows(
    [
      [NaN, NaN, NaN, NaN, NaN],
      [4, 1, 3e-300, 0.2, -0],
    ],
    X.names,
  );
  for (const t of fits) {
    const back = estimatorFromJSON<typeof t>(JSON.parse(JSON.stringify(t.toJSON())));
    assert.deepEqual(back.transform(Y).data, t.transform(Y).data, t.kind);
  }
});
