import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  NotFittedError,
  PCA,
  Rng,
  loadingsTable,
  matrixFromRows,
  topLoadings,
} from '../../lib/index.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('loadingsTable: hand-computed case, two perfectly correlated columns each load 1 on PC1', () => {
  // x and y = x are perfectly correlated: scaled covariance [[1, 1], [1, 1]], eigenvalues 2 and 0,
  // PC1 = (1, 1)/sqrt 2, loadings sqrt 2 / sqrt 2 = 1 = corr(feature, score).
  const X = matrixFromRows(
    [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ],
    ['x', 'y'],
  );
  const pca = new PCA({ scale: true }).fit(X);
  const rows = loadingsTable(pca, { components: 1 });
  assert.deepEqual(
    rows.map((r) => Object.keys(r)),
    [
      ['feature', 'PC1'],
      ['feature', 'PC1'],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.feature),
    ['x', 'y'],
  );
  close(rows[0].PC1 as number, 1);
  close(rows[1].PC1 as number, 1);
  assert.equal(Object.keys(loadingsTable(pca)[0]).length, 3, 'all kept components by default');
  assert.equal(Object.keys(loadingsTable(pca, { components: 9 })[0]).length, 3, 'capped at the kept ones');
  assert.throws(() => loadingsTable(pca, { components: 0 }), InvalidArgumentError);
  assert.throws(() => loadingsTable(new PCA()), NotFittedError);
});

test('loadingsTable and topLoadings: scaled loadings are correlations with the scores; ranked by |loading|', () => {
  const rng = new Rng(11);
  // Two factors: f drives a, b (and -c); g drives d, e.
  const rows = Array.from({ length: 2000 }, () => {
    const f = rng.normal();
    const g = rng.normal();
    return [f + rng.normal(0, 0.3), 2 * f + rng.normal(0, 0.6), -f + rng.normal(0, 0.9), g, g + rng.normal(0, 1)];
  });
  const X = matrixFromRows(rows, ['a', 'b', 'c', 'd', 'e']);
  const pca = new PCA({ scale: true }).fit(X);
  const S = pca.transform(X);
  const table = loadingsTable(pca, { components: 2 });
  // Loading of feature j on PCc = Pearson correlation of column j with the score column c.
  const corr = (u: number[], v: number[]) => {
    const mu = u.reduce((s, x) => s + x, 0) / u.length;
    const mv = v.reduce((s, x) => s + x, 0) / v.length;
    let suv = 0;
    let suu = 0;
    let svv = 0;
    u.forEach((x, i) => {
      suv += (x - mu) * (v[i] - mv);
      suu += (x - mu) ** 2;
      svv += (v[i] - mv) ** 2;
    });
    return suv / Math.sqrt(suu * svv);
  };
  for (let j = 0; j < 5; j++) {
    for (let c = 0; c < 2; c++) {
      const score = Array.from({ length: S.n }, (_, i) => S.data[i * S.p + c]);
      close(
        table[j][`PC${c + 1}`] as number,
        corr(
          rows.map((r) => r[j]),
          score,
        ),
        1e-9,
      );
    }
  }
  const top = topLoadings(pca, { components: 2, top: 3 });
  assert.equal(top.length, 6);
  assert.deepEqual(
    top.map((r) => [r.component, r.rank]),
    [
      ['PC1', 1],
      ['PC1', 2],
      ['PC1', 3],
      ['PC2', 1],
      ['PC2', 2],
      ['PC2', 3],
    ],
  );
  // PC1 is the f factor: a, b, c lead it; PC2 the g factor: d and e.
  assert.deepEqual(new Set(top.slice(0, 3).map((r) => r.feature)), new Set(['a', 'b', 'c']));
  assert.deepEqual(new Set(top.slice(3, 5).map((r) => r.feature)), new Set(['d', 'e']));
  const pc1 = top.slice(0, 3).map((r) => Math.abs(r.loading));
  assert.ok(pc1[0] >= pc1[1] && pc1[1] >= pc1[2], 'sorted by |loading|');
  close(top[0].varianceRatio, pca.explainedVarianceRatio[0]);
  const l1 = table.find((r) => r.feature === top[0].feature)!;
  close(top[0].loading, l1.PC1 as number);
  assert.equal(topLoadings(pca).length, 15, 'defaults: 3 components x 5 features');
  assert.throws(() => topLoadings(pca, { top: 0 }), InvalidArgumentError);
});
