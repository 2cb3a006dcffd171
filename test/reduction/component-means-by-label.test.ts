// componentMeansByLabel and strongCorrelations: the tables of notebook 02, from the library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidArgumentError,
  PCA,
  componentMeansByLabel,
  matrixFromRows,
  strongCorrelations,
  type CategoryColumn,
} from '../../lib/index.js';

test('label means on the components, in component SDs; rows of a missing label are left out', () => {
  // Points on the line y = x: PC1 carries everything; scores are (x - mean) * sqrt(2) up to sign.
  const xs = [0, 1, 2, 3, 4, 5];
  const X = matrixFromRows(xs.map((x) => [x, x]));
  const pca = new PCA({ nComponents: 1 }).fit(X);
  const labels: CategoryColumn = {
    type: 'category',
    codes: Int32Array.from([0, 0, 1, 1, -1, 2]),
    categories: ['a', 'b', 'c', 'd'],
  };
  const rows = componentMeansByLabel(pca, X, labels, 1);
  const S = pca.transform(X).data;
  const sd = Math.sqrt(pca.explainedVariance[0]);
  assert.deepEqual(
    rows.map((r) => [r.fit, r.n]),
    [
      ['a', 2],
      ['b', 2],
      ['c', 1],
      ['d', 0],
    ],
  );
  assert.ok(Math.abs((rows[0].PC1 as number) - (S[0] + S[1]) / 2 / sd) < 1e-12);
  assert.ok(Math.abs((rows[2].PC1 as number) - S[5] / sd) < 1e-12);
  assert.ok(Number.isNaN(rows[3].PC1));
  // All rows together: mean 0 (the label means weighted by n, with the missing row's score, sum to 0).
  const total = (rows[0].PC1 as number) * 2 + (rows[1].PC1 as number) * 2 + (rows[2].PC1 as number) + S[4] / sd;
  assert.ok(Math.abs(total) < 1e-12);
  assert.throws(
    () => componentMeansByLabel(pca, X, { ...labels, codes: Int32Array.from([0]) }, 1),
    InvalidArgumentError,
  );
  assert.throws(() => componentMeansByLabel(pca, X, labels, 2), /k must be an integer in 1\.\.1/);
});

test('strong correlations: each pair once, |r| >= threshold, strongest first, undefined ones left out', () => {
  const R = [
    [1, 0.6, -0.9, NaN],
    [0.6, 1, 0.2, 0.5],
    [-0.9, 0.2, 1, 0],
    [NaN, 0.5, 0, 1],
  ];
  assert.deepEqual(strongCorrelations(R, ['w', 'x', 'y', 'z']), [
    { a: 'w', b: 'y', r: -0.9 },
    { a: 'w', b: 'x', r: 0.6 },
    { a: 'x', b: 'z', r: 0.5 },
  ]);
  assert.deepEqual(strongCorrelations(R, ['w', 'x', 'y', 'z'], 0.7), [{ a: 'w', b: 'y', r: -0.9 }]);
  assert.throws(() => strongCorrelations(R, ['w', 'x']), InvalidArgumentError);
});
