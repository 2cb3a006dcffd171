// Review 20 of lib/reduction: PCA's 'auto' route on components of tiny variance, t-SNE affinities of data with a
// huge offset or a tiny spread, scatterMatrix sums beyond the float range, t-SNE on a matrix without columns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  PCA,
  Rng,
  featureMatrix,
  matrixFromRows,
  scatterMatrix,
  tsne,
  tsneAffinities,
  tsneSparseAffinities,
  type FeatureMatrix,
} from '../../lib/index.js';
import { clusters } from './clusters.js';

/** A 4 x 4 rotation: Givens rotations in the planes (0, 1), (2, 3), (0, 2), (1, 3); column c is direction c. */
function rotation(): number[][] {
  const R = [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  for (const [a, b, t] of [
    [0, 1, 0.7],
    [2, 3, 0.4],
    [0, 2, 0.3],
    [1, 3, -0.5],
  ]) {
    for (const row of R) {
      const [x, y] = [row[a], row[b]];
      row[a] = Math.cos(t) * x - Math.sin(t) * y;
      row[b] = Math.sin(t) * x + Math.cos(t) * y;
    }
  }
  return R;
}

/**
 * X = H D R^T on n = 2,048 rows: H's columns are the Walsh functions (-1)^(bit c of the row), of mean 0, orthogonal,
 * with sums of squares n; so the covariance is R D^2 R^T n / (n - 1): component c is column c of R, of variance
 * d_c^2 n / (n - 1). No column is narrow; the directions of tiny variance mix all four.
 */
function walshData(d: number[]): { X: FeatureMatrix; R: number[][] } {
  const R = rotation();
  const n = 2048;
  const rows = Array.from({ length: n }, (_, i) =>
    R.map((Rj) => d.reduce((s, dc, c) => s + ((i >> c) & 1 ? -1 : 1) * dc * Rj[c], 0)),
  );
  return { X: matrixFromRows(rows), R };
}

test("PCA 'auto': components of variance 4e-16 and 1e-16 of the largest are exact (before: covariance, off by ~0.4)", () => {
  const d = [100, 1, 2e-6, 1e-6];
  const { X, R } = walshData(d);
  const pca = new PCA().fit(X);
  assert.equal(pca.fittedMethod, 'svd');
  const C = pca.components;
  const v = pca.explainedVariance;
  for (let c = 0; c < 4; c++) {
    // Up to the sign: the largest |coefficient| is positive.
    const col = R.map((row) => row[c]);
    const big = col.reduce((b, x, j) => (Math.abs(x) > Math.abs(col[b]) ? j : b), 0);
    const sign = col[big] < 0 ? -1 : 1;
    for (let j = 0; j < 4; j++) {
      const got = C.data[c * 4 + j];
      // The data's own rounding (values ~100, eps ~1e-16) determines the tiny directions to about 1e-8.
      assert.ok(Math.abs(got - sign * col[j]) < 1e-6, `PC${c + 1}[${j}]: ${got} vs ${sign * col[j]}`);
    }
    const want = (d[c] * d[c] * 2048) / 2047;
    assert.ok(Math.abs(v[c] / want - 1) < 1e-6, `variance of PC${c + 1}: ${v[c]} vs ${want}`);
  }
  // An explicit 'covariance' is kept as asked (documented as inaccurate there).
  assert.equal(new PCA({ method: 'covariance' }).fit(X).fittedMethod, 'covariance');
});

test("PCA 'auto' keeps the covariance route for ordinary and for linearly dependent features, with their results", () => {
  const rng = new Rng(5);
  const rows = Array.from({ length: 2000 }, () => {
    const [a, b, c] = [rng.normal(170, 7), rng.normal(65, 10), rng.normal(0, 1)];
    // The third column is a linear combination of the first two: a direction the data leave open.
    return [a, b, a - 2 * b, c];
  });
  const X = matrixFromRows(rows);
  for (const scale of [false, true]) {
    const auto = new PCA({ scale }).fit(X);
    const cov = new PCA({ scale, method: 'covariance' }).fit(X);
    assert.equal(auto.fittedMethod, 'covariance', `scale ${scale}`);
    assert.deepEqual(auto.toJSON(), { ...cov.toJSON(), method: 'auto' }, `scale ${scale}`);
    // The kept components include the zero-variance one.
    assert.ok(auto.explainedVariance[3] < 1e-8 * auto.explainedVariance[0]);
  }
  // Keeping only the components of ordinary variance needs no other route.
  const { X: W } = walshData([100, 1, 2e-6, 1e-6]);
  assert.equal(new PCA({ nComponents: 2 }).fit(W).fittedMethod, 'covariance');
  // A dependent column beside a column 1e8 times narrower than the others: the narrow one is computed by SVD.
  const narrow = matrixFromRows(rows.map((r) => [r[0], r[1], r[2], 1e-7 * r[3]]));
  const pca = new PCA({ nComponents: 3 }).fit(narrow);
  assert.equal(pca.fittedMethod, 'svd');
  assert.deepEqual(pca.toJSON(), {
    ...new PCA({ nComponents: 3, method: 'svd' }).fit(narrow).toJSON(),
    method: 'auto',
  });
});

/** X with a column of `value` in front of its columns, each scaled by `f`. */
function withConstant(X: FeatureMatrix, value: number, f = 1): FeatureMatrix {
  const rows = Array.from({ length: X.n }, (_, i) => [
    value,
    ...Array.from(X.data.subarray(i * X.p, (i + 1) * X.p), (v) => v * f),
  ]);
  return matrixFromRows(rows);
}

test('tsneSparseAffinities: a constant column of 1e200 beside ordinary ones changes nothing (before: uniform P)', () => {
  const { X } = clusters(12, 6);
  for (const neighbors of [undefined, X.n - 1]) {
    const base = tsneSparseAffinities(withConstant(X, 0), 5, neighbors);
    for (const value of [1e200, -1.5e300, 1e78]) {
      const P = tsneSparseAffinities(withConstant(X, value), 5, neighbors);
      assert.deepEqual(P, base, `constant ${value}, neighbors ${neighbors}`);
    }
  }
  // The layout, too.
  const a = tsne(withConstant(X, 0), { perplexity: 5, iterations: 120, seed: 4 });
  const b = tsne(withConstant(X, 1e200), { perplexity: 5, iterations: 120, seed: 4 });
  assert.deepEqual(b, a);
});

test('tsneSparseAffinities: spreads of 1e-170 beside a column of ones give the P of the data (before: uniform P)', () => {
  const { X } = clusters(12, 7);
  const base = tsneSparseAffinities(X, 5);
  for (const [value, f] of [
    [1, 1e-170],
    [-3, 1e-300],
    [1e300, 1e200],
  ]) {
    const P = tsneSparseAffinities(withConstant(X, value, f), 5);
    assert.deepEqual(P.cols, base.cols, `${value}, ${f}: neighbours`);
    for (let e = 0; e < P.values.length; e++) {
      const [u, w] = [P.values[e], base.values[e]];
      assert.ok(Math.abs(u - w) <= 1e-3 * w, `${value}, ${f}, entry ${e}: ${u} vs ${w}`);
    }
  }
  // A matrix of one constant column: every distance is 0 and P is uniform, 1 / (n (n - 1)) with all neighbours.
  const P = tsneSparseAffinities(matrixFromRows([[1e300], [1e300], [1e300], [1e300]]), 1.5, 3);
  for (const v of P.values) assert.ok(Math.abs(v - 1 / 12) < 1e-15);
});

test('scatterMatrix refuses sums of squares beyond the float range, naming the column (before: Infinity)', () => {
  const X = featureMatrix(Float64Array.from([1e200, 2, 3, 4]), 2, 2, ['a', 'b']);
  assert.throws(
    () => scatterMatrix(X, [0, 0], [1, 1]),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /scatterMatrix: .*beyond the float range .* column 'a';/.test(e.message) &&
      !e.message.includes("'b'"),
  );
  const Y = featureMatrix(Float64Array.from([1e200, -2e200, 3, 4]), 2, 2, ['a', 'b']);
  assert.throws(() => scatterMatrix(Y, [0, 0], [1, 1]), /columns 'a', 'b'/);
  // A larger scale brings it back: column a / 1e200 is [1, 3e-200], so S = [[1, 2 + 1.2e-199], [2 + 1.2e-199, 20]].
  const S = scatterMatrix(X, [0, 0], [1e200, 1]);
  [1, 2, 2, 20].forEach((want, k) => assert.ok(Math.abs(S[k] - want) < 1e-15 * want, `S[${k}] = ${S[k]}`));
  // One value of 1e155 in 1,000 rows: a variance of 1e307, within the float range, but a sum of squares of 1e310.
  // PCA's covariance route divides such values by their largest before it calls scatterMatrix: it fits as before.
  const rows = Array.from({ length: 1000 }, (_, i) => [i === 0 ? 1e155 : 0, i % 3]);
  assert.throws(() => scatterMatrix(matrixFromRows(rows), [0, 1], [1, 1]), /for column 'x0';/);
  const pca = new PCA({ method: 'covariance' }).fit(matrixFromRows(rows));
  // Centred: 1e155 - 1e152 once and -1e152 999 times; (0.999^2 + 999e-6) 1e310 / 999 = 1e307.
  const want = 1e307;
  assert.ok(Math.abs(pca.explainedVariance[0] / want - 1) < 1e-12, `PC1: ${pca.explainedVariance[0]}`);
  assert.ok(Math.abs(pca.components.data[0] - 1) < 1e-12);
});

test('tsne, tsneSparseAffinities and tsneAffinities refuse a matrix without columns, naming themselves (before: noise)', () => {
  const Z = featureMatrix(new Float64Array(0), 6, 0);
  for (const [what, run] of [
    ['tsne', () => tsne(Z, { iterations: 10, seed: 1 })],
    ['tsneSparseAffinities', () => tsneSparseAffinities(Z, 1)],
    ['tsneAffinities', () => tsneAffinities(Z, 1)],
  ] as const) {
    assert.throws(
      run,
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `${what}: X has no feature columns (6 x 0); it needs at least 1`,
    );
  }
});
