/**
 * SQL building blocks of the history features (internal to lib/db): per-group sums over the
 * purchases of one dataset, and the smoothing formulas of lib/features/group-stats.ts written in SQL.
 * Only fixed column names go into the SQL text; the dataset id and priors are parameters
 * ($1 dataset id, $2 prior strength m, $3 size prior strength a).
 */

import { InvalidArgumentError } from '../core/errors.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';
import type { Database } from './database.js';
import { exactText, exactTextSql } from './exact-text.js';
import { queryFeatureMatrix } from './query-feature-matrix.js';
import { quotedValue } from './text-checks.js';

/** The purchases of dataset $1 with the columns the features read. */
export const PURCHASES_CTE = `p AS (
  SELECT row_index, customer_id, article_id, category, size_system, size, fit FROM purchases WHERE dataset_id = $1
)`;

/**
 * A CTE `name` with, per group of `keys` (rows with a NULL key part are in no group), the eight sums
 * of group-stats.ts: rows n, labelled nl, counts c0 c1 c2 (small, fit, large), sized ns, s1 = sum of
 * sizes, s2 = sum of squared sizes.
 */
export function groupSumsCte(name: string, keys: readonly string[]): string {
  const where = keys.length ? `WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}` : '';
  const group = keys.length ? `GROUP BY ${keys.join(', ')}` : '';
  return `${name} AS (
  SELECT ${keys.map((k) => `${k}, `).join('')}
    count(*)::float8 AS n, count(fit)::float8 AS nl,
    (count(*) FILTER (WHERE fit = 'small'))::float8 AS c0,
    (count(*) FILTER (WHERE fit = 'fit'))::float8 AS c1,
    (count(*) FILTER (WHERE fit = 'large'))::float8 AS c2,
    count(size)::float8 AS ns, coalesce(sum(size), 0::float8) AS s1, coalesce(sum(size * size), 0::float8) AS s2
  FROM p ${where} ${group}
)`;
}

const SUMS = ['n', 'nl', 'c0', 'c1', 'c2', 'ns', 's1', 's2'];

/** Join of group CTE `name` as `alias` to the purchase rows `p` (a row outside every group sees no match). */
export function joinGroup(name: string, alias: string, keys: readonly string[]): string {
  if (keys.length === 0) return `CROSS JOIN ${name} ${alias}`;
  return `LEFT JOIN ${name} ${alias} ON ${keys.map((k) => `${alias}.${k} = p.${k}`).join(' AND ')}`;
}

/** The sums of `alias` as columns `alias_n`, `alias_nl`..., 0 where the row has no group. */
export function sumColumns(alias: string): string {
  return SUMS.map((s) => `coalesce(${alias}.${s}, 0::float8) AS ${alias}_${s}`).join(', ');
}

/** smoothedRate: (count_c + m * prior) / (labelled + m), or the prior when labelled + m = 0. */
export function smoothedRateSql(alias: string, c: number, prior: string): string {
  return `CASE WHEN ${alias}_nl + $2::float8 > 0 THEN (${alias}_c${c} + $2::float8 * (${prior})) / (${alias}_nl + $2::float8) ELSE (${prior}) END`;
}

/** rawRate with fallback 1/3: count_c / labelled, or 1/3 when nothing is labelled. */
export function rawRateSql(alias: string, c: number): string {
  return `CASE WHEN ${alias}_nl > 0 THEN ${alias}_c${c} / ${alias}_nl ELSE 1::float8 / 3 END`;
}

/**
 * Columns mu0, var0 (sizeMoments of the system group `sy`), eff and pm, pv (the prior of shrunkSize
 * for group `g`), to select from a relation holding the `sy_*` and `g_*` sums.
 */
export function sizePriorColumns(g: string): string {
  const mu0 = 'CASE WHEN sy_ns > 0 THEN sy_s1 / sy_ns END';
  return `${mu0} AS mu0,
    CASE WHEN sy_ns > 0 THEN greatest(0::float8, sy_s2 / sy_ns - (sy_s1 / sy_ns) * (sy_s1 / sy_ns)) END AS var0,
    CASE WHEN sy_ns > 0 THEN $3::float8 ELSE 0::float8 END AS eff,
    coalesce(${mu0}, CASE WHEN ${g}_ns > 0 THEN ${g}_s1 / ${g}_ns END) AS pm`;
}

/** shrunkSize's mean of group `g` given columns eff and pm: (s1 + eff*pm) / (ns + eff), NULL when ns + eff = 0. */
export function shrunkMeanSql(g: string): string {
  return `CASE WHEN ${g}_ns + eff > 0 THEN (${g}_s1 + eff * pm) / (${g}_ns + eff) END`;
}

/** shrunkSize's spread of group `g` given columns mean, eff and var0. */
export function shrunkSdSql(g: string): string {
  return `CASE WHEN mean IS NOT NULL THEN sqrt((greatest(0::float8, ${g}_s2 - 2 * mean * ${g}_s1 + ${g}_ns * mean * mean) + eff * coalesce(var0, 0::float8)) / (${g}_ns + eff)) END`;
}

/**
 * Runs a feature query of dataset `name` (parameters [dataset id, m, a]) into a FeatureMatrix of the columns `names`.
 * @throws InvalidArgumentError, as the in-memory features do, naming `who`, the dataset, the column `size` and its
 *   largest size with its row and customer when the engine finds a sum or product of sizes beyond the float range
 *   (SQLSTATE 22003: a size about 1e154 or beyond has a square beyond it); any other engine error as it is.
 */
export async function queryGroupFeatures(
  db: Database,
  sql: string,
  params: readonly [number, number, number],
  names: readonly string[],
  name: string,
  who: string,
): Promise<FeatureMatrix> {
  try {
    return await queryFeatureMatrix(db, sql, params, names);
  } catch (e) {
    if ((e as { code?: string } | null)?.code !== '22003') throw e;
    const largest = await db
      .query<{ row_index: number; customer_id: string; size: number; n: number }>(
        `SELECT row_index, ${exactTextSql('customer_id')} AS customer_id, size, count(*) OVER () AS n
         FROM purchases WHERE dataset_id = $1 AND size IS NOT NULL ORDER BY abs(size) DESC, row_index LIMIT 1`,
        [params[0]],
      )
      .then((r) => r.rows[0])
      .catch(() => undefined); // in a transaction the failed query aborted
    const where = `${who}: dataset '${name}', column 'size'`;
    const at =
      largest === undefined
        ? ''
        : ` (up to ${largest.size}, row ${largest.row_index}, customer ${quotedValue(exactText(largest.customer_id)!)})`;
    // Sizes whose squares add up within the float range cannot overflow alone: the priors took part.
    const sizesAlone = largest === undefined || !Number.isFinite(largest.size * largest.size * largest.n);
    throw new InvalidArgumentError(
      sizesAlone
        ? `${where}: the sizes${at} are too large: the sum of their squares is beyond the float range (about 1.8e308)`
        : `${where}: a value computed from the sizes${at} and the priors (priorStrength ${params[1]}, ` +
            `sizePriorStrength ${params[2]}) is beyond the float range (about 1.8e308)`,
    );
  }
}
