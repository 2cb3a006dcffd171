import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PCA as MlPCA } from 'ml-pca';
import {
  InvalidArgumentError,
  ModelFormatError,
  PCA,
  Rng,
  estimatorFromJSON,
  featureMatrix,
  matrixFromRows,
  matrixToRows,
  type FeatureMatrix,
} from '../../lib/index.js';

/** n rows of correlated data: latent factors mixed into p columns plus noise, with unequal scales. */
function correlated(n: number, p: number, seed: number): FeatureMatrix {
  const rng = new Rng(seed);
  const W = Array.from({ length: 3 }, () => Array.from({ length: p }, () => rng.normal()));
  const rows = Array.from({ length: n }, () => {
    const f = [rng.normal(0, 3), rng.normal(0, 2), rng.normal(0, 1)];
    return Array.from(
      { length: p },
      (_, j) => (j + 1) * (f[0] * W[0][j] + f[1] * W[1][j] + f[2] * W[2][j]) + rng.normal(0, 0.3) + 10 * j,
    );
  });
  return matrixFromRows(rows);
}

/** ml-pca's components as rows, sign-normalised like ours (largest |coefficient| positive). */
function reference(X: FeatureMatrix, scale: boolean): { comps: number[][]; ratio: number[] } {
  const m = new MlPCA(matrixToRows(X), { center: true, scale });
  const U = m.getEigenvectors().to2DArray();
  const comps = U[0].map((_, c) => {
    const v = U.map((r) => r[c]);
    const big = v.reduce((b, x, j) => (Math.abs(x) > Math.abs(v[b]) ? j : b), 0);
    return v.map((x) => (v[big] < 0 ? -x : x));
  });
  return { comps, ratio: m.getExplainedVariance() };
}

for (const scale of [false, true]) {
  test(`PCA (scale ${scale}): covariance fast path and SVD both agree with ml-pca to 1e-6`, () => {
    const X = correlated(1500, 7, 1);
    const ref = reference(X, scale);
    for (const method of ['svd', 'covariance'] as const) {
      const pca = new PCA({ method, scale }).fit(X);
      assert.equal(pca.fittedMethod, method);
      const C = pca.components;
      for (let c = 0; c < 7; c++) {
        for (let j = 0; j < 7; j++)
          assert.ok(Math.abs(C.data[c * 7 + j] - ref.comps[c][j]) < 1e-6, `${method} comp ${c}`);
        assert.ok(Math.abs(pca.explainedVarianceRatio[c] - ref.ratio[c]) < 1e-6);
      }
    }
  });
}

test('PCA: points on a line have all variance on PC1; the scores are the signed distances along it', () => {
  const X = matrixFromRows([
    [0, 0],
    [1, 2],
    [2, 4],
    [3, 6],
  ]);
  const pca = new PCA().fit(X);
  assert.ok(Math.abs(pca.explainedVarianceRatio[0] - 1) < 1e-12);
  const v = Array.from(pca.components.data.subarray(0, 2));
  assert.ok(Math.abs(v[0] - 1 / Math.sqrt(5)) < 1e-12 && Math.abs(v[1] - 2 / Math.sqrt(5)) < 1e-12);
  const Z = pca.transform(X);
  assert.ok(Math.abs(Z.data[0] + 1.5 * Math.sqrt(5)) < 1e-12);
  // Sample variance of the scores along PC1 = first eigenvalue = var(x) + var(y) = 5/3 + 20/3.
  assert.ok(Math.abs(pca.explainedVariance[0] - 25 / 3) < 1e-12);
});

test('PCA: inverse transform of all components reconstructs X; truncation loses only minor variance', () => {
  const X = correlated(300, 5, 2);
  const full = new PCA({ scale: true }).fit(X);
  const back = full.inverseTransform(full.transform(X));
  for (let k = 0; k < X.data.length; k++) assert.ok(Math.abs(back.data[k] - X.data[k]) < 1e-8);
  const two = new PCA({ nComponents: 2 }).fit(X);
  assert.deepEqual(two.outputNames, ['PC1', 'PC2']);
  assert.equal(two.loadings.n, 2);
  const sum = two.explainedVarianceRatio.reduce((a, b) => a + b, 0);
  assert.ok(sum > 0.9 && sum < 1, `two components explain ${sum}`);
  // Loadings = component * sqrt(variance).
  assert.ok(Math.abs(two.loadings.data[0] - two.components.data[0] * Math.sqrt(two.explainedVariance[0])) < 1e-12);
});

