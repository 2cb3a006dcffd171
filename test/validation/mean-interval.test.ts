import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, SizefitError, meanInterval, studentTCdf, studentTQuantile } from '../../lib/index.js';

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

test('Student t quantiles far in the tails equal the closed forms for 1 and 2 degrees of freedom', () => {
  // Before: the search for the quantile stopped at 2^40 = 1.0995e12 and answered that, and the lower tail was solved
  // as the upper tail of 1 - p, which rounds p = 1e-15 away (t(1e-15, df 10) was -80.61, not -81.04).
  // With a = min(p, 1 - p) (1 - p is exact for p >= 0.5): df 1, |t| = cot(pi a);
  // df 2, |t| = (1 - 2a) / sqrt(2a(1 - a)).
  const closed = [(a: number) => 1 / Math.tan(Math.PI * a), (a: number) => (1 - 2 * a) / Math.sqrt(2 * a * (1 - a))];
  for (const df of [1, 2]) {
    for (const p of [1e-300, 1e-15, 1e-8, 0.01, 0.3, 0.7, 0.999, 1 - 1e-10, 1 - 1e-14]) {
      const a = p > 0.5 ? 1 - p : p;
      const t = closed[df - 1](a) * (p > 0.5 ? 1 : -1);
      const got = studentTQuantile(p, df);
      assert.ok(Math.abs(got - t) <= 5e-12 * Math.abs(t), `df ${df}, p ${p}: ${got} vs ${t}`);
    }
  }
  // scipy.stats.t.ppf: df 10 at 1e-15 and 1 - 1e-15; df 0.1 at 0.975, beyond the old 2^40; df 0.5 at 1e-20.
  close(studentTQuantile(1e-15, 10), -81.04089088003934, 81 * 1e-12, 'df 10, p 1e-15');
  close(studentTQuantile(1 - 1e-15, 10), 81.04738019131752, 81 * 1e-12, 'df 10, p 1 - 1e-15 (1 - p = 9.992e-16)');
  close(studentTQuantile(0.975, 0.1), 1682362288745.0078, 1682362288745 * 1e-12, 'df 0.1, p 0.975');
  close(studentTQuantile(1e-20, 0.5), -1.0284911563163399e39, 1.03e39 * 1e-12, 'df 0.5, p 1e-20');
  // Beyond the largest double: a typed error, not a clamped value.
  assert.throws(
    () => studentTQuantile(0.975, 0.001),
    (e: unknown) =>
      e instanceof SizefitError && e.code === 'QUANTILE_OUT_OF_RANGE' && /p 0.975 with 0.001/.test(e.message),
  );
  assert.throws(() => studentTQuantile(1e-310, 1), /beyond/);
});

test('Student t quantiles at the usual levels: the values meanInterval uses, to 1e-12', () => {
  // scipy.stats.t.ppf at (1 + level) / 2 for the levels and the df of a few splits or seeds.
  const scipy: [number, number, number][] = [
    [0.975, 1, 12.706204736174694],
    [0.975, 4, 2.7764451051977934],
    [0.975, 9, 2.262157162798205],
    [0.975, 29, 2.045229642132703],
    [0.95, 9, 1.833112932656237],
    [0.995, 9, 3.249835541592126],
  ];
  for (const [p, df, t] of scipy) close(studentTQuantile(p, df), t, 1e-12 * t, `p ${p}, df ${df}`);
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
