/**
 * The nearest-rank `q`-quantile of a non-empty sample: the smallest value with at least a fraction `q` of the sample at
 * or below it, that is the `ceil(q * n)`-th smallest (the smallest value for q = 0). The sample is not changed.
 * @throws Error on an empty sample (`what` names the measurements in the message).
 */
export function nearestRankQuantile(xs: Float64Array, q: number, what: string): number {
  if (xs.length === 0) throw new Error(`${what}: the ${q}-quantile of no measurements`);
  const s = xs.slice().sort();
  return s[Math.max(0, Math.ceil(q * s.length) - 1)];
}