test('PCA: loadings are the covariances of the features with the standardised scores (score / sqrt(variance))', () => {
  const X = correlated(300, 4, 7);
  const pca = new PCA().fit(X);
  const S = pca.transform(X);
  const L = pca.loadings;
  const { n, p } = X;
  const k = S.p;
  for (let c = 0; c < k; c++) {
    const sd = Math.sqrt(pca.explainedVariance[c]);
    for (let j = 0; j < p; j++) {
      let mx = 0;
      for (let i = 0; i < n; i++) mx += X.data[i * p + j] / n;
      let cov = 0; // the scores have mean 0
      for (let i = 0; i < n; i++) cov += ((X.data[i * p + j] - mx) * S.data[i * k + c]) / sd / (n - 1);
      assert.ok(Math.abs(L.data[c * p + j] - cov) <= 1e-9 * Math.max(1, Math.abs(cov)), `PC${c + 1}, x${j}`);
    }
  }
});

test('PCA (scale): a varying column of tiny values is scaled by its sd; constant 0 and 0.1 columns are not', () => {
  const tiny = [1e-13, 2e-13, 3e-13, 4e-13, 2.5e-13];
  const X = matrixFromRows(tiny.map((v, i) => [v, [1, 2, 2.5, 5, 3][i], 0, 0.1]));
  const mu = tiny.reduce((a, v) => a + v, 0) / tiny.length;
  const sd = Math.sqrt(tiny.reduce((a, v) => a + (v - mu) ** 2, 0) / (tiny.length - 1));
  const pca = new PCA({ scale: true }).fit(X);
  assert.ok(Math.abs(pca.scales[0] - sd) <= 1e-12 * sd, `${pca.scales[0]} vs ${sd}`);
  assert.equal(pca.scales[2], 1);
  assert.equal(pca.scales[3], 1);
});

test('PCA: n rows give at most n - 1 components, the same from both methods (hand-computed for 2 rows)', () => {
  // Two rows differ by (2, 0, -2): the one direction is (1, 0, -1) / sqrt(2), with variance |diff|^2 / 2 = 4.
  // Before: a second component of variance 0, an arbitrary direction that differed between the methods, which
  // scored a new row (0, 5, 0) as -2.83 (svd) or 3 (covariance).
  const X = matrixFromRows([
    [1, 2, 3],
    [3, 2, 1],
  ]);
  const row = matrixFromRows([[0, 5, 0]]);
  for (const method of ['svd', 'covariance'] as const) {
    const pca = new PCA({ method }).fit(X);
    assert.deepEqual(pca.outputNames, ['PC1'], method);
    assert.ok(Math.abs(pca.explainedVariance[0] - 4) < 1e-12, `${method}: ${pca.explainedVariance[0]}`);
    const c = Array.from(pca.components.data);
    [1 / Math.SQRT2, 0, -1 / Math.SQRT2].forEach((v, j) => assert.ok(Math.abs(c[j] - v) < 1e-12, `${method} ${j}`));
    assert.ok(Math.abs(pca.transform(row).data[0]) < 1e-12, method);
    // Both rows are reconstructed from the one component.
    const back = pca.inverseTransform(pca.transform(X)).data;
    X.data.forEach((v, k) => assert.ok(Math.abs(back[k] - v) < 1e-12, `${method}: value ${k}`));
  }
  // With more rows than features nothing is cut: p components, by default or asked for.
  assert.equal(new PCA().fit(correlated(5, 4, 2)).outputNames.length, 4);
  assert.equal(new PCA({ nComponents: 4 }).fit(correlated(5, 4, 2)).outputNames.length, 4);
});

