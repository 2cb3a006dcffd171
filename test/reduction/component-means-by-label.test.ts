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
  // Before: a TypeError ("Cannot read properties of undefined") for a code beyond the categories.
  assert.throws(
    () => componentMeansByLabel(pca, X, { ...labels, codes: Int32Array.from([0, 0, 1, 4, -1, 2]) }, 1),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === 'componentMeansByLabel: labels row 3: code 4 has no category',
  );
});

test('a component with no variance (zero up to rounding) gets NaN means; a small real one keeps its value', () => {
  // x, 2x + 1 and x mod 2 span a plane: PC3 has variance ~1e-33 and scores of rounding noise (~1e-16).
  const xs = [0, 1, 2, 3, 4, 5];
  const X = matrixFromRows(xs.map((x) => [x, 2 * x + 1, x % 2]));
  const pca = new PCA().fit(X);
  assert.ok(pca.explainedVarianceRatio[2] <= 1e-12, 'the example must have a degenerate PC3');
  const labels: CategoryColumn = {
    type: 'category',
    codes: Int32Array.from([0, 0, 1, 1, 0, 1]),
    categories: ['s', 'l'],
  };
  const rows = componentMeansByLabel(pca, X, labels, 3);
  const S = pca.transform(X).data;
  assert.equal(rows.length, 2);
  const members: number[][] = [
    [0, 1, 4],
    [2, 3, 5],
  ];
  rows.forEach((r, c) => {
    for (let j = 0; j < 2; j++) {
      const mean = members[c].reduce((a, i) => a + S[i * 3 + j], 0) / 3;
      const got = r[`PC${j + 1}`] as number;
      assert.ok(Math.abs(got - mean / Math.sqrt(pca.explainedVariance[j])) < 1e-12, `${r.fit} PC${j + 1}: ${got}`);
    }
    assert.ok(Number.isNaN(r.PC3), `${r.fit} PC3 is ${r.PC3}, not NaN`);
  });
  // Three rows: centred, they have n - 1 = 2 directions, and the PCA keeps 2 components (before: 3, the third
  // empty and arbitrary), both with finite means.
  const T = matrixFromRows([
    [1, 2, 0],
    [3, 1, 5],
    [0, 4, 2],
  ]);
  const tl: CategoryColumn = { type: 'category', codes: Int32Array.from([0, 1, 1]), categories: ['a', 'b'] };
  const tr = componentMeansByLabel(new PCA().fit(T), T, tl, 2);
  assert.ok(tr.every((r) => Number.isFinite(r.PC1) && Number.isFinite(r.PC2)));
  assert.throws(() => componentMeansByLabel(new PCA().fit(T), T, tl, 3), /k must be an integer in 1\.\.2/);
  // A real but small second direction (share ~8e-10 of the variance) is not degenerate: its means are kept.
  const Y = matrixFromRows(xs.map((x, i) => [x, x + 1e-4 * (i % 2 ? 1 : -1)]));
  const py = new PCA().fit(Y);
  const ry = componentMeansByLabel(py, Y, labels, 2);
  const SY = py.transform(Y).data;
  const mean0 = (SY[1] + SY[3] + SY[9]) / 3;
  assert.ok(Math.abs((ry[0].PC2 as number) - mean0 / Math.sqrt(py.explainedVariance[1])) < 1e-9);
  assert.ok(Math.abs(ry[0].PC2 as number) > 0.1);
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
