import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, PCA, Rng, matrixFromRows, scatterMatrix } from '../../lib/index.js';

test('scatterMatrix: a hand-computed 3 x 2 case', () => {
  // Centred rows (-1, -2), (0, 0), (1, 2): S = [[2, 4], [4, 8]].
  const X = matrixFromRows([
    [1, 2],
    [2, 4],
    [3, 6],
  ]);
  assert.deepEqual(Array.from(scatterMatrix(X, [2, 4], [1, 1])), [2, 4, 4, 8]);
  // Scaled by (1, 2): z = (-1, -1), (0, 0), (1, 1).
  assert.deepEqual(Array.from(scatterMatrix(X, [2, 4], [1, 2])), [2, 2, 2, 2]);
});

test('scatterMatrix equals the naive sum of outer products (odd p, n not a multiple of the block)', () => {
  const rng = new Rng(3);
  for (const [n, p] of [
    [1, 1],
    [130, 5],
    [64, 2],
    [200, 7],
  ]) {
    const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal(5, 3)));
    const X = matrixFromRows(rows);
    const mean = Array.from({ length: p }, () => rng.normal(5, 1));
    const scale = Array.from({ length: p }, () => 0.5 + rng.next());
    const S = scatterMatrix(X, mean, scale);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        let ref = 0;
        for (const r of rows) ref += ((r[a] - mean[a]) / scale[a]) * ((r[b] - mean[b]) / scale[b]);
        assert.ok(Math.abs(S[a * p + b] - ref) <= 1e-9 * Math.max(1, Math.abs(ref)), `n ${n} p ${p} (${a}, ${b})`);
      }
    }
  }
});

test('scatterMatrix refuses a mean or scale of the wrong length', () => {
  assert.throws(() => scatterMatrix(matrixFromRows([[1, 2]]), [0], [1, 1]), InvalidArgumentError);
});

test('scatterMatrix refuses a zero or NaN scale or mean and NaN or infinite values, naming where (before: NaN)', () => {
  const X = matrixFromRows(
    [
      [1, 2],
      [3, 4],
    ],
    ['a', 'b'],
  );
  const refused = (f: () => unknown, message: string) =>
    assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && e.message === message);
  refused(
    () => scatterMatrix(X, [0, 0], [1, 0]),
    "scatterMatrix: scale of column 'b' is 0; it must be a finite number > 0",
  );
  refused(
    () => scatterMatrix(X, [0, 0], [NaN, 1]),
    "scatterMatrix: scale of column 'a' is NaN; it must be a finite number > 0",
  );
  refused(() => scatterMatrix(X, [0, NaN], [1, 1]), "scatterMatrix: mean of column 'b' is NaN");
  const bad = (v: number) =>
    matrixFromRows(
      [
        [1, 2],
        [3, v],
      ],
      ['a', 'b'],
    );
  refused(() => scatterMatrix(bad(NaN), [0, 0], [1, 1]), "scatterMatrix: row 1, column 'b' is NaN");
  refused(() => scatterMatrix(bad(-Infinity), [0, 0], [1, 1]), "scatterMatrix: row 1, column 'b' is -Infinity");
  refused(
    () => scatterMatrix(bad(1e300), [0, 0], [1, 1e-10]),
    "scatterMatrix: row 1, column 'b': (1e+300 - mean 0) / scale 1e-10 is beyond the float range",
  );
});

test('PCA (covariance path) refuses NaN and Infinity at fit and transform, naming the first bad cell', () => {
  const X = matrixFromRows(
    [
      [1, 2],
      [3, NaN],
      [Infinity, 4],
    ],
    ['a', 'b'],
  );
  assert.throws(() => new PCA({ method: 'covariance' }).fit(X), /PCA: row 1, column 'b' is NaN/);
  const pca = new PCA({ method: 'covariance' }).fit(
    matrixFromRows([
      [1, 2],
      [2, 1],
      [3, 5],
    ]),
  );
  assert.throws(
    () =>
      pca.transform(
        matrixFromRows([
          [1, 2],
          [-Infinity, 0],
        ]),
      ),
    /PCA: row 1, column 'x0' is -Infinity/,
  );
  assert.throws(() => pca.transform(matrixFromRows([[1, 2, 3]])), /X has 3 features; it was fitted on 2/);
});
