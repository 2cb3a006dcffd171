import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  InvalidArgumentError,
  LogisticRegression,
  NotFittedError,
  Rng,
  estimatorFromJSON,
  featureMatrix,
  logisticObjective,
  matrixFromRows,
  minimizeLbfgs,
  type FeatureMatrix,
} from '../../lib/index.js';

/** Seeded 3-class data: class scores linear in 4 features of different scales, softmax labels. */
function threeClass(n: number, seed: number): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const W = [
    [1, -0.5, 0, 0.02],
    [0, 0.5, -1, 0],
    [-1, 0, 1, -0.02],
  ];
  const rows: number[][] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = [rng.normal(), rng.normal(2, 3), rng.normal(), rng.normal(160, 20)];
    const z = W.map((w) => w.reduce((s, v, j) => s + v * (x[j] - (j === 3 ? 160 : 0)), 0));
    const e = z.map(Math.exp);
    const t = e[0] + e[1] + e[2];
    y[i] = rng.categorical(e.map((v) => v / t));
    rows.push(x);
  }
  return { X: matrixFromRows(rows, ['a', 'b', 'c', 'height']), y };
}

/** Parameters θ = [w (standardized), b] of a fitted model, read from its JSON. */
function thetaOf(m: LogisticRegression): { theta: Float64Array; mean: Float64Array; scale: Float64Array } {
  const j = m.toJSON() as unknown as { weights: number[]; intercepts: number[]; mean: number[]; scale: number[] };
  return {
    theta: Float64Array.from([...j.weights, ...j.intercepts]),
    mean: Float64Array.from(j.mean),
    scale: Float64Array.from(j.scale),
  };
}

