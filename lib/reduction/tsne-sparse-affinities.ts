import { checkInputMatrix, type FeatureMatrix } from '../features/feature-matrix.js';
import { noColumns, tsneNeighbours } from './tsne-neighbours.js';

/**
 * A symmetric n x n matrix in compressed sparse rows: the entries of row i are at positions
 * `rowStart[i]` .. `rowStart[i + 1] - 1` of `cols` (ascending column numbers) and `values`.
 */
export interface SparseAffinities {
  /** Number of rows (= columns). */
  n: number;
  /** Length n + 1. */
  rowStart: Int32Array;
  /** Column of each entry. */
  cols: Int32Array;
  /** Value of each entry. */
  values: Float64Array;
}

/** Smallest affinity kept, as in the exact method's reference code (keeps log(p) finite). */
const P_FLOOR = 1e-12;

/**
 * Symmetrised t-SNE input affinities on the k nearest neighbours of every point (van der Maaten 2014,
 * "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15, section 4.1): for each point a Gaussian
 * over the squared Euclidean distances to its k nearest neighbours, with the precision found by
 * bisection so that the perplexity 2^H of the conditional distribution equals `perplexity`; then
 * p_ij = (p_j|i + p_i|j) / 2n on the union of the neighbour graphs, floored at 1e-12. Neighbours are
 * found exactly (O(n^2 p) time, O(n k) memory); ties are broken by the lower row number.
 * The result does not depend on the data's scale or offset (up to the calibration's tolerance): data whose
 * spread (values less their column's midrange) is beyond 2^±256 (about 1e±77) are shifted by the midranges
 * and divided by a power of two before their squared distances are taken, so that these stay in the float
 * range (a constant column of 1e200 changes nothing), and a point whose squared distances (relative to its
 * nearest) average beyond 2^±40 starts the bisection at the power of two nearest 1 / that average
 * rather than at 1, so that the 100 steps reach the perplexity (raw timestamps in microseconds, values
 * near 1e300). Ordinary data are computed as the reference code does.
 *
 * @param neighbors - k (default and at most n - 1: min(n - 1, floor(3 * perplexity)), the paper's
 *   choice). With k = n - 1 this is the exact method's full P.
 * @returns P in compressed sparse rows, symmetric, summing to 1.
 * @throws InvalidArgumentError on NaN or infinite values, no feature column (n x 0), fewer than 2 rows,
 *   perplexity <= 0, perplexity below 1/3 without `neighbors` (no neighbour), k < 1, or a perplexity above k (a
 *   distribution over k neighbours cannot reach it).
 */
export function tsneSparseAffinities(X: FeatureMatrix, perplexity: number, neighbors?: number): SparseAffinities {
  checkInputMatrix(X, 'tsneSparseAffinities');
  const { n, p } = X;
  if (p < 1) throw noColumns('tsneSparseAffinities', X);
  const k = tsneNeighbours('tsneSparseAffinities', n, perplexity, neighbors);
  const data = withinDistanceRange(X.data, n, p);

  // The k nearest neighbours of every point: each pair's distance is computed once and offered to
  // both points' lists, which therefore see their candidates in increasing row order. With k = n - 1
  // every other point is a neighbour: the lists are kept in row order, unsorted.
  const all = k === n - 1;
  const nd = new Float64Array(n * k).fill(Infinity);
  const nbr = new Int32Array(n * k);
  const filled = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const oi = i * p;
    for (let j = i + 1; j < n; j++) {
      let d = 0;
      const oj = j * p;
      for (let c = 0; c < p; c++) {
        const t = data[oi + c] - data[oj + c];
        d += t * t;
      }
      if (all) {
        nd[i * k + j - 1] = d;
        nbr[i * k + j - 1] = j;
        nd[j * k + i] = d;
        nbr[j * k + i] = i;
        continue;
      }
      if (d < nd[i * k + k - 1] || filled[i] < k) offer(nd, nbr, filled, i, k, j, d);
      if (d < nd[j * k + k - 1] || filled[j] < k) offer(nd, nbr, filled, j, k, i, d);
    }
  }
  // Conditional affinities p_j|i over each point's neighbours (n x k).
  const cond = new Float64Array(n * k);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) calibrate(nd.subarray(i * k, (i + 1) * k), target, cond.subarray(i * k, (i + 1) * k));
  return symmetrise(n, k, nbr, cond);
}

/**
 * Offers candidate `j` at squared distance `d` to point i's list of its k nearest (ascending by
 * distance; among equal distances the earlier offer first; the farthest drops out when full).
 */
function offer(
  nd: Float64Array,
  nbr: Int32Array,
  filled: Int32Array,
  i: number,
  k: number,
  j: number,
  d: number,
): void {
  const base = i * k;
  let at: number;
  if (filled[i] < k) at = filled[i]++;
  else if (d < nd[base + k - 1]) at = k - 1;
  else return;
  while (at > 0 && nd[base + at - 1] > d) {
    nd[base + at] = nd[base + at - 1];
    nbr[base + at] = nbr[base + at - 1];
    at--;
  }
  nd[base + at] = d;
  nbr[base + at] = j;
}

/** Spreads beyond 2^256 (or below 2^-256) in magnitude: the squared distances may leave the float range. */
const VALUE_RANGE = 2 ** 256;

