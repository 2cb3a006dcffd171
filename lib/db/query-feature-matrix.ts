import { DataError } from '../core/errors.js';
import { featureMatrix, type FeatureMatrix } from '../features/feature-matrix.js';
import type { Database } from './database.js';

/**
 * Runs a parameterized query and reads the columns `names` of its rows into a FeatureMatrix (row
 * order = the query's ORDER BY); NULL becomes NaN.
 *
 * @param names the result columns to read, in matrix order (default: every column of the result).
 * @throws DataError when a named column is not in the result or a value is not a number.
 */
export async function queryFeatureMatrix(
  db: Database,
  sql: string,
  params: readonly unknown[] = [],
  names?: readonly string[],
): Promise<FeatureMatrix> {
  const r = await db.query<Record<string, unknown>>(sql, params);
  const have = r.fields.map((f) => f.name);
  const cols = names ? [...names] : have;
  for (const c of cols)
    if (!have.includes(c)) throw new DataError(`query result has no column '${c}' (has: ${have.join(', ')})`);
  const n = r.rows.length;
  const p = cols.length;
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = r.rows[i];
    for (let j = 0; j < p; j++) {
      const v = row[cols[j]];
      if (v === null) data[i * p + j] = NaN;
      else if (typeof v === 'number') data[i * p + j] = v;
      else if (typeof v === 'boolean') data[i * p + j] = v ? 1 : 0;
      else {
        const x = typeof v === 'string' ? Number(v) : NaN;
        if (Number.isNaN(x))
          throw new DataError(`query result row ${i}, column '${cols[j]}': ${JSON.stringify(v)} is not a number`);
        data[i * p + j] = x;
      }
    }
  }
  return featureMatrix(data, n, p, cols);
}