describe('LogisticRegression', () => {
  test('without features the intercepts are the log class shares (closed-form optimum)', () => {
    const y = Int32Array.from([0, 0, 1, 1, 1, 1, 1, 2, 2, 2]);
    const m = new LogisticRegression().fit(featureMatrix(new Float64Array(0), 10, 0, []), y);
    const b = m.intercepts;
    for (const [c, share] of [0.2, 0.5, 0.3].entries()) assert.ok(Math.abs(b[c] - Math.log(share)) < 1e-9, `${b[c]}`);
    const P = m.predictProba(featureMatrix(new Float64Array(0), 2, 0, []));
    assert.ok(Math.abs(P[4] - 0.5) < 1e-9 && Math.abs(P[5] - 0.3) < 1e-9);
  });

  test('1-D, two overlapping classes: coefficients have the right sign and match a Newton fit of binary LR', () => {
    const rng = new Rng(4);
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const c = i % 2;
      x.push(rng.normal(c === 1 ? 1 : -1, 1.2) + 3);
      y.push(c);
    }
    const m = new LogisticRegression({ l2: 0, tolerance: 1e-10 }).fit(matrixFromRows(x.map((v) => [v])), y);
    const w = m.coefficients;
    assert.ok(w[1] > 0 && w[0] < 0, `coefficients ${w[0]}, ${w[1]}`);
    // Reference: binary logistic regression (class 1 vs 0) by Newton's method on (intercept, slope).
    let a = 0;
    let s = 0;
    for (let it = 0; it < 50; it++) {
      let g0 = 0,
        g1 = 0,
        h00 = 0,
        h01 = 0,
        h11 = 0;
      for (let i = 0; i < x.length; i++) {
        const p = 1 / (1 + Math.exp(-(a + s * x[i])));
        const r = p - y[i];
        const v = p * (1 - p);
        g0 += r;
        g1 += r * x[i];
        h00 += v;
        h01 += v * x[i];
        h11 += v * x[i] * x[i];
      }
      const det = h00 * h11 - h01 * h01;
      a -= (h11 * g0 - h01 * g1) / det;
      s -= (h00 * g1 - h01 * g0) / det;
    }
    const b = m.intercepts;
    assert.ok(Math.abs(w[1] - w[0] - s) < 1e-6, `slope ${w[1] - w[0]} vs ${s}`);
    assert.ok(Math.abs(b[1] - b[0] - a) < 1e-6, `intercept ${b[1] - b[0]} vs ${a}`);
  });

  test('the gradient of the penalised objective vanishes at the fitted optimum (< 1e-6)', () => {
    const { X, y } = threeClass(600, 1);
    const l2 = 0.01;
    const m = new LogisticRegression({ l2, tolerance: 1e-9 }).fit(X, y);
    assert.equal(m.fitReport.converged, true);
    const { theta, mean, scale } = thetaOf(m);
    const grad = new Float64Array(theta.length);
    logisticObjective(X.data, y, X.n, X.p, 3, mean, scale, l2)(theta, grad);
    const norm = Math.hypot(...grad);
    assert.ok(norm < 1e-6, `gradient norm ${norm}`);
    // With an L2 penalty the coefficients of each feature sum to zero over the classes.
    const W = m.coefficients;
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(W[j] + W[4 + j] + W[8 + j]) < 1e-6);
    // The true signs are recovered.
    assert.ok(W[0] > 0 && W[8] < 0 && W[6] < 0 && W[10] > 0);
  });

  test('the analytic gradient matches central finite differences', () => {
    const { X, y } = threeClass(200, 2);
    const mean = Float64Array.from([0.1, 2, 0, 160]);
    const scale = Float64Array.from([1, 3, 1, 20]);
    const f = logisticObjective(X.data, y, X.n, X.p, 3, mean, scale, 0.05);
    const rng = new Rng(3);
    const theta = Float64Array.from({ length: 15 }, () => rng.normal(0, 0.5));
    const g = new Float64Array(15);
    f(theta, g);
    const tmp = new Float64Array(15);
    for (let t = 0; t < 15; t++) {
      const h = 1e-5;
      const tp = theta.slice();
      const tm = theta.slice();
      tp[t] += h;
      tm[t] -= h;
      const fd = (f(tp, tmp) - f(tm, tmp)) / (2 * h);
      assert.ok(Math.abs(fd - g[t]) < 1e-7, `component ${t}: ${g[t]} vs ${fd}`);
    }
  });

  test('standardization does not change the unpenalised optimum; a larger l2 shrinks the coefficients', () => {
    const { X, y } = threeClass(500, 5);
    const rows = threeClass(20, 6).X;
    const a = new LogisticRegression({ l2: 0, tolerance: 1e-10 }).fit(X, y).predictProba(rows);
    const b = new LogisticRegression({ l2: 0, standardize: false, tolerance: 1e-10, maxIterations: 5000 })
      .fit(X, y)
      .predictProba(rows);
    for (let t = 0; t < a.length; t++) assert.ok(Math.abs(a[t] - b[t]) < 1e-5, `${a[t]} vs ${b[t]}`);
    const size = (l2: number): number => {
      const m = new LogisticRegression({ l2 }).fit(X, y);
      const j = m.toJSON() as unknown as { weights: number[] };
      return Math.hypot(...j.weights);
    };
    assert.ok(size(1) < size(0.1) && size(0.1) < size(0.001));
  });

  test('NaN input throws InvalidArgumentError naming the row and column; wrong feature count throws', () => {
    const { X, y } = threeClass(50, 7);
    const bad = featureMatrix(X.data.slice(), X.n, X.p, X.names);
    bad.data[3 * 4 + 2] = NaN;
    assert.throws(
      () => new LogisticRegression().fit(bad, y),
      (e: Error) => e instanceof InvalidArgumentError && /row 3, column 'c' is NaN/.test(e.message),
    );
    const m = new LogisticRegression().fit(X, y);
    assert.throws(() => m.predictProba(bad), /column 'c'/);
    assert.throws(() => m.predictProba(matrixFromRows([[1, 2, 3]])), /3 features; it was fitted on 4/);
    assert.throws(
      () =>
        new LogisticRegression().fit(
          X,
          Array.from(y, (v) => v + 0.5),
        ),
      InvalidArgumentError,
    );
    // a fractional label is named against the whole class codes (before: "not a class code in 0..2.5")
    assert.throws(
      () =>
        new LogisticRegression().fit(
          X,
          Array.from(y, (v, i) => (i === 3 ? 2.5 : v)),
        ),
      (e: Error) => e instanceof InvalidArgumentError && /y\[3\] = 2\.5 is not a class code in 0\.\.2$/.test(e.message),
    );
    // finite values so large that a class score overflows: a typed error naming the row (before: NaN probabilities)
    const huge = featureMatrix(X.data.slice(0, 8), 2, 4, X.names);
    huge.data.fill(1e308, 4, 8);
    assert.throws(
      () => m.predictProba(huge),
      (e: Error) => e instanceof InvalidArgumentError && /row 1: the score of class \d overflows/.test(e.message),
    );
    assert.ok(m.predictProba(featureMatrix(X.data.slice(0, 4), 1, 4, X.names)).every(Number.isFinite));
    assert.throws(() => new LogisticRegression({ l2: -1 }).fit(X, y), InvalidArgumentError);
    assert.throws(() => new LogisticRegression().predictProba(X), NotFittedError);
  });

  test('JSON round trip predicts identically and keeps classes', () => {
    const { X, y } = threeClass(300, 8);
    const m = new LogisticRegression({ classNames: ['small', 'fit', 'large'] }).fit(X, y);
    const back = estimatorFromJSON<LogisticRegression>(JSON.parse(JSON.stringify(m.toJSON())));
    assert.deepEqual(back.predictProba(X), m.predictProba(X));
    assert.deepEqual(back.classes, ['small', 'fit', 'large']);
    assert.deepEqual(back.coefficients, m.coefficients);
  });

  // Review (models-a) finding 6: repeated class names were accepted (GradientBoostedTrees refuses them); a reader
  // of the probabilities by name would take two columns for one class.
  test('repeated class names are refused, at fit and at load', () => {
    const { X, y } = threeClass(60, 8);
    assert.throws(
      () =>
        new LogisticRegression({ classNames: ['fit', 'fit'] }).fit(
          X,
          Int32Array.from(y, (c) => c % 2),
        ),
      (e: unknown) =>
        e instanceof InvalidArgumentError && e.message === 'LogisticRegression: classNames has duplicates: fit, fit',
    );
    const json = new LogisticRegression({ classNames: ['small', 'fit', 'large'] }).fit(X, y).toJSON() as unknown as {
      options: { classNames: string[] };
    };
    json.options.classNames[2] = 'small';
    assert.throws(() => LogisticRegression.fromJSON(json), /invalid options: .*classNames has duplicates/);
  });

  test('minimizeLbfgs finds the minimum of an ill-conditioned quadratic', () => {
    const d = Float64Array.from([1, 10, 100, 1000]);
    const r = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        for (let j = 0; j < 4; j++) {
          f += 0.5 * d[j] * (x[j] - j) ** 2;
          g[j] = d[j] * (x[j] - j);
        }
        return f;
      },
      new Float64Array(4),
      { gradientTolerance: 1e-10 },
    );
    assert.equal(r.converged, true);
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(r.x[j] - j) < 1e-10);
  });
});

