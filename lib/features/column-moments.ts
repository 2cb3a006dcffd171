/**
 * Below this a plain sum of squared deviations may have lost digits to underflow: a squared deviation under
 * about 2.2e-308 (a deviation under about 1.5e-154) is subnormal or 0. Above it, the lost digits are at most about
 * n * 5e-324, negligible against the sum.
 */
const TINY_SUM_OF_SQUARES = 1e-280;

/**
 * Whether a plain two-pass column statistic (the mean as sum / count, the sum of squared deviations from it) needs
 * {@link scaledColumnMoments} instead: its sum of squares `ss` overflowed (values about 1e154 and beyond, or a mean
 * that overflowed: Infinity or NaN) or may have underflowed (values about 1e-154 and below, or a constant column,
 * for which the scaled moments give the same answer). Other columns keep their plain arithmetic.
 */
export function needsScaledMoments(ss: number): boolean {
  return !(ss < Infinity) || ss < TINY_SUM_OF_SQUARES;
}

/**
 * Mean and standard deviation of column `j` of a row-major n x p array (NaN values skipped), computed on the values
 * divided by the column's largest magnitude M, then multiplied back by M: neither the sum nor the squares overflow
 * (a column of values about 1e200, whose squares are beyond the float range) or underflow (values about 1e-200,
 * whose squares are 0), so both are finite whenever the values are. Callers use it only where the plain
 * computation left the float range (a non-finite mean, or a column {@link needsScaledMoments} selects), so that every
 * other column keeps its plain arithmetic bit for bit.
 *
 * @param ddof - delta degrees of freedom: 0 for the population standard deviation, 1 for the sample one.
 * @param mean - the column mean to use when the plain one was finite (kept as it was), else undefined.
 * @returns the mean (0 for a column without values) and the standard deviation (0 for a constant column or fewer
 *   than ddof + 1 values). The population standard deviation is at most M; a sample one of values near the float
 *   limit (1.7e308) can exceed it and is then Infinity.
 */
export function scaledColumnMoments(
  data: Float64Array,
  n: number,
  p: number,
  j: number,
  ddof: 0 | 1,
  mean?: number,
): { mean: number; sd: number } {
  let M = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i * p + j];
    if (v !== v) continue;
    count++;
    const a = Math.abs(v);
    if (a > M) M = a;
  }
  if (count === 0) return { mean: mean ?? 0, sd: 0 };
  if (M === 0) return { mean: mean ?? 0, sd: 0 };
  let mu = mean;
  if (mu === undefined) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * p + j];
      if (v === v) s += v / M;
    }
    mu = (s / count) * M;
  }
  const muScaled = mu / M;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i * p + j];
    if (v !== v) continue;
    const d = v / M - muScaled;
    ss += d * d;
  }
  const sd = count > ddof ? M * Math.sqrt(ss / (count - ddof)) : 0;
  return { mean: mu, sd };
}
