// correlationMatrix on columns of huge or tiny values (found by the 19th review): their squares overflow or
// underflow, which gave NaN everywhere, the diagonal included, though a non-constant column has 1 there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng, correlationMatrix, matrixFromRows } from '../../lib/index.js';

const close = (a: number, b: number, what: string, tol = 1e-14) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// x = (1, 2, 3, 4), y = (2, 1, 4, 3): r = 3 / 5 = 0.6.
const base = [
  [1, 2],
  [2, 1],
  [3, 4],
  [4, 3],
];

test('correlationMatrix: columns of values about 1e155 to 1e300 and 1e-170 to 1e-300 get their correlations', () => {
  for (const s of [1e-300, 1e-170, 1e155, 1e200, 1e300]) {
    const rows = base.map((r) => r.map((v) => v * s));
    // Complete data (one pass of cross-products), then one missing value, which takes the pairwise path.
    for (const [path, R] of [
      ['complete', correlationMatrix(matrixFromRows(rows))],
      ['pairwise', correlationMatrix(matrixFromRows([...rows, [NaN, 1]]))],
    ] as const) {
      close(R[0][1], 0.6, `${s} ${path}: r`);
      close(R[1][0], 0.6, `${s} ${path}: r (symmetric)`);
      close(R[0][0], 1, `${s} ${path}: diagonal`);
      close(R[1][1], 1, `${s} ${path}: diagonal`);
    }
  }
});

test('correlationMatrix: a huge or tiny column beside ordinary ones; values near the float limit', () => {
  // Column 0 is x * 1e200, column 1 is y, column 2 is x * 1e-200, column 3 constant: r(0, 1) = 0.6, r(0, 2) = 1.
  const rows = base.map(([x, y]) => [x * 1e200, y, x * 1e-200, 5]);
  for (const X of [rows, [...rows, [NaN, NaN, NaN, 5]]]) {
    const R = correlationMatrix(matrixFromRows(X));
    close(R[0][1], 0.6, 'r(huge, y)');
    close(R[1][2], 0.6, 'r(y, tiny)');
    close(R[0][2], 1, 'r(huge, tiny)');
    for (let j = 0; j < 4; j++) assert.ok(Number.isNaN(R[3][j]), 'a constant column stays NaN');
  }
  // Values whose sum overflows (the mean was Infinity): (1e308, -1e308, 5e307) against (1, 2, 4).
  const R = correlationMatrix(
    matrixFromRows([
      [1e308, 1],
      [-1e308, 2],
      [5e307, 4],
    ]),
  );
  const dx = [1, -1, 0.5].map((v) => v - 0.5 / 3);
  const dy = [1, 2, 4].map((v) => v - 7 / 3);
  const dot = (u: number[], v: number[]) => u.reduce((s, ui, i) => s + ui * v[i], 0);
  close(R[0][1], dot(dx, dy) / Math.sqrt(dot(dx, dx) * dot(dy, dy)), 'r near the float limit', 1e-12);
  close(R[0][0], 1, 'diagonal near the float limit');
});

test('correlationMatrix: a pair scaled over its own rows, not a value of a row the pair does not use', () => {
  // Column 1 holds 1e6 in the row where column 0 is missing: the pair (0, 1) uses the other rows only, whose values
  // are about 1e-170 (scaled by the column's largest value, 1e6, they would still underflow).
  const rows = [...base.map((r) => r.map((v) => v * 1e-170)), [NaN, 1e6]];
  const R = correlationMatrix(matrixFromRows(rows));
  close(R[0][1], 0.6, 'r');
  close(R[1][1], 1, 'diagonal');
});

test('correlationMatrix: ordinary columns keep their plain arithmetic, bit for bit', () => {
  // Only columns whose squares leave the float range are scaled: here (values about 1, 1e100 and 1e-100) r is the
  // plain two-pass formula to the last bit.
  const rng = new Rng(3);
  const rows = Array.from({ length: 50 }, () => [rng.normal(), rng.normal() * 1e100, rng.normal() * 1e-100]);
  const R = correlationMatrix(matrixFromRows(rows));
  const col = (j: number) => rows.map((r) => r[j]);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      const [u, v] = [col(a), col(b)];
      const [mu, mv] = [mean(u), mean(v)];
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < u.length; i++) {
        sxy += (u[i] - mu) * (v[i] - mv);
        sxx += (u[i] - mu) * (u[i] - mu);
        syy += (v[i] - mv) * (v[i] - mv);
      }
      assert.equal(R[a][b], sxy / (Math.sqrt(sxx) * Math.sqrt(syy)), `r(${a}, ${b})`);
    }
  }
});