/**
 * The data themselves when the largest |value - its column's midrange| is within 2^±256 (or 0), which is every
 * ordinary matrix: their squared distances stay in the float range, whatever the columns' offsets (a constant
 * column of 1e200 adds exact zeros). Otherwise each column less its midrange (min + max) / 2 (distances do not
 * depend on it; each difference is correctly rounded), divided by the power of two nearest that largest spread (exact
 * up to values far below it): at most 1.5 in magnitude, their squared distances neither overflow (values near
 * 1e308) nor underflow (values near 1e-300, or spreads of 1e-170 beside a column of ones).
 */
function withinDistanceRange(data: Float64Array, n: number, p: number): Float64Array {
  const mid = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = data[i * p + c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    // Halved before adding: min + max of values near 1.7e308 would overflow.
    mid[c] = lo / 2 + hi / 2;
  }
  let big = 0;
  for (let t = 0; t < data.length; t++) big = Math.max(big, Math.abs(data[t] - mid[t % p]));
  if (big === 0 || (big <= VALUE_RANGE && big >= 1 / VALUE_RANGE)) return data;
  // 2^e with e in [-1000, 1023] is a normal float, so the division is exact up to values far below the largest.
  const e = Math.max(-1000, Math.min(1023, Math.round(Math.log2(big))));
  const f = 2 ** e;
  return data.map((v, t) => (v - mid[t % p]) / f);
}

/** Average squared distance (relative to the nearest) beyond 2^±40: beta = 1 is too far from the solution. */
const START_RANGE = 40;

/**
 * Gaussian conditional probabilities over the squared distances `d`, with the precision beta bisected
 * until the entropy (nats) is within 1e-6 of `target` (at most 100 steps). Distances are taken
 * relative to the nearest, which keeps exp() in range. beta starts at 1, as in the reference code,
 * unless the relative distances average beyond 2^±40: then at the power of two nearest 1 / average,
 * so that the steps that double or halve beta do not run out before the perplexity is reached.
 */
function calibrate(d: Float64Array, target: number, out: Float64Array): void {
  const k = d.length;
  let dmin = Infinity;
  for (let j = 0; j < k; j++) if (d[j] < dmin) dmin = d[j];
  let mean = 0;
  for (let j = 0; j < k; j++) mean += (d[j] - dmin) / k;
  // Within 2^±900 beta stays a normal float through 100 doublings or halvings.
  const e = mean > 0 ? Math.max(-900, Math.min(900, Math.round(Math.log2(mean)))) : 0;
  let beta = Math.abs(e) > START_RANGE ? 2 ** -e : 1;
  let lo = 0;
  let hi = Infinity;
  for (let step = 0; step < 100; step++) {
    let sum = 0;
    let hsum = 0;
    for (let j = 0; j < k; j++) {
      const r = d[j] - dmin;
      const v = Math.exp(-beta * r);
      out[j] = v;
      sum += v;
      hsum += beta * r * v;
    }
    const H = Math.log(sum) + hsum / sum;
    for (let j = 0; j < k; j++) out[j] /= sum;
    if (Math.abs(H - target) < 1e-6) break;
    if (H > target) {
      lo = beta;
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (beta + lo) / 2;
    }
  }
}

/** (P_cond + P_cond^T) / 2n on the union of the neighbour lists, as sorted compressed rows. */
function symmetrise(n: number, k: number, nbr: Int32Array, cond: Float64Array): SparseAffinities {
  // Every directed pair (i, j) contributes to row i and to row j; duplicates are merged below.
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      count[i + 1]++;
      count[nbr[i * k + t] + 1]++;
    }
  }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const pos = count.slice(0, n);
  const rawCols = new Int32Array(count[n]);
  const rawVals = new Float64Array(count[n]);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = nbr[i * k + t];
      const v = cond[i * k + t];
      rawCols[pos[i]] = j;
      rawVals[pos[i]++] = v;
      rawCols[pos[j]] = i;
      rawVals[pos[j]++] = v;
    }
  }
  // Add up the duplicates of each row (entry (i, j) = p_j|i + p_i|j, an exactly symmetric sum) and
  // sort its columns.
  const rowStart = new Int32Array(n + 1);
  const cols = new Int32Array(count[n]);
  const values = new Float64Array(count[n]);
  const slot = new Int32Array(n).fill(-1);
  const rowVals = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = w;
    let m = 0;
    for (let e = count[i]; e < count[i + 1]; e++) {
      const j = rawCols[e];
      if (slot[j] < 0) {
        slot[j] = m;
        rowVals[m] = rawVals[e];
        cols[w + m++] = j;
      } else rowVals[slot[j]] += rawVals[e];
    }
    const row = cols.subarray(w, w + m);
    row.sort();
    for (let t = 0; t < m; t++) {
      values[w + t] = rowVals[slot[row[t]]];
      slot[row[t]] = -1;
    }
    w += m;
  }
  rowStart[n] = w;
  for (let e = 0; e < w; e++) values[e] = Math.max(values[e] / (2 * n), P_FLOOR);
  return { n, rowStart, cols: cols.slice(0, w), values: values.slice(0, w) };
}
