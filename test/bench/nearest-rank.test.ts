// The serve benchmark's latency quantiles: nearest rank, the ceil(q * n)-th smallest value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestRankQuantile } from '../../bench/nearest-rank.js';

test('nearestRankQuantile is the ceil(q * n)-th smallest value, in numeric order, leaving the sample as it was', () => {
  const xs = Float64Array.of(50, 10, 30, 20, 40, 100, 9);
  // Sorted: 9 10 20 30 40 50 100 (n = 7).
  const cases: [number, number][] = [
    [0, 9], // no rank below the first
    [1 / 7, 9], // ceil(1) = 1st
    [0.15, 10], // ceil(1.05) = 2nd
    [0.5, 30], // ceil(3.5) = 4th
    [4 / 7, 30], // ceil(4) = 4th: a rank exactly reached is not rounded up
    [0.99, 100], // ceil(6.93) = 7th
    [1, 100],
  ];
  for (const [q, want] of cases) assert.equal(nearestRankQuantile(xs, q, 'test'), want, `q = ${q}`);
  assert.deepEqual(Array.from(xs), [50, 10, 30, 20, 40, 100, 9]);
  assert.equal(nearestRankQuantile(Float64Array.of(7), 0.99, 'test'), 7);
});

test('nearestRankQuantile of no measurements is an error naming them', () => {
  assert.throws(() => nearestRankQuantile(new Float64Array(0), 0.99, 'serve.bench'), {
    message: 'serve.bench: the 0.99-quantile of no measurements',
  });
});
