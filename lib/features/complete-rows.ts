import type { FeatureMatrix } from './feature-matrix.js';

/**
 * Indices of the rows of X with no missing value (no NaN in any column), in row order: pass them to
 * `takeMatrixRows` (and to `ColumnarDataset.take` for the rows' labels) for a complete-case analysis.
 */
export function completeRows(X: FeatureMatrix): Int32Array {
  const { n, p, data } = X;
  const keep = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = i * p, end = j + p; j < end; j++) {
      if (Number.isNaN(data[j])) {
        ok = false;
        break;
      }
    }
    if (ok) keep[m++] = i;
  }
  return keep.slice(0, m);
}
