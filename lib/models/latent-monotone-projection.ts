/**
 * Isotonic (non-decreasing) least-squares fit of `values` with equal weights, by pool-adjacent-violators:
 * the Euclidean projection of `values` onto { z : z_1 <= z_2 <= ... <= z_m }.
 *
 * @param values - the sequence (not modified).
 * @param out - receives the projection (may be `values` itself); length at least `values.length`.
 * @returns `out`.
 */
export function isotonicProjection(values: ArrayLike<number>, out: Float64Array): Float64Array {
  const m = values.length;
  const mean = new Float64Array(m);
  const count = new Int32Array(m);
  let top = 0;
  for (let j = 0; j < m; j++) {
    mean[top] = values[j];
    count[top] = 1;
    top++;
    while (top > 1 && mean[top - 2] > mean[top - 1]) {
      const c = count[top - 2] + count[top - 1];
      mean[top - 2] = (mean[top - 2] * count[top - 2] + mean[top - 1] * count[top - 1]) / c;
      count[top - 2] = c;
      top--;
    }
  }
  let j = 0;
  for (let b = 0; b < top; b++) for (let t = 0; t < count[b]; t++) out[j++] = mean[b];
  return out;
}

/**
 * Projects the article parameter vectors `x_1..x_m` of one item (rows `articles[j]` of the row-major
 * `params`, width `dim`), sorted by ascending catalog size, onto the set where the size score
 * `a · x_j` does not decrease with size. Only the component along `a` moves, so this is the exact
 * Euclidean projection onto that set (a half-space intersection that constrains `a · x` alone).
 *
 * @param params - article parameters, row-major (n x dim); modified in place.
 * @param articles - article indices; the item's are `articles[start .. end)`, in ascending size order.
 * @param a - the direction that gives an article's size score (length dim).
 * @param scratch - work space of length >= 2 * articles.length.
 * @returns nothing; `params` is updated. A direction with |a|^2 < 1e-12 leaves `params` unchanged.
 */
export function projectMonotoneSizes(
  params: Float64Array,
  dim: number,
  articles: ArrayLike<number>,
  start: number,
  end: number,
  a: Float64Array,
  scratch: Float64Array,
): void {
  const m = end - start;
  if (m < 2) return;
  let aa = 0;
  for (let d = 0; d < dim; d++) aa += a[d] * a[d];
  if (aa < 1e-12) return;
  const s = scratch.subarray(0, m);
  let violated = false;
  for (let j = 0; j < m; j++) {
    const off = articles[start + j] * dim;
    let v = 0;
    for (let d = 0; d < dim; d++) v += a[d] * params[off + d];
    s[j] = v;
    if (j > 0 && v < s[j - 1]) violated = true;
  }
  if (!violated) return;
  const z = isotonicProjection(s, scratch.subarray(m, 2 * m));
  for (let j = 0; j < m; j++) {
    const step = (z[j] - s[j]) / aa;
    if (step === 0) continue;
    const off = articles[start + j] * dim;
    for (let d = 0; d < dim; d++) params[off + d] += step * a[d];
  }
}
