import { InvalidArgumentError } from '../core/errors.js';

/** The standard normal quantile of a two-sided 95% interval, 1.959963984540054. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a binomial proportion (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22): better than the normal (Wald) interval for small
 * counts and rates near 0 or 1, and never outside [0, 1].
 *
 * @param successes number of successes, a whole number 0..n.
 * @param n number of trials, a whole number >= 0.
 * @param z the normal quantile of the level (default {@link Z_95}, a 95% interval).
 * @returns `[low, high]`; `[NaN, NaN]` when n is 0. low is exactly 0 when successes is 0, high exactly 1 when
 *   successes is n (the formula gives them only up to rounding, e.g. 2e-19 and 0.9999999999999999).
 * @throws InvalidArgumentError when n or successes is not a whole number (NaN, ±Infinity, a fraction), n < 0,
 *   successes is outside 0..n, or z <= 0.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): [number, number] {
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new InvalidArgumentError(`wilsonInterval: n must be a whole number >= 0, got ${n}`);
  }
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= n)) {
    throw new InvalidArgumentError(`wilsonInterval: successes must be a whole number in 0..${n}, got ${successes}`);
  }
  if (!(z > 0)) throw new InvalidArgumentError(`wilsonInterval: z must be > 0, got ${z}`);
  if (n === 0) return [NaN, NaN];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return [low, high];
}
