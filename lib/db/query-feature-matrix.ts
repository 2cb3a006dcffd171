import { DataError } from '../core/errors.js';
import { featureMatrix, type FeatureMatrix } from '../features/feature-matrix.js';
import type { Database } from './database.js';

/** A decimal number as PostgreSQL writes numeric and float text: sign, digits, a point, an exponent. */
const DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/** `s` as a finite number when it is a decimal number, else NaN (unlike `Number`: '' and ' ' are not 0, '0x10' not 16). */
function parseFiniteDecimal(s: string): number {
  if (!DECIMAL.test(s)) return NaN;
  const x = Number(s);
  return Number.isFinite(x) ? x : NaN;
}

/** `v` for a message: text and numbers as JSON (`"abc"`, `NaN`), a BigInt as `123n`, anything else by its kind. */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return `${v}n (a BigInt)`;
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Runs a parameterized query and reads the columns `names` of its rows into a FeatureMatrix (row
 * order = the query's ORDER BY); NULL becomes NaN. Finite numbers, booleans (1, 0) and text holding a finite
 * decimal number (numeric columns come as text: `12.50`, `-1e-3`) are read.
 *
 * @param names the result columns to read, in matrix order (default: every column of the result).
 * @throws DataError when a named column is not in the result, or naming row (0-based) and column when a
 *   value is not a finite number (float8 `NaN` and infinities, text that is empty, blank, hex, `NaN`, `Infinity` or
 *   too large for a double, a BigInt, a date, an array or an object included).
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
      else if (typeof v === 'boolean') data[i * p + j] = v ? 1 : 0;
      else {
        const x = typeof v === 'number' ? v : typeof v === 'string' ? parseFiniteDecimal(v) : NaN;
        if (!Number.isFinite(x)) {
          throw new DataError(
            `query result row ${i}, column '${cols[j]}': ${describe(v)} is not a finite decimal number`,
          );
        }
        data[i * p + j] = x;
      }
    }
  }
  return featureMatrix(data, n, p, cols);
}
