// Internal: the standard normal distribution's tail (not exported from index.ts).

/** 2 / sqrt(pi). */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** sqrt(pi). */
const SQRT_PI = 1.772453850905516;

/**
 * erf(z) for 0 <= z <= 1 from its Maclaurin series (2 / sqrt(pi)) sum (-1)^n z^(2n+1) / (n! (2n + 1)): the terms
 * fall in size from the first, so the alternating sum loses no more than a few ulps.
 */
function erfSeries(z: number): number {
  const z2 = z * z;
  let power = z;
  let sum = z;
  for (let n = 1; n < 60; n++) {
    power *= -z2 / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/**
 * exp(-z^2) without the rounding of z^2 growing with z: z = a + b with a = z rounded to 1/16 (a^2 exact), and
 * exp(-z^2) = exp(-a^2) exp(-(z - a)(z + a)).
 */
function expMinusSquare(z: number): number {
  const a = Math.round(z * 16) / 16;
  return Math.exp(-a * a) * Math.exp(-(z - a) * (z + a));
}

/**
 * erfc(z) for z > 1 from Laplace's continued fraction erfc(z) = exp(-z^2) / sqrt(pi) * 1 / (z + (1/2) / (z + 1 /
 * (z + (3/2) / (z + ...)))), evaluated by the modified Lentz method until a step changes it by less than 1e-16.
 */
function erfcContinuedFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = z + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = z + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return expMinusSquare(z) / (SQRT_PI * f);
}

/**
 * Complementary error function erfc(x) = 1 - erf(x), to a relative error below 3e-15 wherever the result is a normal
 * double (the series of erf up to |x| = 1, Laplace's continued fraction beyond, erfc(-x) = 2 - erfc(x)); erfc(0) is
 * exactly 1, so a p-value from it is never above 1. NaN gives NaN. A call costs up to ~6 us (just above 1, where
 * the continued fraction converges slowest).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  let r: number;
  if (z <= 1) r = 1 - erfSeries(z);
  // exp(-z^2) is below the smallest double from z = 27.3 on.
  else if (z >= 28) r = 0;
  else r = erfcContinuedFraction(z);
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic: P(|Z| >= |z|), at most 1 (1 at z = 0). */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** The standard normal quantile for a two-sided level (e.g. 0.95 -> 1.95996...), by bisection on erfc. */
export function normalCritical(level: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedNormalP(mid) > 1 - level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
