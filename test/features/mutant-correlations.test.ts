// Cases found by mutation testing of lib/features: the bounds of correlations and of the strong-pair threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correlationMatrix, matrixFromRows, strongCorrelations } from '../../lib/index.js';

test('correlationMatrix: a correlation never leaves [-1, 1], even where rounding would push it past 1', () => {
  // Column a = [0, 0, 0, 2] has mean 0.5 and centred sum of squares 3; sqrt(3) * sqrt(3) rounds below 3, so the
  // unclamped quotient is 1 + 2^-52. Column b = 3a + 1 is perfectly correlated with a, c = -a perfectly against it.
  const rows = [0, 0, 0, 2].map((a) => [a, 3 * a + 1, -a]);
  for (const [label, X] of [
    ['complete', matrixFromRows(rows, ['a', 'b', 'c'])],
    // A missing value sends every pair through the pairwise-complete path; the other three rows are unchanged.
    ['with a missing row', matrixFromRows([...rows, [NaN, 1, 0]], ['a', 'b', 'c'])],
  ] as const) {
    const R = correlationMatrix(X);
    for (const row of R) for (const r of row) assert.ok(r >= -1 && r <= 1, `${label}: ${r} is outside [-1, 1]`);
    assert.equal(R[0][0], 1, `${label}: diagonal`);
    assert.ok(Math.abs(R[0][1] - 1) <= 1e-12, `${label}: r(a, 3a + 1) = ${R[0][1]}`);
    assert.ok(Math.abs(R[0][2] + 1) <= 1e-12, `${label}: r(a, -a) = ${R[0][2]}`);
  }
});

test('strongCorrelations: a correlation exactly at the threshold is strong (at least, not above)', () => {
  const R = [
    [1, 0.5, -0.5],
    [0.5, 1, 0.49],
    [-0.5, 0.49, 1],
  ];
  const pairs = strongCorrelations(R, ['a', 'b', 'c'], 0.5);
  assert.deepEqual(
    pairs.map((p) => [p.a, p.b, p.r]),
    [
      ['a', 'b', 0.5],
      ['a', 'c', -0.5],
    ],
  );
});
