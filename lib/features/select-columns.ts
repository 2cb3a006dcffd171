import { InvalidArgumentError } from '../core/errors.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';

/**
 * A new matrix with the columns `columns` (names or indices) of X, in that order; all rows kept.
 * @throws InvalidArgumentError when a column is absent or named twice, or no column is given.
 */
export function selectColumns(X: FeatureMatrix, columns: readonly (string | number)[]): FeatureMatrix {
  if (columns.length === 0) throw new InvalidArgumentError('selectColumns: no column given');
  const idx = columns.map((c) => {
    const j = typeof c === 'number' ? c : X.names.indexOf(c);
    if (!(Number.isInteger(j) && j >= 0 && j < X.p))
      throw new InvalidArgumentError(`selectColumns: the matrix has no column ${JSON.stringify(c)}`);
    return j;
  });
  if (new Set(idx).size !== idx.length) throw new InvalidArgumentError('selectColumns: a column is selected twice');
  const { n, p, data } = X;
  const q = idx.length;
  const out = new Float64Array(n * q);
  for (let i = 0; i < n; i++) for (let k = 0; k < q; k++) out[i * q + k] = data[i * p + idx[k]];
  return featureMatrix(
    out,
    n,
    q,
    idx.map((j) => X.names[j]),
  );
}
