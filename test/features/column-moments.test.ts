// scaledColumnMoments' documented ends: a constant (all-zero) column and fewer values than ddof + 1 have sd 0, not
// NaN; values near the float limit keep a finite mean and sd; NaN values are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scaledColumnMoments } from '../../lib/features/column-moments.js';

test('an all-zero column has mean 0 and sd 0 (its largest magnitude is 0)', () => {
  const data = Float64Array.from([0, 1, 0, 2, -0, 3]); // column 0 is zeros, column 1 is 1, 2, 3
  for (const ddof of [0, 1] as const) assert.deepEqual(scaledColumnMoments(data, 3, 2, 0, ddof), { mean: 0, sd: 0 });
  assert.deepEqual(scaledColumnMoments(data, 3, 2, 0, 0, 0), { mean: 0, sd: 0 }, 'a given mean is kept');
});

test('fewer than ddof + 1 values give sd 0; NaN values are skipped', () => {
  const one = Float64Array.from([NaN, 5, NaN]);
  assert.deepEqual(scaledColumnMoments(one, 3, 1, 0, 1), { mean: 5, sd: 0 });
  assert.deepEqual(scaledColumnMoments(one, 3, 1, 0, 0), { mean: 5, sd: 0 });
  assert.deepEqual(scaledColumnMoments(Float64Array.from([NaN, NaN]), 2, 1, 0, 1), { mean: 0, sd: 0 });
});

test('values near the float limit: finite mean and the population and sample sd of the definition', () => {
  // 1e300 and 3e300: mean 2e300, deviations ±1e300, population sd 1e300, sample sd sqrt(2) * 1e300.
  const big = Float64Array.from([1e300, 3e300]);
  const pop = scaledColumnMoments(big, 2, 1, 0, 0);
  const sample = scaledColumnMoments(big, 2, 1, 0, 1);
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-14 * Math.abs(b);
  assert.ok(close(pop.mean, 2e300) && close(pop.sd, 1e300), JSON.stringify(pop));
  assert.ok(close(sample.sd, Math.SQRT2 * 1e300), JSON.stringify(sample));
});
