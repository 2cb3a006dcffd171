import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, meanInterval, studentTCdf, studentTQuantile } from '../../lib/index.js';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('Student t quantiles match the printed tables', () => {
  // t_{0.975} for 1, 2, 10, 30 degrees of freedom (e.g. Abramowitz & Stegun table 26.10).
  close(studentTQuantile(0.975, 1), 12.7062047, 1e-6, 'df 1');
  close(studentTQuantile(0.975, 2), 4.30265273, 1e-7, 'df 2');
  close(studentTQuantile(0.975, 10), 2.22813885, 1e-7, 'df 10');
  close(studentTQuantile(0.975, 30), 2.04227246, 1e-7, 'df 30');
  close(studentTQuantile(0.995, 5), 4.03214298, 1e-7, '0.995, df 5');
  close(studentTQuantile(0.025, 2), -4.30265273, 1e-7, 'lower tail');
  assert.equal(studentTQuantile(0.5, 3), 0);
  // Large df approaches the normal quantile 1.959964.
  close(studentTQuantile(0.975, 1e6), 1.959966, 1e-5, 'df 1e6');
});

test('Student t CDF equals the closed forms for 1 and 2 degrees of freedom', () => {
  // df 1 is the Cauchy distribution: 1/2 + atan(t)/pi; df 2: 1/2 + t / (2 sqrt(2 + t^2)).
  for (const t of [-3, -0.5, 0, 1, 2.5, 10]) {
    close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12, `cauchy ${t}`);
    close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12, `df 2 ${t}`);
  }
  assert.throws(() => studentTCdf(1, 0), InvalidArgumentError);
  assert.throws(() => studentTQuantile(1, 3), InvalidArgumentError);
});

test('meanInterval: a hand-computed t interval of three values, plain and Nadeau-Bengio corrected', () => {
  const plain = meanInterval([1, 2, 3]);
  assert.equal(plain.mean, 2);
  close(plain.sd, 1, 1e-15, 'sd');
  // half-width = t_{0.975,2} x 1 / sqrt(3) = 4.30265273 x 0.57735027 = 2.48414
  close(plain.high - plain.mean, 2.4841377, 1e-6, 'half-width');
  close(plain.mean - plain.low, 2.4841377, 1e-6, 'symmetric');
  // corrected: se = sqrt(1/3 + 0.25) = 0.7637626; half-width = 4.30265273 x 0.7637626 = 3.286206
  const nb = meanInterval([1, 2, 3], { testTrainRatio: 0.25 });
  close(nb.high - nb.mean, 3.2862052, 1e-6, 'corrected half-width');
  const ninety = meanInterval([1, 2, 3], { level: 0.9 });
  // t_{0.95,2} = 2.91998558
  close(ninety.high - ninety.mean, 2.91998558 / Math.sqrt(3), 1e-6, '90%');
});

test('meanInterval: one value gives NaN spread; bad input throws', () => {
  const one = meanInterval([0.7]);
  assert.equal(one.mean, 0.7);
  assert.ok(Number.isNaN(one.sd) && Number.isNaN(one.low) && Number.isNaN(one.high));
  assert.throws(() => meanInterval([]), InvalidArgumentError);
  assert.throws(() => meanInterval([1, NaN]), InvalidArgumentError);
  assert.throws(() => meanInterval([1, 2], { level: 1 }), InvalidArgumentError);
  assert.throws(() => meanInterval([1, 2], { testTrainRatio: -1 }), InvalidArgumentError);
});
