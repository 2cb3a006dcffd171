import { needsScaledMoments } from './column-moments.js';
import { checkInputMatrix, type FeatureMatrix } from './feature-matrix.js';

/**
 * Pearson correlations between the columns of a matrix, each pair over the rows where both values are
 * present (pairwise-complete, NaN = missing). A pair with fewer than 2 such rows, or where either
 * column is constant on them, gets NaN; the diagonal is 1 for a non-constant column. A column of huge or tiny
 * values (whose sum of squares overflows or is too small to trust: the rule of `needsScaledMoments`) is divided by about its
 * largest |value| first (a correlation does not change when a column is scaled), so that it too gets finite
 * correlations.
 *
 * @returns a p x p array of rows, symmetric, in column order (`X.names`).
 * @throws InvalidArgumentError when X is not a FeatureMatrix, has no rows or an infinite value.
 */
export function correlationMatrix(X: FeatureMatrix): number[][] {
  checkInputMatrix(X, 'correlationMatrix', { allowNaN: true });
  const { n, p, data } = X;
  const R: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(NaN));
  let complete = true;
  for (let k = 0; k < data.length && complete; k++) if (Number.isNaN(data[k])) complete = false;
  // Without missing values: centre once, then one cross-product pass (fast for many rows).
  if (complete) {
    // A column is constant when every value equals its first (its centred sum of squares may be a
    // rounding residue above 0, e.g. for copies of 0.1).
    const constant = new Uint8Array(p).fill(1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) if (data[i * p + j] !== data[j]) constant[j] = 0;
    }
    let C = centredCrossProducts(data, n, p);
    // Varying columns whose sum of squares left the float range: the pass again with each of them divided by about
    // its largest |value| (the other columns as they are, so that their correlations keep their plain arithmetic).
    const divisor = new Float64Array(p).fill(1);
    let scaled = false;
    for (let j = 0; j < p; j++) {
      if (!constant[j] && needsScaledMoments(C[j * p + j])) {
        divisor[j] = columnScale(data, n, p, j);
        scaled = true;
      }
    }
    if (scaled) {
      const Y = new Float64Array(data.length);
      for (let k = 0; k < data.length; k++) Y[k] = data[k] / divisor[k % p];
      C = centredCrossProducts(Y, n, p);
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        const r = n < 2 || constant[a] || constant[b] ? NaN : ratio(C[a * p + b], C[a * p + a], C[b * p + b]);
        R[a][b] = r;
        R[b][a] = r;
      }
    }
    return R;
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const r = pairCorrelation(data, n, p, a, b);
      R[a][b] = r;
      R[b][a] = r;
    }
  }
  return R;
}

/** The p x p (upper triangle filled) sums of products of the centred columns of a complete n x p matrix. */
function centredCrossProducts(data: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
  }
  for (let j = 0; j < p; j++) mean[j] /= n;
  const C = new Float64Array(p * p);
  const z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) z[j] = data[i * p + j] - mean[j];
    for (let a = 0; a < p; a++) {
      const za = z[a];
      for (let b = a; b < p; b++) C[a * p + b] += za * z[b];
    }
  }
  return C;
}

/**
 * The power of 2 nearest below the largest |value| of column j over the rows where column `other` is present too
 * (NaN skipped; 1 for no nonzero value): dividing by it is exact, so the values keep their order and which of them
 * are equal.
 */
function columnScale(data: Float64Array, n: number, p: number, j: number, other = j): number {
  let M = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(data[i * p + j]);
    if (a > M && data[i * p + other] === data[i * p + other]) M = a;
  }
  return M > 0 ? 2 ** Math.max(-1074, Math.min(1023, Math.floor(Math.log2(M)))) : 1;
}

/**
 * sxy / (sqrt(sxx) sqrt(syy)), NaN when a variance is zero; clamped to [-1, 1]. The roots are taken apart:
 * the product sxx syy under- or overflows for values far from 1 (around 1e-77 or 1e77).
 */
function ratio(sxy: number, sxx: number, syy: number): number {
  if (!(sxx > 0 && syy > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / (Math.sqrt(sxx) * Math.sqrt(syy))));
}

/**
 * Correlation of columns a and b over the rows where both are present (two passes). When a varying column's sum of
 * squares leaves the float range, the pair again with that column divided by about its largest |value| (`da`, `db`).
 */
function pairCorrelation(data: Float64Array, n: number, p: number, a: number, b: number, da = 1, db = 1): number {
  let k = 0;
  let ma = 0;
  let mb = 0;
  // First values used, and whether a later one differs (constant columns get NaN, see above).
  let xa = NaN;
  let yb = NaN;
  let variesA = false;
  let variesB = false;
  for (let i = 0; i < n; i++) {
    const x = data[i * p + a] / da;
    const y = data[i * p + b] / db;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (k === 0) {
      xa = x;
      yb = y;
    } else {
      if (x !== xa) variesA = true;
      if (y !== yb) variesB = true;
    }
    k++;
    ma += x;
    mb += y;
  }
  if (k < 2 || !variesA || !variesB) return NaN;
  ma /= k;
  mb /= k;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const x = data[i * p + a] / da;
    const y = data[i * p + b] / db;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sxy += (x - ma) * (y - mb);
    sxx += (x - ma) * (x - ma);
    syy += (y - mb) * (y - mb);
  }
  if (da === 1 && db === 1 && (needsScaledMoments(sxx) || needsScaledMoments(syy))) {
    const sa = needsScaledMoments(sxx) ? columnScale(data, n, p, a, b) : 1;
    const sb = needsScaledMoments(syy) ? columnScale(data, n, p, b, a) : 1;
    if (sa !== 1 || sb !== 1) return pairCorrelation(data, n, p, a, b, sa, sb);
  }
  return ratio(sxy, sxx, syy);
}
