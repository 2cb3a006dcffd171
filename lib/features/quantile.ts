/**
 * Quantile `q` in [0, 1] of ascending-sorted values with linear interpolation between order
 * statistics (Hyndman & Fan 1996 type 7, the default of R and NumPy). NaN for an empty input.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return between(sorted[lo], sorted[hi], h - lo);
}

/**
 * `a + t (b - a)` for t in [0, 1], the interpolation of the quantiles. When `b - a` is beyond the float range (a
 * and b of opposite signs near 1.7e308) it is `a (1 - t) + b t` instead, which stays finite; otherwise the
 * arithmetic is exactly `a + t (b - a)`.
 */
function between(a: number, b: number, t: number): number {
  const d = b - a;
  return d - d === 0 ? a + t * d : a * (1 - t) + b * t;
}

/** The non-NaN values of column `j` of a row-major n x p array, sorted ascending. */
export function sortedColumn(data: Float64Array, n: number, p: number, j: number): Float64Array {
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(data[i * p + j])) m++;
  const out = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i * p + j];
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.sort();
}

/**
 * Quantile `q` in [0, 1] (type 7, as {@link quantileSorted}) of `values` without sorting: a
 * three-way-partition quickselect in expected O(n). Reorders `values` in place. NaN when empty.
 */
export function quantileSelect(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const a = selectKth(values, lo);
  if (h === lo || lo + 1 >= n) return a;
  // After selecting lo, every value right of lo is >= a: the next order statistic is their minimum.
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if (values[i] < b) b = values[i];
  return between(a, b, h - lo);
}

/** The k-th smallest value (0-based); partitions `v` so that v[k] holds it and v[i<k] <= v[k] <= v[i>k]. */
function selectKth(v: Float64Array, k: number): number {
  let left = 0;
  let right = v.length - 1;
  while (left < right) {
    const mid = (left + right) >>> 1;
    // Median of three as the pivot.
    const x = v[left];
    const y = v[mid];
    const z = v[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Dutch national flag: [left, lt) < pivot, [lt, i) == pivot, (gt, right] > pivot.
    let lt = left;
    let gt = right;
    let i = left;
    while (i <= gt) {
      const t = v[i];
      if (t < pivot) {
        v[i] = v[lt];
        v[lt] = t;
        lt++;
        i++;
      } else if (t > pivot) {
        v[i] = v[gt];
        v[gt] = t;
        gt--;
      } else i++;
    }
    if (k < lt) right = lt - 1;
    else if (k > gt) left = gt + 1;
    else return pivot;
  }
  return v[k];
}

/**
 * A column-major copy of a row-major n x p array (one sequential pass over the rows), so per-column
 * work reads contiguous memory instead of striding through the whole matrix p times.
 */
export function toColumnMajor(data: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) out[j * n + i] = data[o + j];
  }
  return out;
}

/** The non-NaN values of a contiguous column (a copy). */
export function finiteValues(col: Float64Array): Float64Array {
  let k = 0;
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === v) out[k++] = v;
  }
  return k === col.length ? out : out.slice(0, k);
}
