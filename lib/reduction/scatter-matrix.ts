import { InvalidArgumentError } from '../core/errors.js';
import { badCellError, type FeatureMatrix } from '../features/feature-matrix.js';

/** Rows per block: 64 rows of p columns stay in the L1/L2 cache while every column pair uses them. */
const BLOCK = 64;

/**
 * The scatter matrix S = Z^T Z (p x p, symmetric, row-major) of the centred and scaled rows
 * z_i = (x_i - mean) / scale of a row-major n x p matrix; S / (n - 1) is their covariance.
 * Blocked: 64 rows at a time are centred into a column-major buffer, then the upper triangle is
 * accumulated in 2 x 2 tiles of column pairs (four running sums per tile, each a dot product over the
 * block's rows), which reads each loaded value twice from registers; the lower triangle is mirrored.
 *
 * @param mean - column means (length p, finite).
 * @param scale - column divisors (length p, finite and > 0; ones for plain covariance).
 * @throws InvalidArgumentError when mean or scale do not have p entries, a mean is not finite or a scale not a
 *   finite number > 0 (naming the column), a value of X is NaN or infinite or its centred, scaled value
 *   overflows (naming the row and column), or a sum of the result is beyond the float range (centred, scaled
 *   values about 1e154 and beyond; naming the column or columns). PCA divides such values by their largest
 *   before calling this, and never meets the error.
 */
export function scatterMatrix(X: FeatureMatrix, mean: ArrayLike<number>, scale: ArrayLike<number>): Float64Array {
  const { n, p, data } = X;
  if (mean.length !== p || scale.length !== p)
    throw new InvalidArgumentError(`scatterMatrix: mean and scale need ${p} entries`);
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(mean[j]))
      throw new InvalidArgumentError(`scatterMatrix: mean of column '${X.names[j]}' is ${mean[j]}`);
    if (!(Number.isFinite(scale[j]) && scale[j] > 0)) {
      throw new InvalidArgumentError(
        `scatterMatrix: scale of column '${X.names[j]}' is ${scale[j]}; it must be a finite number > 0`,
      );
    }
  }
  // Padded to an even width so that every tile is whole; the padding column stays zero.
  const q = p + (p & 1);
  const acc = new Float64Array(q * q);
  const zb = new Float64Array(q * BLOCK);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const m = Math.min(BLOCK, n - i0);
    for (let r = 0; r < m; r++) {
      const o = (i0 + r) * p;
      for (let j = 0; j < p; j++) {
        const z = (data[o + j] - mean[j]) / scale[j];
        if (z - z !== 0) throw badValue(X, o + j, mean[j], scale[j]);
        zb[j * BLOCK + r] = z;
      }
    }
    if (m < BLOCK) for (let j = 0; j < p; j++) zb.fill(0, j * BLOCK + m, (j + 1) * BLOCK);
    for (let a = 0; a < q; a += 2) {
      const x0 = a * BLOCK;
      const x1 = x0 + BLOCK;
      for (let b = a; b < q; b += 2) {
        const y0 = b * BLOCK;
        const y1 = y0 + BLOCK;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let r = 0; r < BLOCK; r++) {
          const u0 = zb[x0 + r];
          const u1 = zb[x1 + r];
          const v0 = zb[y0 + r];
          const v1 = zb[y1 + r];
          s00 += u0 * v0;
          s01 += u0 * v1;
          s10 += u1 * v0;
          s11 += u1 * v1;
        }
        const c = a * q + b;
        acc[c] += s00;
        acc[c + 1] += s01;
        acc[c + q] += s10;
        acc[c + q + 1] += s11;
      }
    }
  }
  const S = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      S[a * p + b] = acc[a * q + b];
      S[b * p + a] = acc[a * q + b];
    }
  }
  if (!S.every(Number.isFinite)) throw overflowError(X, S);
  return S;
}

/**
 * The error for a scatter matrix with an entry beyond the float range, naming the columns whose sums of squares
 * overflowed (by Cauchy-Schwarz an overflowing product sum has one; the pair is named should rounding leave none).
 */
function overflowError(X: FeatureMatrix, S: Float64Array): InvalidArgumentError {
  const { p } = X;
  const wide: string[] = [];
  for (let j = 0; j < p; j++) if (!Number.isFinite(S[j * p + j])) wide.push(`'${X.names[j]}'`);
  if (wide.length === 0) {
    const k = S.findIndex((v) => !Number.isFinite(v));
    wide.push(`'${X.names[Math.floor(k / p)]}'`, `'${X.names[k % p]}'`);
  }
  return new InvalidArgumentError(
    `scatterMatrix: the sum over the rows of squared (x - mean) / scale is beyond the float range (about 1.8e308) ` +
      `for column${wide.length > 1 ? 's' : ''} ${wide.join(', ')}; divide by a larger scale or rescale the data`,
  );
}

/** The error for the value at `k` whose centred, scaled value is not finite: NaN or infinite, or too far out. */
function badValue(X: FeatureMatrix, k: number, mean: number, scale: number): InvalidArgumentError {
  const v = X.data[k];
  if (v - v !== 0) return badCellError(X, 'scatterMatrix', k);
  const i = Math.floor(k / X.p);
  return new InvalidArgumentError(
    `scatterMatrix: row ${i}, column '${X.names[k - i * X.p]}': (${v} - mean ${mean}) / scale ${scale} is beyond ` +
      `the float range`,
  );
}
