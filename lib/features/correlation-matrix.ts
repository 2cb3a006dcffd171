import { checkInputMatrix, type FeatureMatrix } from './feature-matrix.js';

/**
 * Pearson correlations between the columns of a matrix, each pair over the rows where both values are
 * present (pairwise-complete, NaN = missing). A pair with fewer than 2 such rows, or where either
 * column is constant on them, gets NaN; the diagonal is 1 for a non-constant column.
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
    const mean = new Float64Array(p);
    // A column is constant when every value equals its first (its centred sum of squares may be a
    // rounding residue above 0, e.g. for copies of 0.1).
    const constant = new Uint8Array(p).fill(1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const v = data[i * p + j];
        mean[j] += v;
        if (v !== data[j]) constant[j] = 0;
      }
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

/**
 * sxy / (sqrt(sxx) sqrt(syy)), NaN when a variance is zero; clamped to [-1, 1]. The roots are taken apart:
 * the product sxx syy under- or overflows for values far from 1 (around 1e-77 or 1e77).
 */
function ratio(sxy: number, sxx: number, syy: number): number {
  if (!(sxx > 0 && syy > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / (Math.sqrt(sxx) * Math.sqrt(syy))));
}

/** Correlation of columns a and b over the rows where both are present (two passes). */
function pairCorrelation(data: Float64Array, n: number, p: number, a: number, b: number): number {
  let k = 0;
  let ma = 0;
  let mb = 0;
  // First values used, and whether a later one differs (constant columns get NaN, see above).
  let xa = NaN;
  let yb = NaN;
  let variesA = false;
  let variesB = false;
  for (let i = 0; i < n; i++) {
    const x = data[i * p + a];
    const y = data[i * p + b];
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
    const x = data[i * p + a];
    const y = data[i * p + b];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sxy += (x - ma) * (y - mb);
    sxx += (x - ma) * (x - ma);
    syy += (y - mb) * (y - mb);
  }
  return ratio(sxy, sxx, syy);
}
