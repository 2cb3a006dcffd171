import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delongTest, studentTCdf, studentTQuantile } from '../../lib/index.js';
import { erfc, normalCritical, twoSidedNormalP } from '../../lib/validation/normal.js';

// Reference values computed independently with 40-digit arithmetic (mpmath's erfc, erfinv, betainc), rounded to 20
// significant digits.
const relClose = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol * Math.abs(want), `${what}: ${got} vs ${want} (relative ${tol})`);

test('erfc keeps a relative 4e-15 from the centre to the far tail (a 1.2e-7 fit did not)', () => {
  const ref: [number, number][] = [
    [-3, 1.9999779095030014146],
    [-1, 1.8427007929497148693],
    [1e-9, 0.9999999988716208329],
    [0.5, 0.47950012218695346232],
    [1, 0.15729920705028513066],
    [1.0000001, 0.15729916553953953967],
    [1.5, 0.033894853524689272933],
    [2, 0.0046777349810472658379],
    [3, 0.000022090496998585441373],
    [5, 1.5374597944280348502e-12],
    [10, 2.088487583762544757e-45],
    [20, 5.3958656116079009289e-176],
    [26, 5.6631924088561428465e-296],
  ];
  for (const [x, want] of ref) relClose(erfc(x), want, 4e-15, `erfc(${x})`);
  // A subnormal result stays non-zero where it can; beyond, 0 and 2; NaN stays NaN.
  assert.ok(erfc(27) > 0 && Math.abs(erfc(27) - 5.237048923789255685e-319) <= 1e-321, `erfc(27) = ${erfc(27)}`);
  assert.equal(erfc(30), 0);
  assert.equal(erfc(-30), 2);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.ok(Number.isNaN(erfc(NaN)));
});

test('a two-sided normal p-value is exactly 1 at z = 0 and never above it', () => {
  assert.equal(erfc(0), 1);
  assert.equal(twoSidedNormalP(0), 1);
  for (const z of [1e-300, 1e-12, 1e-6, 0.01, 0.3]) {
    const p = twoSidedNormalP(z);
    assert.ok(p <= 1 && p > 0.7, `P(|Z| >= ${z}) = ${p}`);
    assert.equal(twoSidedNormalP(-z), p);
  }
  // Equal AUCs with a positive standard error: z = 0, so the p-value is 1 (it was 1.00000003).
  const r = delongTest([1, 1, 0, 0], [0.9, 0.3, 0.5, 0.1], [0.6, 0.8, 0.7, 0.2]);
  assert.equal(r.aucA, r.aucB);
  assert.ok(r.standardError > 0, `standard error ${r.standardError}`);
  assert.equal(r.z, 0);
  assert.equal(r.pValue, 1);
});

test('normalCritical gives the normal quantiles to a relative 1e-15', () => {
  relClose(normalCritical(0.95), 1.9599639845400542355, 1e-15, 'level 0.95');
  relClose(normalCritical(0.99), 2.575829303548900761, 1e-15, 'level 0.99');
});

test('Student t near its centre keeps relative precision: the CDF above 1/2 and a quantile near 0', () => {
  // P(T <= 1e-6) - 1/2 with 5 degrees of freedom (the density at 0 times t, to a relative 1e-12).
  relClose(studentTCdf(1e-6, 5) - 0.5, 3.7960668982241850985e-7, 1e-9, 'CDF(1e-6) - 1/2');
  relClose(0.5 - studentTCdf(-1e-6, 5), 3.7960668982241850985e-7, 1e-9, '1/2 - CDF(-1e-6)');
  // Below a relative 1e-16 of x = df / (df + t^2) the CDF was flat at exactly 1/2.
  relClose(studentTCdf(1e-9, 5) - 0.5, 3.7960668982249443119e-10, 1e-6, 'CDF(1e-9) - 1/2');
  // p = 1/2 + 2^-30 is exact; the quantile was found to an absolute 1e-12 only.
  relClose(studentTQuantile(0.5 + 2 ** -30, 5), 2.4533882030660960829e-9, 1e-11, 'quantile near the centre');
  relClose(studentTQuantile(0.5 - 2 ** -30, 5), -2.4533882030660960829e-9, 1e-11, 'its mirror');
  // The tails as before.
  relClose(studentTQuantile(0.975, 2), 4.3026527297494617894, 1e-11, 'df 2');
});

test('Student t with many degrees of freedom: the quantile to a relative 1e-10 at df 1e7 (it was 5e-9)', () => {
  relClose(studentTQuantile(0.975, 1e5), 1.9599877075346092587, 1e-11, 'df 1e5');
  relClose(studentTQuantile(0.975, 1e7), 1.9599642217672051104, 1e-10, 'df 1e7');
});
