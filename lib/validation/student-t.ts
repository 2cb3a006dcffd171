import { InvalidArgumentError, SizefitError } from '../core/errors.js';

/** log Gamma(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; relative error < 1e-14). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (Numerical Recipes, 3rd ed., section 6.4, betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) for 0 <= x <= 1. */
function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * I_x(a, b) from log x, for x below the continued fraction's switch point (a + 1) / (a + b + 2): x itself may
 * underflow to 0 while x^a does not (a t beyond 1e154, whose square overflows).
 */
function incompleteBetaFromLog(a: number, b: number, logX: number): number {
  const x = Math.exp(logX);
  if (!(x < (a + 1) / (a + b + 2))) return incompleteBeta(a, b, x);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * logX + b * Math.log1p(-x));
  return (front * betaContinuedFraction(a, b, x)) / a;
}

/** P(T > t) for t >= 0, accurate in relative terms however small (the CDF near 1 is not). */
function upperTail(t: number, df: number): number {
  if (t === Infinity) return 0;
  const t2 = t * t;
  if (Number.isFinite(t2)) return 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t2));
  // t^2 overflows: x = df / (df + t^2) through its logarithm, log df - 2 log t - log(1 + df / t^2).
  return 0.5 * incompleteBetaFromLog(df / 2, 0.5, Math.log(df) - 2 * Math.log(t) - Math.log1p(df / t / t));
}

function checkDf(what: string, df: number): void {
  if (!(df > 0) || !Number.isFinite(df))
    throw new InvalidArgumentError(`${what}: degrees of freedom ${df} must be > 0`);
}

/**
 * Cumulative distribution function of Student's t distribution with `df` degrees of freedom:
 * P(T <= t) = 1 - I_x(df/2, 1/2) / 2 for t >= 0 with x = df / (df + t^2) (Abramowitz & Stegun 26.7.1).
 * @throws InvalidArgumentError when df is not a finite number > 0.
 */
export function studentTCdf(t: number, df: number): number {
  checkDf('studentTCdf', df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t distribution: the t with P(T <= t) = p. By symmetry it is found in the tail p is in:
 * the bracket [0, 2^k] grows until the tail probability P(T > t) falls to min(p, 1 - p), then bisection on that
 * tail probability to a relative 1e-12 (so a far tail, p = 1e-15 or 1 - 1e-14, keeps its precision).
 * `studentTQuantile(0.975, 2)` = 4.3027 is the multiplier of a 95% interval of a mean of 3 values.
 * @throws InvalidArgumentError when p is not in (0, 1) or df is not a finite number > 0; SizefitError
 * `QUANTILE_OUT_OF_RANGE` when the quantile is beyond the largest double (a tiny df with p near 0 or 1, e.g.
 * df 0.001 at p 0.975).
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf('studentTQuantile', df);
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError(`studentTQuantile: p ${p} must be in (0, 1)`);
  if (p === 0.5) return 0;
  // The tail probability beyond |t|: 1 - p is exact for p in [0.5, 1).
  const tail = p > 0.5 ? 1 - p : p;
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > tail) {
    if (hi === Number.MAX_VALUE) {
      throw new SizefitError(
        'QUANTILE_OUT_OF_RANGE',
        `studentTQuantile: the quantile at p ${p} with ${df} degrees of freedom is beyond ±${Number.MAX_VALUE}`,
      );
    }
    hi = hi > Number.MAX_VALUE / 2 ? Number.MAX_VALUE : hi * 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    let mid = (lo + hi) / 2;
    if (!Number.isFinite(mid)) mid = lo / 2 + hi / 2;
    if (upperTail(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  const abs = Number.isFinite(t) ? t : lo / 2 + hi / 2;
  return p > 0.5 ? abs : -abs;
}
