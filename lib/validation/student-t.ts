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

/**
 * log(Gamma(a + b) / (Gamma(a) Gamma(b))). With one argument large (>= 50) and the other small (<= 10), as in a t
 * distribution with many degrees of freedom, the log-gamma difference of the large one comes from Stirling's
 * series: lnGamma(c + s) - lnGamma(c) = s ln c + (c + s - 1/2) log1p(s / c) - s + S(c + s) - S(c) with
 * S(z) = 1/(12 z) - 1/(360 z^3) + 1/(1260 z^5) - 1/(1680 z^7) (the next term is below 1e-16 from c = 50 on), without
 * the cancellation of two log-gammas near c ln c (whose rounding would cost a relative 1e-7 of the result at
 * 1e9 degrees of freedom).
 */
function logBetaInverse(a: number, b: number): number {
  const big = Math.max(a, b);
  const small = Math.min(a, b);
  if (big < 50 || small > 10) return logGamma(a + b) - logGamma(a) - logGamma(b);
  const series = (z: number): number => {
    const r = 1 / (z * z);
    return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r / 1680))) / z;
  };
  return (
    small * Math.log(big) +
    ((big + small - 0.5) * Math.log1p(small / big) - small) +
    (series(big + small) - series(big)) -
    logGamma(small)
  );
}

/**
 * Regularized incomplete beta I_x(a, b) for 0 <= x <= 1, with `y` = 1 - x given as computed without rounding (a
 * t distribution's x = df / (df + t^2) is 1 to double precision for a small t, while y = t^2 / (df + t^2) is not 0).
 */
function incompleteBeta(a: number, b: number, x: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const front = Math.exp(logBetaInverse(a, b) + a * logX + b * logY);
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/**
 * I_x(a, b) from log x, for x below the continued fraction's switch point (a + 1) / (a + b + 2): x itself may
 * underflow to 0 while x^a does not (a t beyond 1e154, whose square overflows).
 */
function incompleteBetaFromLog(a: number, b: number, logX: number): number {
  const x = Math.exp(logX);
  if (!(x < (a + 1) / (a + b + 2))) return incompleteBeta(a, b, x);
  const front = Math.exp(logBetaInverse(a, b) + a * logX + b * Math.log1p(-x));
  return (front * betaContinuedFraction(a, b, x)) / a;
}

/** P(T > t) for t >= 0, accurate in relative terms however small (the CDF near 1 is not). */
function upperTail(t: number, df: number): number {
  if (t === Infinity) return 0;
  const t2 = t * t;
  if (Number.isFinite(t2)) return 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  // t^2 overflows: x = df / (df + t^2) through its logarithm, log df - 2 log t - log(1 + df / t^2).
  return 0.5 * incompleteBetaFromLog(df / 2, 0.5, Math.log(df) - 2 * Math.log(t) - Math.log1p(df / t / t));
}

/**
 * P(0 < T < t) for t >= 0, I_y(1/2, df/2) / 2 with y = t^2 / (df + t^2): accurate in relative terms for a small t,
 * where the tail, 1/2 minus it, keeps it only to an absolute 1e-16.
 */
function centreMass(t: number, df: number): number {
  const t2 = t * t;
  if (!Number.isFinite(t2)) return 0.5 - upperTail(t, df);
  return 0.5 * incompleteBeta(0.5, df / 2, t2 / (df + t2), df / (df + t2));
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
 * tail probability to a relative 1e-12 (so a far tail, p = 1e-15 or 1 - 1e-14, keeps its precision); for p within
 * 1/4 of 1/2, on the mass P(0 < T < |t|) against |p - 1/2| instead (so a quantile near 0 keeps it too). Checked
 * against 50-digit values: a relative error below 1e-11 for df up to 1e5; beyond, the incomplete beta function's
 * continued fraction loses digits (about 5e-11 at df 1e7, 4e-9 at 1e9), where the t distribution is within
 * (t^3 + t) / (4 df) of the normal one.
 * `studentTQuantile(0.975, 2)` = 4.3027 is the multiplier of a 95% interval of a mean of 3 values.
 * @throws InvalidArgumentError when p is not in (0, 1) or df is not a finite number > 0; SizefitError
 * `QUANTILE_OUT_OF_RANGE` when the quantile is beyond the largest double (a tiny df with p near 0 or 1, e.g.
 * df 0.001 at p 0.975).
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf('studentTQuantile', df);
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError(`studentTQuantile: p ${p} must be in (0, 1)`);
  if (p === 0.5) return 0;
  // The tail probability beyond |t|: 1 - p is exact for p in [0.5, 1). Within 1/4 of the centre the bisection runs
  // on the mass between 0 and |t| against |p - 1/2| (exact there), so that a quantile near 0 keeps its relative
  // precision too.
  const tail = p > 0.5 ? 1 - p : p;
  const centre = Math.abs(p - 0.5) < 0.25;
  const mass = Math.abs(p - 0.5);
  /** True when the quantile's |t| is above `t`. */
  const above = (t: number): boolean => (centre ? centreMass(t, df) < mass : upperTail(t, df) > tail);
  let lo = 0;
  let hi = 1;
  while (above(hi)) {
    if (hi === Number.MAX_VALUE) {
      throw new SizefitError(
        'QUANTILE_OUT_OF_RANGE',
        `studentTQuantile: the quantile at p ${p} with ${df} degrees of freedom is beyond ±${Number.MAX_VALUE}`,
      );
    }
    hi = hi > Number.MAX_VALUE / 2 ? Number.MAX_VALUE : hi * 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    let mid = (lo + hi) / 2;
    if (!Number.isFinite(mid)) mid = lo / 2 + hi / 2;
    if (above(mid)) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  const abs = Number.isFinite(t) ? t : lo / 2 + hi / 2;
  return p > 0.5 ? abs : -abs;
}