test('a feature of tiny values (1e-13) is standardised, so it predicts as well as the same feature at unit scale', () => {
  // Before: a column with sd below 1e-12 was taken for constant and left unscaled, so the L2 penalty kept its weight
  // near 0 and the model fell back to the class shares.
  const rng = new Rng(3);
  const n = 400;
  const y = new Int32Array(n);
  const unit: number[][] = [];
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    unit.push([y[i] + 0.3 * rng.normal()]);
  }
  const tiny = matrixFromRows(unit.map(([v]) => [v * 1e-13]));
  const a = new LogisticRegression().fit(matrixFromRows(unit), y).predictProba(matrixFromRows(unit));
  const b = new LogisticRegression().fit(tiny, y).predictProba(tiny);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-6, `row ${i >> 1}`);
});

test('an infinite tolerance is refused (before: it stopped at iteration 0 and returned the starting point)', () => {
  const X = matrixFromRows([[0], [1], [2], [3]]);
  const y = Int32Array.from([0, 0, 1, 1]);
  assert.throws(
    () => new LogisticRegression({ tolerance: Infinity }).fit(X, y),
    /tolerance must be a finite number >= 0/,
  );
});

test('features of about 1e200 and 1e-200 are standardised: the model saves, loads and predicts as at unit scale', () => {
  // Before: the squares of a 1e200 column overflowed, its stored scale was Infinity and the saved model did not
  // load ("scale must be 4 finite numbers"); the squares of a 1e-200 column underflowed to 0 and it was left
  // unscaled (its weight penalised to nothing).
  const { X, y } = threeClass(300, 8);
  const factors = [1e200, 1e-200, 1, 1];
  const Xs = featureMatrix(
    X.data.map((v, k) => v * factors[k % 4]),
    X.n,
    4,
    X.names.slice(),
  );
  const m = new LogisticRegression({ l2: 0.01 }).fit(Xs, y);
  const back = estimatorFromJSON<LogisticRegression>(JSON.parse(JSON.stringify(m.toJSON())));
  const P = m.predictProba(Xs);
  assert.deepEqual(back.predictProba(Xs), P);
  // Standardised features do not depend on the units: the same probabilities as the model of the unscaled X.
  const reference = new LogisticRegression({ l2: 0.01 }).fit(X, y).predictProba(X);
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(P[i] - reference[i]) < 1e-6, `row ${Math.floor(i / 3)}`);
});
