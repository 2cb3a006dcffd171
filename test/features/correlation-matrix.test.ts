import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, Rng, correlationMatrix, matrixFromRows } from '../../lib/index.js';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('correlationMatrix: hand-computed Pearson r, symmetric, constant column NaN', () => {
  // x = 1..4; y = 2x (r = 1); z = (1, 3, 2, 4): r(x, z) = 4 / sqrt(5 * 5) = 0.8; w constant.
  const X = matrixFromRows(
    [
      [1, 2, 1, 7],
      [2, 4, 3, 7],
      [3, 6, 2, 7],
      [4, 8, 4, 7],
    ],
    ['x', 'y', 'z', 'w'],
  );
  const R = correlationMatrix(X);
  close(R[0][1], 1);
  close(R[0][2], 0.8);
  close(R[1][2], 0.8);
  close(R[2][0], 0.8);
  for (let j = 0; j < 3; j++) close(R[j][j], 1);
  for (let j = 0; j < 4; j++) assert.ok(Number.isNaN(R[3][j]) && Number.isNaN(R[j][3]), 'constant column');
});

test('correlationMatrix: pairwise-complete rows when values are missing', () => {
  // Pair (x, z) uses rows 0, 1, 3: x = 1, 2, 4; z = 1, 3, 4 -> hand-computed r below.
  const X = matrixFromRows(
    [
      [1, 1, 1],
      [2, NaN, 3],
      [3, 5, NaN],
      [4, 2, 4],
    ],
    ['x', 'y', 'z'],
  );
  const R = correlationMatrix(X);
  // means 7/3 and 8/3; deviations x: -4/3, -1/3, 5/3; z: -5/3, 1/3, 4/3.
  const sxz = (20 - 1 + 20) / 9;
  const sxx = (16 + 1 + 25) / 9;
  const szz = (25 + 1 + 16) / 9;
  close(R[0][2], sxz / Math.sqrt(sxx * szz));
  // (x, y) uses rows 0, 2, 3: x = 1, 3, 4; y = 1, 5, 2.
  const mx = 8 / 3;
  const my = 8 / 3;
  const dx = [1, 3, 4].map((v) => v - mx);
  const dy = [1, 5, 2].map((v) => v - my);
  const dot = (u: number[], v: number[]) => u.reduce((s, ui, i) => s + ui * v[i], 0);
  close(R[0][1], dot(dx, dy) / Math.sqrt(dot(dx, dx) * dot(dy, dy)));
  // (y, z) share only rows 0 and 3: two points, r = +1.
  close(R[1][2], 1);
  close(R[2][1], 1);
});

test('correlationMatrix: the fast complete-data path equals the pairwise path on seeded data', () => {
  const rng = new Rng(5);
  const rows = Array.from({ length: 300 }, () => {
    const f = rng.normal();
    return [f + rng.normal(0, 0.5), -2 * f + rng.normal(), rng.normal(), 3 + 0.1 * f];
  });
  const full = correlationMatrix(matrixFromRows(rows));
  // One NaN in a fifth column forces the pairwise path; the first four columns stay complete.
  const withNaN = correlationMatrix(matrixFromRows(rows.map((r, i) => [...r, i === 0 ? NaN : i])));
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) close(full[a][b], withNaN[a][b], 1e-12);
  // Population values: r(a, b) = -2 / sqrt(1.25 * 5) = -0.8; r(a, d) = 1 / sqrt(1.25) = 0.894; r(a, c) = 0.
  close(full[0][1], -0.8, 0.06);
  close(full[0][3], 1 / Math.sqrt(1.25), 0.04);
  close(full[0][2], 0, 0.12);
  assert.throws(() => correlationMatrix(matrixFromRows([[1, -Infinity]])), InvalidArgumentError);
});

test('correlationMatrix: a constant column of an inexact value (0.1) is NaN on both paths', () => {
  const x = [1, 2, 3, 5, 4, 9, 7];
  const rows = x.map((v) => [0.1, v, 0.1]);
  // Its centred sum of squares is a rounding residue above 0, so a variance test alone would pass it.
  const mean = rows.reduce((s, r) => s + r[0], 0) / rows.length;
  assert.ok(rows.reduce((s, r) => s + (r[0] - mean) ** 2, 0) > 0);
  const full = correlationMatrix(matrixFromRows(rows, ['a', 'x', 'b']));
  const pairwise = correlationMatrix(matrixFromRows(rows.map((r, i) => [...r, i === 0 ? NaN : i])));
  for (const R of [full, pairwise]) {
    for (const j of [0, 1, 2]) {
      assert.ok(Number.isNaN(R[0][j]) && Number.isNaN(R[j][0]), `column a with ${j}`);
      assert.ok(Number.isNaN(R[2][j]) && Number.isNaN(R[j][2]), `column b with ${j}`);
    }
    close(R[1][1], 1);
  }
});

test('correlationMatrix: r does not depend on the scale, even where sxx * syy would under- or overflow', () => {
  // x = 1..4, y = (3, 1, 2, 4): sxy = 2, sxx = syy = 5, so r = 2 / 5 = 0.4 at every scale. At 1e-100 the
  // product of the sums of squares (~1e-399) underflows to 0; at 1e80 (~1e321) it overflows.
  const x = [1, 2, 3, 4];
  const y = [3, 1, 2, 4];
  for (const s of [1, 1e-100, 1e-120, 1e80, 1e100]) {
    const rows = x.map((v, i) => [v * s, y[i] * s]);
    const full = correlationMatrix(matrixFromRows(rows));
    // A NaN in a third column sends the pair through the pairwise path.
    const pairwise = correlationMatrix(matrixFromRows(rows.map((r, i) => [...r, i === 0 ? NaN : i])));
    for (const [path, R] of [
      ['complete', full],
      ['pairwise', pairwise],
    ] as const) {
      assert.ok(Math.abs(R[0][1] - 0.4) <= 1e-12 && R[1][0] === R[0][1], `${path} path, scale ${s}: r = ${R[0][1]}`);
      assert.ok(Math.abs(R[0][0] - 1) <= 1e-12, `${path} path, scale ${s}: diagonal ${R[0][0]}`);
    }
  }
});