test('PCA: JSON round trip transforms identically; bad options throw', () => {
  const X = correlated(50, 4, 3);
  const pca = new PCA({ nComponents: 3, scale: true }).fit(X);
  const back = estimatorFromJSON<PCA>(JSON.parse(JSON.stringify(pca.toJSON())));
  assert.deepEqual(back.transform(X).data, pca.transform(X).data);
  assert.throws(() => new PCA({ nComponents: 0 }), InvalidArgumentError);
  assert.throws(() => new PCA({ nComponents: 9 }).fit(X), /exceeds the 4 features/);
  // Before: ml-matrix's plain Error "Matrix must be non-empty".
  assert.throws(
    () => new PCA().fit(featureMatrix(new Float64Array(0), 5, 0, [])),
    (e: unknown) => e instanceof InvalidArgumentError && /at least 1 feature column/.test(e.message),
  );
  // More components than rows: as many as 3 centred rows give, 2.
  assert.deepEqual(new PCA({ nComponents: 4 }).fit(correlated(3, 5, 1)).outputNames, ['PC1', 'PC2']);
  // A tampered file: the explained-variance ratio silently became [0, 0] with a text totalVariance.
  const json = JSON.parse(JSON.stringify(pca.toJSON())) as Record<string, unknown>;
  for (const [key, value, re] of [
    ['totalVariance', 'abc', /totalVariance must be a finite number >= 0/],
    ['totalVariance', -1, /totalVariance must be a finite number >= 0/],
    ['fittedMethod', 'zzz', /fittedMethod must be 'svd' or 'covariance'/],
  ] as const) {
    assert.throws(
      () => estimatorFromJSON({ ...json, [key]: value }),
      (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
    );
  }
});

test('PCA.fromJSON: a non-finite mean or component, a scale not > 0 or a negative variance is refused, naming field and index', () => {
  const X = correlated(40, 3, 4);
  const json = JSON.parse(JSON.stringify(new PCA({ scale: true }).fit(X).toJSON())) as Record<string, unknown>;
  const comps = (json.components as number[]).slice();
  comps[4] = null as unknown as number;
  for (const [key, value, re] of [
    // Before: each loaded; scales [0, ...] made every score ±Infinity, a negative scale flipped a feature's sign.
    ['mean', [1, null, 2], /^pca: mean\[1\] is NaN, not a finite number$/],
    ['mean', ['Infinity', 1, 2], /^pca: mean\[0\] is Infinity, not a finite number$/],
    ['scales', [0, 1, 1], /^pca: scales\[0\] is 0, not a finite number > 0$/],
    ['scales', [1, -2, 1], /^pca: scales\[1\] is -2, not a finite number > 0$/],
    ['components', comps, /^pca: components\[4\] is NaN, not a finite number$/],
    ['variances', [2, -1, 0], /^pca: variances\[1\] is -1, not a finite number >= 0$/],
    ['variances', [2, 1, 'Infinity'], /^pca: variances\[2\] is Infinity, not a finite number >= 0$/],
  ] as const) {
    assert.throws(
      () => estimatorFromJSON({ ...json, [key]: value }),
      (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
      `${key} = ${JSON.stringify(value)}`,
    );
  }
});

test('PCA: what fit stores for constant, tiny and collinear columns (scale 1, variances 0, -0 coefficients) loads', () => {
  // A constant column, a constant 0.1 (sd a rounding residue), a tiny one and a collinear pair: zero variances.
  const X = matrixFromRows(
    [
      [5, 0.1, 1e-13, 1, 2],
      [5, 0.1, 2e-13, 2, 4],
      [5, 0.1, 1e-13, 3, 6],
      [5, 0.1, 3e-13, 5, 10],
    ],
    ['c', 'tenth', 'tiny', 'v', 'w'],
  );
  for (const method of ['svd', 'covariance'] as const) {
    for (const scale of [false, true]) {
      const pca = new PCA({ method, scale }).fit(X);
      // The data span 2 directions; of the 3 components kept (n - 1), one has zero variance up to rounding.
      assert.ok(Math.min(...pca.explainedVarianceRatio) < 1e-12, `${method} ${scale}: ${pca.explainedVariance}`);
      const back = estimatorFromJSON<PCA>(JSON.parse(JSON.stringify(pca.toJSON())));
      assert.deepEqual(back.transform(X).data, pca.transform(X).data, `${method} ${scale}`);
    }
  }
});

test('PCA.inverseTransform: Z must have the output names PC1..PCk in order', () => {
  const X = correlated(30, 3, 5);
  const pca = new PCA().fit(X);
  const Z = pca.transform(X);
  assert.deepEqual(pca.inverseTransform(Z).names, X.names);
  // Before: swapped score columns were multiplied by the other component, giving wrong features silently.
  const swapped = featureMatrix(Z.data.slice(), Z.n, 3, ['PC2', 'PC1', 'PC3']);
  assert.throws(
    () => pca.inverseTransform(swapped),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message === "PCA.inverseTransform: column 0 of Z is 'PC2'; the PCA's column 0 is 'PC1'",
  );
  assert.throws(
    () => pca.inverseTransform(featureMatrix(Z.data.slice(), Z.n, 3, ['PC1', 'PC2', 'height'])),
    /column 2 of Z is 'height'; the PCA's column 2 is 'PC3'/,
  );
  // A Z built without names (x0, x1, x2) is read by position, as transform reads an unnamed X.
  assert.deepEqual(
    matrixToRows(pca.inverseTransform(matrixFromRows([[0, 0, 0]]))),
    matrixToRows(pca.inverseTransform(matrixFromRows([[0, 0, 0]], ['PC1', 'PC2', 'PC3']))),
  );
  assert.throws(
    () => pca.inverseTransform(matrixFromRows([[1, 0, 0]], ['x1', 'x0', 'x2'])),
    /column 0 of Z is 'x1'; the PCA's column 0 is 'PC1'/,
  );
  assert.deepEqual(matrixToRows(pca.inverseTransform(matrixFromRows([[0, 0, 0]], ['PC1', 'PC2', 'PC3']))), [
    Array.from(pca.means),
  ]);
});

/** X with column j multiplied by factors[j]. */
function scaledColumns(X: FeatureMatrix, factors: number[]): FeatureMatrix {
  return featureMatrix(
    X.data.map((v, k) => v * factors[k % X.p]),
    X.n,
    X.p,
    X.names.slice(),
  );
}

function closeRel(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let k = 0; k < a.length; k++) {
    assert.ok(Math.abs(a[k] - b[k]) <= tol * Math.max(1, Math.abs(b[k])), `${what}[${k}]: ${a[k]} vs ${b[k]}`);
  }
}

// Before: a fit on a column of about 1e200 stored an infinite scale or variance, and one near 1.7e308 an infinite
// mean, which fromJSON refused: the fit succeeded and its saved state did not load.
test('PCA (scale): columns of about 1e200, 1e-200 and 1e307 save, load and project as the unscaled columns do', () => {
  const X = correlated(40, 3, 6);
  for (const method of ['svd', 'covariance'] as const) {
    const reference = new PCA({ scale: true, method }).fit(X);
    for (const factors of [
      [1, 1e200, 1e-200],
      [1e307, 1, 1],
    ]) {
      const Xs = scaledColumns(X, factors);
      const pca = new PCA({ scale: true, method }).fit(Xs);
      const back = estimatorFromJSON<PCA>(JSON.parse(JSON.stringify(pca.toJSON())));
      assert.deepEqual(back.transform(Xs).data, pca.transform(Xs).data, `${method}, factors ${factors}`);
      // Standardised columns do not depend on the columns' units: the same components and scores.
      closeRel(pca.transform(Xs).data, reference.transform(X).data, 1e-9, `${method} scores, factors ${factors}`);
      closeRel(pca.explainedVariance, reference.explainedVariance, 1e-9, `${method} variances, factors ${factors}`);
    }
  }
});

test('PCA (no scale): a variance beyond the float range is refused at fit naming the column; one within it loads', () => {
  const X = correlated(40, 3, 7);
  assert.throws(
    () => new PCA().fit(scaledColumns(X, [1, 1e200, 1])),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^PCA: column 'x1' varies too widely: .* beyond the float range .*; rescale the column or use scale: true$/.test(
        e.message,
      ),
  );
  // Values about 1e153: their variance (about 1e307) is a float, the plain sum of their 40 squares is not. PCA is
  // homogeneous: PCA(c X) has the components of PCA(X) and c^2 times its variances.
  const big = scaledColumns(X, [1e153, 1, 1]);
  const small = scaledColumns(X, [1, 1e-153, 1e-153]);
  for (const method of ['svd', 'covariance'] as const) {
    const pca = new PCA({ method }).fit(big);
    const reference = new PCA({ method }).fit(small);
    const back = estimatorFromJSON<PCA>(JSON.parse(JSON.stringify(pca.toJSON())));
    assert.deepEqual(back.transform(big).data, pca.transform(big).data, method);
    closeRel(pca.components.data, reference.components.data, 1e-9, `${method} components`);
    closeRel(
      pca.explainedVariance.map((v) => v / 1e306),
      reference.explainedVariance,
      1e-9,
      `${method} variances`,
    );
  }
});
