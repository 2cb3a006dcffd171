/**
 * Class probabilities of one query from its nearest prototypes: a Gaussian-kernel, mass-weighted vote
 * smoothed towards the class priors (the k-NN step of the "-ML" head, see {@link LmnnPrototypeHead}).
 *
 * With the k nearest prototypes at squared distances `d_1 <= ... <= d_k`, prototype a of class `c_a`
 * standing for `m_a` training rows (its k-means cluster size) weighs `w_a = m_a exp(-(d_a - d_1) / h)`
 * with the adaptive bandwidth `h = d_k - d_1` (all weights equal when every distance is the same); then
 * `p_c = (s π_c + Σ_{a: c_a = c} w_a / Σ_a w_a) / (s + 1)`, with priors π and smoothing s.
 * Shifting by `d_1` cancels in the ratio and keeps the exponentials finite. Weighting by mass makes the
 * vote a kernel density ratio of the classes, so class-balanced prototypes need no prior correction.
 * The masses are scaled by `2^-e`, `e = ⌊log2 max_a m_a⌋`, which also cancels in the ratio (exactly: scaling by a
 * power of two does not round) and keeps `Σ_a w_a` finite for masses near the float limit.
 *
 * @param sqDist - squared distances of the k nearest prototypes, ascending.
 * @param protoClass - class code of each of these prototypes (same order).
 * @param mass - rows each of these prototypes stands for (same order, > 0).
 * @param priors - class priors π (sum 1); their length is the number of classes.
 * @param smoothing - s >= 0, the weight of the priors against the vote.
 * @param out - receives the probabilities (length = number of classes; sums to 1).
 * @returns out
 */
export function prototypeKernelVote(
  sqDist: ArrayLike<number>,
  protoClass: ArrayLike<number>,
  mass: ArrayLike<number>,
  priors: ArrayLike<number>,
  smoothing: number,
  out: Float64Array,
): Float64Array {
  const k = sqDist.length;
  const nc = priors.length;
  out.fill(0);
  const d1 = sqDist[0];
  const h = sqDist[k - 1] - d1;
  let maxMass = 0;
  for (let a = 0; a < k; a++) maxMass = Math.max(maxMass, mass[a]);
  // The largest scaled mass is about 1 (in [1, 2)); e >= -1023 keeps 2^-e finite for tiny masses.
  const scale = 2 ** -Math.max(Math.floor(Math.log2(maxMass)), -1023);
  let tot = 0;
  for (let a = 0; a < k; a++) {
    const w = mass[a] * scale * (h > 0 ? Math.exp(-(sqDist[a] - d1) / h) : 1);
    out[protoClass[a]] += w;
    tot += w;
  }
  for (let c = 0; c < nc; c++)
    out[c] = (smoothing * priors[c] + (tot > 0 ? out[c] / tot : priors[c])) / (smoothing + 1);
  return out;
}
